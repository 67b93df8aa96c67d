//! Wait states: exactly one duration field, RFC 3339 timestamps, reference paths.

use lambdaform_asl::validate::validate;
use serde_json::{json, Value};

fn wait(fields: Value) -> Value {
    let mut state = json!({"Type": "Wait", "End": true});
    state.as_object_mut().unwrap().extend(fields.as_object().unwrap().clone());
    json!({"StartAt": "W", "States": {"W": state}})
}

fn assert_one(def: Value, pointer: &str, message: &str) {
    let problems = validate(&def);
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert_eq!(problems[0].pointer, pointer, "{}", problems[0].message);
    assert!(problems[0].message.contains(message), "{:?} should mention {message:?}", problems[0].message);
}

#[test]
fn exactly_one_duration() {
    assert_one(
        wait(json!({})),
        "/States/W",
        "exactly one of Seconds, Timestamp, SecondsPath, TimestampPath; found none",
    );
    assert_one(wait(json!({"Seconds": 1, "SecondsPath": "$.s"})), "/States/W", "found Seconds, SecondsPath");
}

#[test]
fn timestamps_are_rfc3339() {
    assert_eq!(validate(&wait(json!({"Timestamp": "2016-03-14T01:59:00Z"}))), vec![]);
    assert_one(wait(json!({"Timestamp": "2016-12-05 21:29:29Z"})), "/States/W/Timestamp", "RFC 3339");
    assert_one(wait(json!({"Timestamp": "2016-12-05T21:29:29"})), "/States/W/Timestamp", "must end with a time zone");
    assert_one(wait(json!({"Timestamp": "2016-02-30T21:29:29Z"})), "/States/W/Timestamp", "invalid date");
}

#[test]
fn jsonata_braces_are_literal_text_under_jsonpath() {
    assert_one(wait(json!({"Timestamp": "{% '2016-03-14T01:59:00Z' %}"})), "/States/W/Timestamp", "RFC 3339");
}

#[test]
fn seconds_is_a_non_negative_integer() {
    assert_one(wait(json!({"Seconds": "10"})), "/States/W/Seconds", "must be an integer, found a string");
}

#[test]
fn paths_are_reference_paths() {
    assert_one(wait(json!({"TimestampPath": "$.t[*]"})), "/States/W/TimestampPath", "must be a reference path");
}

#[test]
fn jsonata_waits_take_expressions() {
    let def = json!({"StartAt": "W", "QueryLanguage": "JSONata", "States": {"W": {"Type": "Wait", "End": true,
        "Timestamp": "{% $states.input.at %}"}}});
    assert_eq!(validate(&def), vec![]);
    let def = json!({"StartAt": "W", "QueryLanguage": "JSONata", "States": {"W": {"Type": "Wait", "End": true,
        "SecondsPath": "$.s"}}});
    assert_one(def, "/States/W/SecondsPath", "give Seconds a '{% … %}' expression instead");
}
