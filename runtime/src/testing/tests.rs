//! The harness on hand-written JSONata definitions (the macro's output is covered by the examples' tests).

use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::{json, Value};

use super::*;

fn task(resource: &str, arguments: Value) -> Value {
    json!({"Type": "Task", "Resource": resource, "Arguments": arguments, "Output": "{% $states.result.Payload %}", "End": true})
}

fn machine(states: Value, start: &str) -> Value {
    json!({"QueryLanguage": "JSONata", "StartAt": start, "States": states})
}

fn invoke(function: &str) -> Value {
    task(
        "arn:aws:states:::lambda:invoke",
        json!({"FunctionName": format!("${{function:{function}}}"), "Payload": "{% $states.input %}"}),
    )
}

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap()
}

#[test]
fn a_mocked_step_is_retried_on_its_error_name() {
    let mut step = invoke("charge");
    step["Retry"] = json!([{"ErrorEquals": ["Busy"], "MaxAttempts": 2, "IntervalSeconds": 5}]);
    let def = machine(json!({"Charge": step}), "Charge");
    let calls = AtomicUsize::new(0);
    let test = AslTest::new("pay", def).without_real_handlers().mock_json("charge", move |input| {
        match calls.fetch_add(1, Ordering::SeqCst) {
            0 => Err(StepFailure { error_type: "Busy".into(), message: "try later".into() }),
            _ => Ok(json!({"paid": input["amount"]})),
        }
    });
    let outcome = rt().block_on(test.run(json!({"amount": 12}))).unwrap();
    assert_eq!(outcome.result, Ok(json!({"paid": 12})));
    assert_eq!(outcome.calls("charge"), 2);
    assert!(outcome.event_types().contains(&"TaskFailed".to_string()));
    // The retry waited five virtual seconds without sleeping.
    let times: Vec<&str> = outcome.history.iter().filter_map(|e| e["timestamp"].as_str()).collect();
    assert_ne!(times.first(), times.last());
}

#[test]
fn an_unmocked_step_fails_like_a_missing_function() {
    let def = machine(json!({"Go": invoke("nowhere")}), "Go");
    let outcome = rt().block_on(AslTest::new("m", def).without_real_handlers().run(json!({}))).unwrap();
    let failed = outcome.result.unwrap_err();
    assert_eq!(failed.error, "Lambda.ResourceNotFoundException");
    assert!(failed.message().contains("no mock for step `nowhere`"), "{failed}");
}

#[test]
fn callbacks_are_answered_by_the_test_or_automatically() {
    let mut wait = task(
        "arn:aws:states:::lambda:invoke.waitForTaskToken",
        json!({"FunctionName": "${function:approve}", "Payload": {"token": "{% $states.context.Task.Token %}"}}),
    );
    wait["Output"] = json!("{% $states.result %}");
    let def = machine(json!({"Approve": wait}), "Approve");
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let seen_in_mock = seen.clone();
    let test = AslTest::new("approval", def.clone()).without_real_handlers().mock_json("approve", move |p| {
        seen_in_mock.lock().unwrap().push(p["token"].as_str().unwrap_or_default().to_string());
        Ok(json!(null))
    });
    let outcome = rt().block_on(async {
        let running = test.start(json!({})).unwrap();
        let callbacks = running.callbacks();
        let answer = async {
            let token = callbacks.next_token().await;
            callbacks.send_success(&token, json!({"approved": true})).unwrap();
            token
        };
        let (outcome, token) = tokio::join!(running.finish(), answer);
        assert_eq!(seen.lock().unwrap().as_slice(), [token]);
        outcome
    });
    assert_eq!(outcome.result, Ok(json!({"approved": true})));

    let automatic = AslTest::new("approval", def)
        .without_real_handlers()
        .mock_json("approve", |_| Ok(json!(null)))
        .callback_answer(|| Err(("Rejected".into(), "over budget".into())));
    let failed = rt().block_on(automatic.run(json!({}))).unwrap().result.unwrap_err();
    assert_eq!((failed.error.as_str(), failed.cause.as_str()), ("Rejected", "over budget"));
}

#[test]
fn nested_executions_run_with_the_same_steps_and_services() {
    let child = machine(json!({"Double": invoke("double")}), "Double");
    let start = task(
        "arn:aws:states:::states:startExecution.sync:2",
        json!({"StateMachineArn": "${state_machine:child}", "Input": "{% $states.input %}"}),
    );
    let mut start = start;
    start["Output"] = json!("{% $states.result.Output %}");
    let parent = machine(json!({"Start": start}), "Start");
    let test = AslTest::new("parent", parent)
        .with_machine("child", child)
        .without_real_handlers()
        .mock_json("double", |v| Ok(json!(v["n"].as_i64().unwrap_or(0) * 2)));
    let outcome = rt().block_on(test.run(json!({"n": 21}))).unwrap();
    assert_eq!(outcome.result, Ok(json!(42)));
    assert!(outcome.services.started().is_empty(), "a .sync start is a call, not a side effect");
    assert!(outcome.event_types().contains(&"TaskSucceeded".to_string()));
}

#[test]
fn integrations_reach_the_in_memory_services() {
    let put = json!({"Type": "Task", "Resource": "arn:aws:states:::dynamodb:putItem",
        "Arguments": {"TableName": "${table:Orders}", "Item": {"id": {"S": "{% $states.input.id %}"}}}, "Output": "{% $states.input %}", "Next": "Tell"});
    let tell = json!({"Type": "Task", "Resource": "arn:aws:states:::sns:publish",
        "Arguments": {"TopicArn": "${topic:News}", "Message": "{% $states.input %}"}, "End": true});
    let test = AslTest::new("store", machine(json!({"Put": put, "Tell": tell}), "Put"));
    test.services().declare_table("Orders", "id", None);
    test.services().declare_topic("News");
    let outcome = rt().block_on(test.run(json!({"id": "o-1"}))).unwrap();
    assert!(outcome.result.is_ok(), "{:?}", outcome.result);
    assert_eq!(outcome.services.items("Orders"), [json!({"id": "o-1"})]);
    assert_eq!(outcome.services.published("News")[0].message, r#"{"id":"o-1"}"#);
}

#[test]
fn an_invalid_definition_is_refused_with_pointers() {
    let def = json!({"StartAt": "Missing", "States": {"A": {"Type": "Succeed"}}});
    let error = AslTest::new("broken", def).start(json!({})).err().unwrap();
    let TestError::InvalidDefinition { machine, problems } = &error else { panic!("{error}") };
    assert_eq!(machine, "broken");
    assert!(problems.iter().any(|p| p.starts_with("/StartAt")), "{problems:?}");
}
