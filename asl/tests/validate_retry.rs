//! Retry and Catch: ErrorEquals, States.ALL placement, retry bounds, catcher fields.

use lambdaform_asl::validate::validate;
use serde_json::{json, Value};

fn task_with(field: &str, rules: Value) -> Value {
    json!({"StartAt": "T", "States": {
        "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true, field: rules},
        "H": {"Type": "Succeed"}}})
}

fn assert_one(def: Value, pointer: &str, message: &str) {
    let problems = validate(&def);
    let relevant: Vec<_> = problems.iter().filter(|p| p.pointer != "/States/H").collect();
    assert_eq!(relevant.len(), 1, "{problems:#?}");
    assert_eq!(relevant[0].pointer, pointer, "{}", relevant[0].message);
    assert!(relevant[0].message.contains(message), "{:?} should mention {message:?}", relevant[0].message);
}

#[test]
fn well_formed_retriers_pass() {
    let def = task_with(
        "Retry",
        json!([
        {"ErrorEquals": ["States.Timeout", "Custom"], "IntervalSeconds": 1, "MaxAttempts": 0, "BackoffRate": 1.0,
         "MaxDelaySeconds": 60, "JitterStrategy": "FULL"},
        {"ErrorEquals": ["States.ALL"]}]),
    );
    let problems = validate(&def);
    // H exists for the catchers of the other tests; nothing here moves to it.
    assert!(problems.iter().all(|p| p.pointer == "/States/H"), "{problems:#?}");
}

#[test]
fn states_all_must_be_alone() {
    assert_one(
        task_with("Retry", json!([{"ErrorEquals": ["States.ALL", "X"]}])),
        "/States/T/Retry/0/ErrorEquals/0",
        "States.ALL must be the only error in its ErrorEquals",
    );
}

#[test]
fn states_all_must_be_last() {
    assert_one(
        task_with("Retry", json!([{"ErrorEquals": ["States.ALL"]}, {"ErrorEquals": ["X"]}])),
        "/States/T/Retry/0/ErrorEquals",
        "States.ALL must appear only in the last rule",
    );
}

#[test]
fn error_equals_is_required_and_not_empty() {
    assert_one(task_with("Retry", json!([{"MaxAttempts": 1}])), "/States/T/Retry/0", "'ErrorEquals' is required");
    assert_one(task_with("Retry", json!([{"ErrorEquals": []}])), "/States/T/Retry/0/ErrorEquals", "at least one error");
}

#[test]
fn reserved_error_names_must_be_predefined() {
    assert_one(
        task_with("Retry", json!([{"ErrorEquals": ["States.Oops"]}])),
        "/States/T/Retry/0/ErrorEquals/0",
        "'States.Oops' is not a predefined error",
    );
}

#[test]
fn retry_bounds() {
    for (field, value, message) in [
        ("BackoffRate", json!(0.5), "must be at least 1, found 0.5"),
        ("MaxAttempts", json!(-1), "must be between 0 and 99999999"),
        ("IntervalSeconds", json!(0), "must be between 1 and 99999999"),
        ("MaxDelaySeconds", json!(31_622_401), "must be between 1 and 31622400"),
        ("JitterStrategy", json!("HALF"), "must be FULL or NONE"),
    ] {
        let mut rule = json!({"ErrorEquals": ["X"]});
        rule[field] = value;
        assert_one(task_with("Retry", json!([rule])), &format!("/States/T/Retry/0/{field}"), message);
    }
}

#[test]
fn catchers_need_next_and_a_real_target() {
    assert_one(task_with("Catch", json!([{"ErrorEquals": ["X"]}])), "/States/T/Catch/0", "a catcher needs 'Next'");
    assert_one(
        task_with("Catch", json!([{"ErrorEquals": ["X"], "Next": "Nope"}])),
        "/States/T/Catch/0/Next",
        "'Nope' is not a state in this machine",
    );
}

#[test]
fn catcher_result_path_is_a_reference_path() {
    assert_one(
        task_with("Catch", json!([{"ErrorEquals": ["X"], "Next": "H", "ResultPath": "$.e[*]"}])),
        "/States/T/Catch/0/ResultPath",
        "must be a reference path",
    );
}

#[test]
fn catcher_fields_follow_the_query_language() {
    assert_one(
        task_with("Catch", json!([{"ErrorEquals": ["X"], "Next": "H", "Output": {}}])),
        "/States/T/Catch/0/Output",
        "not supported in a catcher when the query language is JSONPath",
    );
}
