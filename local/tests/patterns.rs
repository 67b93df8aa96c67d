//! Content filtering on whole events, as EventBridge patterns use it: nested fields, arrays, `$or`, `null`,
//! `anything-but` with a prefix, `numeric`, `exists` on nested fields, and the errors of bad patterns.

use lambdaform_local::pattern::Pattern;
use serde_json::{json, Value};

fn matches(pattern: Value, event: Value) -> bool {
    Pattern::parse(&pattern).unwrap().matches(&event)
}

fn event() -> Value {
    json!({"source": "shop", "detail-type": "OrderPlaced",
        "detail": {"amount": 250, "currency": "EUR", "tags": ["gift", "express"], "note": null,
            "customer": {"tier": "gold", "country": "NL"}}})
}

#[test]
fn nested_fields_arrays_and_alternatives() {
    assert!(matches(json!({"source": ["shop"], "detail": {"customer": {"tier": ["gold", "silver"]}}}), event()));
    assert!(!matches(json!({"detail": {"customer": {"tier": ["bronze"]}}}), event()));
    assert!(matches(json!({"detail": {"tags": ["express"]}}), event()), "any element of an array");
    assert!(matches(json!({"detail": {"note": [null]}}), event()));
    assert!(matches(json!({"$or": [{"source": ["other"]}, {"detail": {"currency": ["EUR"]}}]}), event()));
    assert!(!matches(json!({"$or": [{"source": ["other"]}, {"detail": {"currency": ["USD"]}}]}), event()));
}

#[test]
fn operators() {
    assert!(matches(json!({"detail": {"amount": [{"numeric": [">", 100, "<=", 250]}]}}), event()));
    assert!(!matches(json!({"detail": {"amount": [{"numeric": ["<", 100]}]}}), event()));
    assert!(matches(json!({"detail": {"currency": [{"anything-but": {"prefix": "US"}}]}}), event()));
    assert!(
        !matches(json!({"detail": {"tags": [{"anything-but": ["gift"]}]}}), event()),
        "an excluded element excludes"
    );
    assert!(matches(json!({"detail": {"customer": {"country": [{"equals-ignore-case": "nl"}]}}}), event()));
    assert!(matches(json!({"detail-type": [{"suffix": "Placed"}]}), event()));
    assert!(matches(json!({"detail": {"coupon": [{"exists": false}]}}), event()));
    assert!(!matches(json!({"detail": {"coupon": [{"exists": true}]}}), event()));
    assert!(matches(json!({"detail": {"customer": {"tier": [{"exists": true}]}}}), event()));
    assert!(
        !matches(json!({"detail": {"coupon": [{"anything-but": "x"}]}}), event()),
        "absent matches only exists:false"
    );
    assert!(matches(json!({"detail": {"amount": [250.0]}}), event()), "numbers compare by value");
    assert!(!matches(json!({"detail": {"amount": ["250"]}}), event()), "a string is not a number");
}

#[test]
fn bad_patterns_name_the_spot() {
    let err = |p: Value| Pattern::parse(&p).unwrap_err().to_string();
    assert_eq!(
        err(json!({"detail": {"amount": [{"numeric": [">", "x"]}]}})),
        "/detail/amount/0/numeric/1: must be a number"
    );
    assert!(err(json!({"source": "shop"})).starts_with("/source: each key must map"));
    assert!(err(json!({"source": [{"wildcard": "*"}]}))
        .starts_with("/source/0/wildcard: `wildcard` is not a filter operator"));
    assert!(err(json!({"source": []})).starts_with("/source: an empty list"));
    assert!(err(json!({"$or": [{"a": ["b"]}]})).starts_with("/$or: `$or` needs at least two"));
    assert!(err(json!({"a": [{"prefix": "x", "suffix": "y"}]}))
        .starts_with("/a/0: a condition object has exactly one operator"));
}
