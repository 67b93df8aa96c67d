//! State-level checks: Type, allowed fields per query language, Next/End, paths and templates.

use lambdaform_asl::validate::{validate, Problem};
use serde_json::{json, Value};

/// A one-state machine around `state`, named `S`.
fn machine(state: Value) -> Value {
    json!({"StartAt": "S", "States": {"S": state}})
}

fn assert_one(def: Value, pointer: &str, message: &str) {
    let problems = validate(&def);
    assert_eq!(problems.len(), 1, "{problems:#?}");
    let Problem { pointer: p, message: m } = &problems[0];
    assert_eq!(p, pointer, "{m}");
    assert!(m.contains(message), "{m:?} should mention {message:?}");
}

#[test]
fn type_is_required_and_known() {
    assert_one(machine(json!({"End": true})), "/States/S", "'Type' is required");
    assert_one(machine(json!({"Type": "Lambda", "End": true})), "/States/S/Type", "'Lambda' is not a state type");
}

#[test]
fn next_and_end_are_exclusive() {
    let def =
        json!({"StartAt": "S", "States": {"S": {"Type": "Pass", "Next": "T", "End": true}, "T": {"Type": "Succeed"}}});
    assert_one(def, "/States/S", "cannot have both 'Next' and 'End'");
}

#[test]
fn a_flowing_state_needs_next_or_end() {
    let problems = validate(&machine(json!({"Type": "Pass"})));
    assert!(problems
        .iter()
        .any(|p| p.pointer == "/States/S" && p.message == "a Pass state needs 'Next' or \"End\": true"));
}

#[test]
fn end_false_is_not_an_ending() {
    let problems = validate(&machine(json!({"Type": "Pass", "End": false})));
    assert!(problems.iter().any(|p| p.pointer == "/States/S/End" && p.message.contains("must be true")));
}

#[test]
fn terminal_states_take_no_next() {
    assert_one(
        json!({"StartAt": "S", "States": {"S": {"Type": "Succeed", "Next": "S"}}}),
        "/States/S/Next",
        "field 'Next' is not allowed in a Succeed state",
    );
}

#[test]
fn unknown_fields_are_refused() {
    assert_one(machine(json!({"Type": "Pass", "End": true, "Foo": 1})), "/States/S/Foo", "unknown field 'Foo'");
}

#[test]
fn jsonpath_fields_are_refused_under_jsonata() {
    assert_one(
        machine(json!({"Type": "Pass", "QueryLanguage": "JSONata", "Parameters": {}, "End": true})),
        "/States/S/Parameters",
        "field 'Parameters' is not supported when the query language is JSONata",
    );
}

#[test]
fn jsonata_fields_are_refused_under_jsonpath() {
    assert_one(
        machine(json!({"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Arguments": {}, "End": true})),
        "/States/S/Arguments",
        "field 'Arguments' is not supported when the query language is JSONPath",
    );
}

#[test]
fn a_jsonata_machine_cannot_hold_jsonpath_states() {
    let def = json!({"StartAt": "S", "QueryLanguage": "JSONata",
        "States": {"S": {"Type": "Pass", "QueryLanguage": "JSONPath", "End": true}}});
    assert_one(def, "/States/S/QueryLanguage", "cannot use JSONPath when its state machine's QueryLanguage is JSONata");
}

#[test]
fn comment_must_be_a_string() {
    assert_one(
        machine(json!({"Type": "Succeed", "Comment": 3})),
        "/States/S/Comment",
        "must be a string, found an integer",
    );
}

#[test]
fn input_path_must_be_a_jsonpath() {
    assert_one(
        machine(json!({"Type": "Pass", "InputPath": "a.b", "End": true})),
        "/States/S/InputPath",
        "'a.b' is not a valid JSONPath",
    );
}

#[test]
fn result_path_must_be_a_reference_path() {
    assert_one(
        machine(json!({"Type": "Pass", "ResultPath": "$.a[*]", "End": true})),
        "/States/S/ResultPath",
        "must be a reference path",
    );
    assert_one(
        machine(json!({"Type": "Pass", "ResultPath": "$.a[?(@.b == 1)]", "End": true})),
        "/States/S/ResultPath",
        "must be a reference path",
    );
    assert_one(
        machine(json!({"Type": "Pass", "ResultPath": "$$.Execution", "End": true})),
        "/States/S/ResultPath",
        "must start with '$'",
    );
}

#[test]
fn null_paths_are_allowed() {
    let def = machine(json!({"Type": "Pass", "InputPath": null, "ResultPath": null, "OutputPath": null, "End": true}));
    assert_eq!(validate(&def), vec![]);
}

#[test]
fn dollar_keys_must_hold_a_path_or_intrinsic() {
    assert_one(
        machine(json!({"Type": "Pass", "Parameters": {"a": {"b.$": "hello"}}, "End": true})),
        "/States/S/Parameters/a/b.$",
        "'hello' must be a JSONPath starting with '$' or an intrinsic function",
    );
    assert_one(
        machine(json!({"Type": "Pass", "Parameters": {"n.$": 3}, "End": true})),
        "/States/S/Parameters/n.$",
        "must be a string, found an integer",
    );
}

#[test]
fn dollar_keys_in_result_are_literal() {
    let def = machine(json!({"Type": "Pass", "Result": {"x.$": "not a path"}, "End": true}));
    assert_eq!(validate(&def), vec![]);
}

#[test]
fn intrinsic_syntax_and_arity_are_checked() {
    assert_one(
        machine(json!({"Type": "Pass", "Parameters": {"v.$": "States.Format('{} and {}', $.a)"}, "End": true})),
        "/States/S/Parameters/v.$",
        "2 '{}' placeholder(s) but 1 value(s)",
    );
    assert_one(
        machine(json!({"Type": "Pass", "Parameters": {"v.$": "States.ArrayRange(1, 2)"}, "End": true})),
        "/States/S/Parameters/v.$",
        "States.ArrayRange takes 3 argument(s), found 2",
    );
    assert_one(
        machine(json!({"Type": "Pass", "Parameters": {"v.$": "States.Array($.a"}, "End": true})),
        "/States/S/Parameters/v.$",
        "Invalid intrinsic function",
    );
}

#[test]
fn parameters_must_be_an_object() {
    assert_one(
        machine(json!({"Type": "Pass", "Parameters": "x", "End": true})),
        "/States/S/Parameters",
        "must be an object",
    );
}

#[test]
fn assign_variable_names_are_identifiers() {
    assert_one(
        machine(json!({"Type": "Pass", "Assign": {"1st": 1}, "End": true})),
        "/States/S/Assign/1st",
        "variable name '1st' must start with a letter or '_'",
    );
    assert_one(
        machine(json!({"Type": "Pass", "Assign": {"a-b.$": "$.x"}, "End": true})),
        "/States/S/Assign/a-b.$",
        "variable name 'a-b'",
    );
}

#[test]
fn assign_cannot_shadow_states() {
    assert_one(
        machine(json!({"Type": "Pass", "QueryLanguage": "JSONata", "Assign": {"states": 1}, "End": true})),
        "/States/S/Assign/states",
        "variable name 'states' is reserved",
    );
}

#[test]
fn assign_values_are_templates() {
    assert_one(
        machine(json!({"Type": "Pass", "Assign": {"x.$": "$.a b"}, "End": true})),
        "/States/S/Assign/x.$",
        "is not a valid JSONPath",
    );
}

#[test]
fn fail_error_and_error_path_are_exclusive() {
    assert_one(
        machine(json!({"Type": "Fail", "Error": "E", "ErrorPath": "$.e"})),
        "/States/S",
        "Error and ErrorPath cannot both be set",
    );
    assert_one(machine(json!({"Type": "Fail", "CausePath": "cause"})), "/States/S/CausePath", "not a valid JSONPath");
    assert_one(
        machine(json!({"Type": "Fail", "CausePath": "States.Array($.a)"})),
        "/States/S/CausePath",
        "does not yield a string",
    );
    assert_one(
        machine(json!({"Type": "Fail", "ErrorPath": "$.errors[*]"})),
        "/States/S/ErrorPath",
        "must be a reference path",
    );
    let ok = machine(json!({"Type": "Fail", "ErrorPath": "$err", "CausePath": "States.Format('{}', $.c)"}));
    assert_eq!(validate(&ok), vec![]);
}

#[test]
fn a_field_and_its_dollar_twin_collide() {
    assert_one(
        machine(json!({"Type": "Pass", "Parameters": {"a": 1, "a.$": "$.b"}, "End": true})),
        "/States/S/Parameters/a.$",
        "'a' is also set",
    );
}
