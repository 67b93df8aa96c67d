//! The public API as other crates use it: bindings, reuse across threads, limits, AWS functions.

use std::time::{Duration, Instant};

use lambdaform_jsonata::{evaluate, Bindings, Expression, JsonataError};
use serde_json::json;

#[test]
fn states_binding_and_undefined_results() {
    let mut b = Bindings::new();
    b.set("states", json!({"input": {"n": 2}}));
    assert_eq!(b.get("states").map(|s| s["input"]["n"].clone()), Some(json!(2)));
    assert_eq!(evaluate("$states.input.n * 21", None, &b).unwrap(), Some(json!(42)));
    assert_eq!(evaluate("$states.input.missing", None, &b).unwrap(), None);
    assert_eq!(evaluate("$", None, &b).unwrap(), None);
}

#[test]
fn integral_results_serialize_as_integers() {
    let v = evaluate("1.5 * 2", None, &Bindings::new()).unwrap().unwrap();
    assert_eq!(v.to_string(), "3");
    let v = evaluate("$sum([0.1, 0.2])", None, &Bindings::new()).unwrap().unwrap();
    assert!((v.as_f64().unwrap() - 0.3).abs() < 1e-12);
}

#[test]
fn expressions_are_reusable_across_threads() {
    fn assert_send_sync<T: Send + Sync>(_: &T) {}
    let e = Expression::parse("$count(items)").unwrap();
    assert_send_sync(&e);
    std::thread::scope(|s| {
        for n in 0..4 {
            let e = &e;
            s.spawn(move || {
                let input = json!({"items": vec![0; n]});
                assert_eq!(e.evaluate(Some(&input), &Bindings::new()).unwrap(), Some(json!(n)));
            });
        }
    });
}

#[test]
fn errors_have_codes_positions_and_messages() {
    let err: JsonataError = evaluate("1 + 'a'", None, &Bindings::new()).unwrap_err();
    assert_eq!(err.code, "T2002");
    assert_eq!(err.position, Some(2));
    assert!(err.to_string().contains("T2002"));
    assert_eq!(Expression::parse("(1").unwrap_err().code, "S0203");
}

#[test]
fn runaway_recursion_stops_with_u1001() {
    let deep = Bindings::new().with_limits(200, Duration::from_secs(5));
    let err = evaluate("($f := function($n){ 1 + $f($n + 1) }; $f(0))", None, &deep).unwrap_err();
    assert_eq!(err.code, "U1001");

    let quick = Bindings::new().with_limits(10_000, Duration::from_millis(200));
    let started = Instant::now();
    let err = evaluate("($loop := function(){ $loop() }; $loop())", None, &quick).unwrap_err();
    assert_eq!(err.code, "U1001");
    println!("infinite tail loop stopped after {:?}", started.elapsed());
}

#[test]
fn deep_recursion_with_default_limits_does_not_overflow_the_stack() {
    let src = "($f := function($n){ $n = 0 ? 0 : 1 + $f($n - 1) }; $f(3000))";
    assert_eq!(evaluate(src, None, &Bindings::new()).unwrap(), Some(json!(3000)));
    let err = evaluate("($f := function($n){ 1 + $f($n) }; $f(0))", None, &Bindings::new()).unwrap_err();
    assert_eq!(err.code, "U1001");
}

#[test]
fn deeply_nested_values_neither_overflow_nor_escape() {
    let b = Bindings::new();
    let nest = "$reduce([1..20000], function($a, $v){ {'a': $a} }, {})";
    assert_eq!(evaluate(&format!("$count({nest})"), None, &b).unwrap(), Some(json!(1)));
    assert_eq!(evaluate(&format!("$length($string({nest})) > 20000"), None, &b).unwrap(), Some(json!(true)));
    assert_eq!(evaluate(nest, None, &b).unwrap_err().code, "U1001");
}

#[test]
fn aws_functions() {
    let b = Bindings::new();
    let eval = |src: &str| evaluate(src, None, &b).unwrap();
    assert_eq!(eval("$partition([1,2,3,4,5], 2)"), Some(json!([[1, 2], [3, 4], [5]])));
    assert_eq!(eval("$range(0, 10, 2)"), Some(json!([0, 2, 4, 6, 8, 10])));
    assert_eq!(eval("$range(3, 1, -1)"), Some(json!([3, 2, 1])));
    assert_eq!(eval("$range(1, 9, 9)"), Some(json!(1)));
    assert_eq!(eval("$partition([0], 1)"), Some(json!([[0]])));
    assert_eq!(eval("$hash('input data', 'SHA-1')"), Some(json!("aaff4a450a104cd177d28d18d74485e8cae074b7")));
    assert_eq!(eval("$parse('{\"a\": [1, true]}')"), Some(json!({"a": [1, true]})));
    assert_eq!(eval("$random(7) = $random(7)"), Some(json!(true)));
    let uuid = eval("$uuid()").unwrap();
    let uuid = uuid.as_str().unwrap();
    assert_eq!(uuid.len(), 36);
    assert_eq!(&uuid[14..15], "4");
    assert_eq!(evaluate("$eval('1')", None, &b).unwrap_err().code, "T1006");
}
