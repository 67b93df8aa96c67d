//! Runs the jsonata-js 2.2.2 reference suite and compares against `known-failures.txt`.

use std::collections::{BTreeMap, HashMap};
use std::time::Duration;

use lambdaform_jsonata::{Bindings, Expression, Value};

const SUITE: &str = include_str!("data/jsonata-suite.json");
const KNOWN: &str = include_str!("data/known-failures.txt");

/// serde_json refuses lone UTF-16 surrogates (`"\ud800"`), which two cases use on purpose;
/// they become U+FFFD here and are listed as known failures.
fn without_lone_surrogates(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("\\ud") {
        out.push_str(&rest[..i]);
        let esc = &rest[i..];
        let unit = u32::from_str_radix(esc.get(2..6).unwrap_or(""), 16).unwrap_or(0);
        let high = (0xD800..0xDC00).contains(&unit);
        let low = (0xDC00..0xE000).contains(&unit);
        let paired_next = esc.get(6..8) == Some("\\u")
            && u32::from_str_radix(esc.get(8..12).unwrap_or(""), 16).is_ok_and(|n| (0xDC00..0xE000).contains(&n));
        if high && paired_next {
            out.push_str(&esc[..12]);
            rest = &esc[12..];
        } else if high || low {
            out.push_str("\\ufffd");
            rest = &esc[6..];
        } else {
            out.push_str(&esc[..3]);
            rest = &esc[3..];
        }
    }
    out.push_str(rest);
    out
}

fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        // jsonata-js's own suite expects sums such as 90.57 where IEEE arithmetic gives
        // 90.57000000000001: numbers agree when equal to 15 significant digits.
        (Value::Number(x), Value::Number(y)) => match (x.as_f64(), y.as_f64()) {
            (Some(p), Some(q)) => p == q || format!("{p:.14e}") == format!("{q:.14e}"),
            _ => false,
        },
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same(p, q)),
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

fn same_unordered(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            let mut used = vec![false; y.len()];
            x.iter().all(|p| {
                let hit = y.iter().enumerate().position(|(i, q)| !used[i] && same(p, q));
                hit.map(|i| used[i] = true).is_some()
            })
        }
        _ => same(a, b),
    }
}

/// Runs one case; `Err` holds why it failed.
fn run(case: &Value, datasets: &Value) -> Result<(), String> {
    let expr = case["expr"].as_str().unwrap_or_default();
    let input = match (case.get("data"), case.get("dataset").and_then(Value::as_str)) {
        (Some(d), _) => Some(d.clone()),
        (None, Some(name)) => datasets.get(name).cloned(),
        _ => None,
    };
    let mut bindings = Bindings::new();
    if let Some(b) = case["bindings"].as_object() {
        for (k, v) in b {
            bindings.set(k, v.clone());
        }
    }
    let time_ms = case["timelimit"].as_u64().unwrap_or(5_000);
    let depth = case["depth"].as_u64().unwrap_or(10_000) as usize;
    let bindings = bindings.with_limits(depth, Duration::from_millis(time_ms));
    let expected_code = case["code"].as_str().or_else(|| case["error"]["code"].as_str());
    let outcome = Expression::parse(expr).and_then(|e| e.evaluate(input.as_ref(), &bindings));
    match (outcome, expected_code) {
        (Err(e), Some(code)) if e.code == code => Ok(()),
        (Err(e), Some(code)) => Err(format!("expected error {code}, got {} {}", e.code, e.message)),
        (Ok(v), Some(code)) => Err(format!("expected error {code}, got {v:?}")),
        (Err(e), None) => Err(format!("unexpected error {e}")),
        (Ok(got), None) => {
            if case["undefinedResult"].as_bool() == Some(true) {
                return match got {
                    None => Ok(()),
                    Some(v) => Err(format!("expected undefined, got {v}")),
                };
            }
            let want = case.get("result").ok_or("case has no expectation")?;
            let got = got.ok_or_else(|| format!("expected {want}, got undefined"))?;
            let ok =
                if case["unordered"].as_bool() == Some(true) { same_unordered(&got, want) } else { same(&got, want) };
            if ok {
                Ok(())
            } else {
                Err(format!("expected {want}, got {got}"))
            }
        }
    }
}

#[test]
fn reference_suite() {
    let suite: Value = serde_json::from_str(&without_lone_surrogates(SUITE)).expect("suite parses");
    let known: HashMap<&str, &str> = KNOWN
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with("//"))
        .map(|l| l.split_once(" # ").map(|(id, why)| (id.trim(), why.trim())).unwrap_or((l.trim(), "")))
        .collect();
    let cases = suite["cases"].as_array().expect("cases");
    let mut groups: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let (mut passed, mut regressions, mut fixed) = (0, Vec::new(), Vec::new());
    for case in cases {
        let id = case["id"].as_str().unwrap_or_default();
        let group = id.split('/').next().unwrap_or(id).to_string();
        let datasets = &suite["datasets"];
        let result = std::panic::catch_unwind(|| run(case, datasets)).unwrap_or_else(|_| Err("panicked".into()));
        let entry = groups.entry(group).or_default();
        entry.1 += 1;
        match result {
            Ok(()) => {
                passed += 1;
                entry.0 += 1;
                if known.contains_key(id) {
                    fixed.push(id.to_string());
                }
            }
            Err(why) => {
                if !known.contains_key(id) {
                    regressions.push(format!("{id}: {} => {why}", case["expr"].as_str().unwrap_or_default()));
                }
            }
        }
    }
    for (g, (p, t)) in &groups {
        println!("{g:40} {p:4}/{t:<4} {:6.1}%", 100.0 * *p as f64 / *t as f64);
    }
    println!(
        "TOTAL {passed}/{} = {:.1}% (known failures listed: {})",
        cases.len(),
        100.0 * passed as f64 / cases.len() as f64,
        known.len()
    );
    for f in &fixed {
        println!("now passing, remove from known-failures.txt: {f}");
    }
    for r in &regressions {
        println!("FAIL {r}");
    }
    assert!(regressions.is_empty(), "{} cases fail that are not in known-failures.txt", regressions.len());
}
