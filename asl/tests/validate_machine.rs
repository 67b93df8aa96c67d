//! Machine-level checks: required fields, StartAt, transitions, reachability, terminal states,
//! state names, top-level settings, definition size; and that every problem is reported at once.

use lambdaform_asl::validate::{validate, Problem};
use serde_json::{json, Value};

fn one(def: Value) -> Problem {
    let problems = validate(&def);
    assert_eq!(problems.len(), 1, "{problems:#?}");
    problems.into_iter().next().unwrap()
}

fn assert_one(def: Value, pointer: &str, message: &str) {
    let p = one(def);
    assert_eq!(p.pointer, pointer, "{p:?}");
    assert!(p.message.contains(message), "{p:?} should mention {message:?}");
}

#[test]
fn a_minimal_machine_is_valid() {
    assert_eq!(validate(&json!({"StartAt": "A", "States": {"A": {"Type": "Succeed"}}})), vec![]);
}

#[test]
fn definition_must_be_an_object() {
    assert_one(json!([1]), "", "must be an object, found an array");
}

#[test]
fn states_is_required() {
    assert_one(json!({"StartAt": "A"}), "", "'States' is required");
}

#[test]
fn start_at_is_required() {
    assert_one(json!({"States": {"A": {"Type": "Succeed"}}}), "", "'StartAt' is required");
}

#[test]
fn start_at_must_name_a_state() {
    assert_one(
        json!({"StartAt": "B", "States": {"A": {"Type": "Succeed"}}}),
        "/StartAt",
        "StartAt names 'B', which is not a state",
    );
}

#[test]
fn next_must_name_a_state() {
    let problems = validate(&json!({"StartAt": "A", "States": {
        "A": {"Type": "Pass", "Next": "Missing"}, "B": {"Type": "Succeed"}}}));
    assert!(problems.contains(&Problem {
        pointer: "/States/A/Next".into(),
        message: "'Missing' is not a state in this machine".into()
    }));
}

#[test]
fn unreachable_states_are_reported() {
    assert_one(
        json!({"StartAt": "A", "States": {"A": {"Type": "Succeed"}, "Orphan": {"Type": "Succeed"}}}),
        "/States/Orphan",
        "state 'Orphan' can never be reached from StartAt",
    );
}

#[test]
fn reachability_follows_choices_catchers_and_defaults() {
    let def = json!({"StartAt": "C", "States": {
        "C": {"Type": "Choice", "Choices": [{"Variable": "$.x", "IsPresent": true, "Next": "T"}], "Default": "D"},
        "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "F"}], "End": true},
        "D": {"Type": "Succeed"},
        "F": {"Type": "Fail"}}});
    assert_eq!(validate(&def), vec![]);
}

#[test]
fn a_machine_needs_a_terminal_state() {
    assert_one(
        json!({"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Pass", "Next": "A"}}}),
        "/States",
        "no state ends the execution",
    );
}

#[test]
fn state_names_are_at_most_80_characters() {
    let long = "x".repeat(81);
    assert_one(
        json!({"StartAt": long, "States": {long.clone(): {"Type": "Succeed"}}}),
        &format!("/States/{long}"),
        "longer than 80 characters",
    );
}

#[test]
fn state_names_are_unique_across_nested_machines() {
    let def = json!({"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true,
        "Branches": [{"StartAt": "P", "States": {"P": {"Type": "Succeed"}}}]}}});
    assert_one(def, "/States/P/Branches/0/States/P", "state name 'P' is already used at /States/P");
}

#[test]
fn pointers_escape_slash_and_tilde() {
    assert_one(
        json!({"StartAt": "a/b", "States": {"a/b": {"Type": "Succeed"}, "c~d": {"Type": "Succeed"}}}),
        "/States/c~0d",
        "can never be reached",
    );
}

#[test]
fn top_level_fields_are_checked() {
    let def = json!({"StartAt": "A", "Version": "2.0", "TimeoutSeconds": 0, "QueryLanguage": "XPath",
        "Extra": 1, "States": {"A": {"Type": "Succeed"}}});
    let got: Vec<(String, String)> = validate(&def).into_iter().map(|p| (p.pointer, p.message)).collect();
    assert_eq!(
        got,
        vec![
            ("/Extra".into(), "unknown field 'Extra' here".into()),
            ("/QueryLanguage".into(), "must be JSONPath or JSONata, found 'XPath'".into()),
            ("/TimeoutSeconds".into(), "must be between 1 and 99999999, found 0".into()),
            ("/Version".into(), "the only ASL version is \"1.0\"".into()),
        ]
    );
}

#[test]
fn definitions_over_one_megabyte_are_refused() {
    let big = "x".repeat(1_048_576);
    assert_one(
        json!({"StartAt": "A", "States": {"A": {"Type": "Pass", "Result": big, "End": true}}}),
        "",
        "AWS accepts at most 1048576",
    );
}

#[test]
fn every_problem_is_reported_sorted_by_pointer() {
    let def = json!({"StartAt": "A", "States": {
        "A": {"Type": "Pass", "Next": "Z", "End": true},
        "B": {"Type": "Wait", "End": true},
        "C": {"Type": "Nope"}}});
    let pointers: Vec<String> = validate(&def).into_iter().map(|p| p.pointer).collect();
    assert_eq!(pointers, vec!["/States/A", "/States/A/Next", "/States/B", "/States/B", "/States/C", "/States/C/Type"]);
}
