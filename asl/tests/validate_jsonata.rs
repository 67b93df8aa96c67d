//! JSONata states: `{% %}` syntax through lambdaform-jsonata's parser, `.$` keys, Output/Arguments.

use lambdaform_asl::validate::validate;
use serde_json::{json, Value};

fn pass(fields: Value) -> Value {
    let mut state = json!({"Type": "Pass", "End": true});
    state.as_object_mut().unwrap().extend(fields.as_object().unwrap().clone());
    json!({"StartAt": "S", "QueryLanguage": "JSONata", "States": {"S": state}})
}

fn assert_one(def: Value, pointer: &str, message: &str) {
    let problems = validate(&def);
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert_eq!(problems[0].pointer, pointer, "{}", problems[0].message);
    assert!(problems[0].message.contains(message), "{:?} should mention {message:?}", problems[0].message);
}

#[test]
fn valid_expressions_pass() {
    let def = pass(json!({"Output": {"total": "{% $sum($states.input.items.price) %}", "n": 1},
        "Assign": {"seen": "{% $count($states.input.items) %}"}}));
    assert_eq!(validate(&def), vec![]);
}

#[test]
fn syntax_errors_are_reported_with_the_parser_code() {
    assert_one(
        pass(json!({"Output": {"x": "{% $states.input.( %}"}})),
        "/States/S/Output/x",
        "invalid JSONata expression: S0",
    );
}

#[test]
fn unclosed_expressions_are_reported() {
    assert_one(pass(json!({"Output": "{% $states.input"})), "/States/S/Output", "must end with '%}'");
}

#[test]
fn empty_expressions_are_reported() {
    assert_one(pass(json!({"Output": "{%  %}"})), "/States/S/Output", "empty JSONata expression");
}

#[test]
fn dollar_keys_are_jsonpath_syntax() {
    assert_one(
        pass(json!({"Output": {"a.$": "$.b"}})),
        "/States/S/Output/a.$",
        "field names ending in '.$' are JSONPath syntax",
    );
}

#[test]
fn expressions_in_jsonpath_states_are_plain_strings() {
    let def = json!({"StartAt": "S", "States": {"S": {"Type": "Pass", "Result": "{% not parsed ( %}", "End": true}}});
    assert_eq!(validate(&def), vec![]);
}

#[test]
fn arguments_are_an_object_or_expression() {
    let def = |args: Value| {
        json!({"StartAt": "T", "QueryLanguage": "JSONata", "States": {"T": {"Type": "Task",
            "Resource": "arn:aws:states:::lambda:invoke", "Arguments": args, "End": true}}})
    };
    assert_eq!(validate(&def(json!("{% $states.input %}"))), vec![]);
    assert_one(def(json!(5)), "/States/T/Arguments", "must be an object");
}

#[test]
fn fail_fields_may_be_expressions() {
    let def = json!({"StartAt": "F", "QueryLanguage": "JSONata", "States": {"F": {"Type": "Fail",
        "Error": "{% $states.input.error %}", "Cause": "{% ) %}"}}});
    let problems = validate(&def);
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert_eq!(problems[0].pointer, "/States/F/Cause");
}
