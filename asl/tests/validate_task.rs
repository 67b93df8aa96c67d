//! Task states: resource ARNs and integration patterns, Express limits, timeouts, credentials.

use lambdaform_asl::validate::{validate, validate_with, MachineKind, Options};
use serde_json::{json, Value};

fn task(fields: Value) -> Value {
    let mut state = json!({"Type": "Task", "End": true});
    state.as_object_mut().unwrap().extend(fields.as_object().unwrap().clone());
    json!({"StartAt": "T", "States": {"T": state}})
}

fn assert_one_with(def: Value, options: &Options, pointer: &str, message: &str) {
    let problems = validate_with(&def, options);
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert_eq!(problems[0].pointer, pointer, "{}", problems[0].message);
    assert!(problems[0].message.contains(message), "{:?} should mention {message:?}", problems[0].message);
}

fn assert_one(def: Value, pointer: &str, message: &str) {
    assert_one_with(def, &Options::default(), pointer, message);
}

const EXPRESS: Options = Options { kind: MachineKind::Express, allow_substitutions: false };

#[test]
fn resource_is_required() {
    assert_one(task(json!({})), "/States/T", "'Resource' is required");
}

#[test]
fn unknown_integrations_are_refused() {
    assert_one(
        task(json!({"Resource": "arn:aws:states:::dynamodb:query"})),
        "/States/T/Resource",
        "the resource provided arn:aws:states:::dynamodb:query is not recognized",
    );
    assert_one(task(json!({"Resource": "my-function"})), "/States/T/Resource", "is not an ARN");
}

#[test]
fn unsupported_patterns_are_refused() {
    assert_one(
        task(json!({"Resource": "arn:aws:states:::dynamodb:getItem.waitForTaskToken"})),
        "/States/T/Resource",
        "dynamodb:getItem does not support the '.waitForTaskToken' integration pattern",
    );
}

#[test]
fn express_refuses_sync_callbacks_and_activities() {
    for (arn, why) in [
        ("arn:aws:states:::states:startExecution.sync", "does not support '.sync'"),
        ("arn:aws:states:::states:startExecution.sync:2", "does not support '.sync'"),
        ("arn:aws:states:::lambda:invoke.waitForTaskToken", "does not support '.waitForTaskToken'"),
        ("arn:aws:states:us-east-1:123456789012:activity:a", "do not support activities"),
    ] {
        let def = task(json!({"Resource": arn}));
        assert_eq!(validate(&def), vec![], "{arn} is fine in a Standard machine");
        assert_one_with(def, &EXPRESS, "/States/T/Resource", why);
    }
}

#[test]
fn substitution_placeholders_are_accepted_on_request() {
    let def = task(json!({"Resource": "${CheckFunctionArn}"}));
    assert_one(def.clone(), "/States/T/Resource", "is not an ARN");
    let options = Options { allow_substitutions: true, ..Options::default() };
    assert_eq!(validate_with(&def, &options), vec![]);
}

#[test]
fn heartbeat_must_be_below_timeout() {
    assert_one(
        task(json!({"Resource": "arn:aws:states:::lambda:invoke", "TimeoutSeconds": 10, "HeartbeatSeconds": 10})),
        "/States/T/HeartbeatSeconds",
        "HeartbeatSeconds (10) must be smaller than TimeoutSeconds (10)",
    );
}

#[test]
fn timeouts_are_positive_integers() {
    assert_one(
        task(json!({"Resource": "arn:aws:states:::lambda:invoke", "TimeoutSeconds": 0})),
        "/States/T/TimeoutSeconds",
        "must be between 1 and 99999999, found 0",
    );
    assert_one(
        task(json!({"Resource": "arn:aws:states:::lambda:invoke", "TimeoutSeconds": 1.5})),
        "/States/T/TimeoutSeconds",
        "must be an integer, found a number with a fraction",
    );
}

#[test]
fn timeout_and_timeout_path_are_exclusive() {
    assert_one(
        task(json!({"Resource": "arn:aws:states:::lambda:invoke", "TimeoutSeconds": 5, "TimeoutSecondsPath": "$.t"})),
        "/States/T",
        "TimeoutSeconds and TimeoutSecondsPath cannot both be set",
    );
    assert_one(
        task(json!({"Resource": "arn:aws:states:::lambda:invoke", "HeartbeatSecondsPath": "$.t[0:1]"})),
        "/States/T/HeartbeatSecondsPath",
        "must be a reference path",
    );
}

#[test]
fn credentials_need_a_role() {
    assert_one(
        task(json!({"Resource": "arn:aws:states:::lambda:invoke", "Credentials": {}})),
        "/States/T/Credentials",
        "The field 'RoleArn' is required but was missing",
    );
    let ok = task(json!({"Resource": "arn:aws:states:::lambda:invoke", "Credentials": {"RoleArn.$": "$.role"}}));
    assert_eq!(validate(&ok), vec![]);
}

#[test]
fn jsonata_tasks_take_expressions_for_numbers() {
    let def = json!({"StartAt": "T", "QueryLanguage": "JSONata", "States": {"T": {
        "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true,
        "Arguments": {"FunctionName": "f", "Payload": "{% $states.input %}"},
        "TimeoutSeconds": "{% $states.input.timeout %}"}}});
    assert_eq!(validate(&def), vec![]);
}
