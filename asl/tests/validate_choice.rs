//! Choice rules: one comparison per rule, operand types, paths, combinators, Default, JSONata Condition.

use lambdaform_asl::validate::validate;
use serde_json::{json, Value};

/// A Choice state `C` with `rules`, targets `Yes` and `No`.
fn choice(rules: Value) -> Value {
    json!({"StartAt": "C", "States": {
        "C": {"Type": "Choice", "Choices": rules, "Default": "No"},
        "Yes": {"Type": "Succeed"}, "No": {"Type": "Succeed"}}})
}

fn assert_one(def: Value, pointer: &str, message: &str) {
    let problems = validate(&def);
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert_eq!(problems[0].pointer, pointer, "{}", problems[0].message);
    assert!(problems[0].message.contains(message), "{:?} should mention {message:?}", problems[0].message);
}

/// For problems that also leave a target unreachable: the problem is among those reported.
fn assert_has(def: Value, pointer: &str, message: &str) {
    let problems = validate(&def);
    assert!(
        problems.iter().any(|p| p.pointer == pointer && p.message.contains(message)),
        "{problems:#?} should include {pointer}: {message}"
    );
}

#[test]
fn well_formed_rules_pass() {
    let def = choice(json!([
        {"Variable": "$.a", "StringEquals": "x", "Next": "Yes"},
        {"And": [{"Variable": "$.n", "NumericGreaterThan": 1}, {"Not": {"Variable": "$.b", "IsNull": true}}], "Next": "Yes"},
        {"Variable": "$.t", "TimestampLessThanEqualsPath": "$.limit", "Next": "Yes"},
        {"Variable": "$var", "BooleanEquals": true, "Next": "Yes"}
    ]));
    assert_eq!(validate(&def), vec![]);
}

#[test]
fn choices_must_not_be_empty() {
    assert_has(choice(json!([])), "/States/C/Choices", "needs at least one rule");
}

#[test]
fn a_rule_needs_exactly_one_operator() {
    assert_one(
        choice(json!([{"Variable": "$.a", "StringEquals": "x", "NumericEquals": 1, "Next": "Yes"}])),
        "/States/C/Choices/0",
        "exactly one comparison operator or combinator, found StringEquals, NumericEquals",
    );
    assert_one(choice(json!([{"Variable": "$.a", "Next": "Yes"}])), "/States/C/Choices/0", "needs one comparison");
}

#[test]
fn an_operator_needs_a_variable() {
    assert_one(
        choice(json!([{"StringEquals": "x", "Next": "Yes"}])),
        "/States/C/Choices/0",
        "'StringEquals' needs a 'Variable' to compare",
    );
}

#[test]
fn unknown_operators_are_refused() {
    assert_one(
        choice(json!([{"Variable": "$.a", "StringContains": "x", "Next": "Yes"}])),
        "/States/C/Choices/0/StringContains",
        "unknown field 'StringContains' in a Choice rule",
    );
}

#[test]
fn operand_types_match_the_operator() {
    assert_one(
        choice(json!([{"Variable": "$.a", "NumericEquals": "1", "Next": "Yes"}])),
        "/States/C/Choices/0/NumericEquals",
        "must be a number, found a string",
    );
    assert_one(
        choice(json!([{"Variable": "$.a", "TimestampEquals": "yesterday", "Next": "Yes"}])),
        "/States/C/Choices/0/TimestampEquals",
        "RFC 3339",
    );
    assert_one(
        choice(json!([{"Variable": "$.a", "IsPresent": "yes", "Next": "Yes"}])),
        "/States/C/Choices/0/IsPresent",
        "must be a boolean",
    );
}

#[test]
fn variable_and_path_operands_are_paths() {
    assert_one(
        choice(json!([{"Variable": "a", "IsPresent": true, "Next": "Yes"}])),
        "/States/C/Choices/0/Variable",
        "not a valid JSONPath",
    );
    assert_one(
        choice(json!([{"Variable": "$.a", "StringEqualsPath": "$.b[*]", "Next": "Yes"}])),
        "/States/C/Choices/0/StringEqualsPath",
        "must be a reference path",
    );
}

#[test]
fn top_level_rules_need_next_and_nested_ones_refuse_it() {
    assert_has(
        choice(json!([{"Variable": "$.a", "IsPresent": true}])),
        "/States/C/Choices/0",
        "a Choice rule needs 'Next'",
    );
    assert_one(
        choice(json!([{"Not": {"Variable": "$.a", "IsPresent": true, "Next": "Yes"}, "Next": "Yes"}])),
        "/States/C/Choices/0/Not/Next",
        "belongs on a top-level Choice rule",
    );
}

#[test]
fn combinators_need_rules() {
    assert_one(choice(json!([{"Or": [], "Next": "Yes"}])), "/States/C/Choices/0/Or", "'Or' needs at least one rule");
}

#[test]
fn default_must_exist() {
    let def = json!({"StartAt": "C", "States": {
        "C": {"Type": "Choice", "Choices": [{"Variable": "$.a", "IsPresent": true, "Next": "Yes"}], "Default": "Gone"},
        "Yes": {"Type": "Succeed"}}});
    assert_one(def, "/States/C/Default", "'Gone' is not a state in this machine");
}

#[test]
fn jsonata_rules_use_condition() {
    let def = json!({"StartAt": "C", "QueryLanguage": "JSONata", "States": {
        "C": {"Type": "Choice", "Choices": [{"Variable": "$.a", "IsPresent": true, "Next": "Yes"}], "Default": "Yes"},
        "Yes": {"Type": "Succeed"}}});
    let problems = validate(&def);
    let pointers: Vec<&str> = problems.iter().map(|p| p.pointer.as_str()).collect();
    assert_eq!(pointers, vec!["/States/C/Choices/0", "/States/C/Choices/0/IsPresent", "/States/C/Choices/0/Variable"]);
    assert!(problems[0].message.contains("needs 'Condition'"));
    assert!(problems[2].message.contains("write a 'Condition' instead"));
}

#[test]
fn jsonata_condition_is_boolean_or_expression() {
    let def = |cond: Value| {
        json!({"StartAt": "C", "QueryLanguage": "JSONata", "States": {
            "C": {"Type": "Choice", "Choices": [{"Condition": cond, "Next": "Yes"}]},
            "Yes": {"Type": "Succeed"}}})
    };
    assert_eq!(validate(&def(json!(true))), vec![]);
    assert_eq!(validate(&def(json!("{% $states.input.ok %}"))), vec![]);
    assert_one(def(json!("yes")), "/States/C/Choices/0/Condition", "must be a JSONata expression");
    assert_one(def(json!(1)), "/States/C/Choices/0/Condition", "must be a boolean or a JSONata expression");
}

#[test]
fn jsonata_condition_in_a_jsonpath_rule_is_one_problem() {
    assert_one(
        choice(json!([{"Condition": true, "Next": "Yes"}])),
        "/States/C/Choices/0/Condition",
        "not supported when the query language is JSONPath",
    );
}
