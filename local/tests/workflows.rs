//! State machines on the ASL executor: a Lambda task, a DynamoDB task and a callback completing; a callback
//! resuming at the clock's time; failures; nested executions; a machine started by an EventBridge rule.

mod support;

use std::time::Duration;

use lambdaform_local::{BusEvent, Local, LocalError};
use serde_json::{json, Value};
use support::{failure, function, local, manifest};

fn service() -> lambdaform_manifest::Manifest {
    let order = json!({
        "QueryLanguage": "JSONata",
        "StartAt": "Validate",
        "States": {
            "Validate": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                "Arguments": {"FunctionName": "${function:validate}", "Payload": "{% $states.input %}"},
                "Output": "{% $states.result.Payload %}", "Next": "Save"},
            "Save": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:putItem",
                "Arguments": {"TableName": "${table:Orders}",
                    "Item": {"id": {"S": "{% $states.input.id %}"}, "total": {"N": "{% $string($states.input.total) %}"}}},
                "Output": "{% $states.input %}", "Next": "Approve"},
            "Approve": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
                "Arguments": {"FunctionName": "${function:request_approval}",
                    "Payload": {"token": "{% $states.context.Task.Token %}", "order": "{% $states.input.id %}"}},
                "Next": "Done"},
            "Done": {"Type": "Pass", "End": true}
        }
    });
    let parent = json!({
        "QueryLanguage": "JSONata",
        "StartAt": "Child",
        "States": {
            "Child": {"Type": "Task", "Resource": "arn:aws:states:::states:startExecution.sync:2",
                "Arguments": {"StateMachineArn": "${state_machine:child}", "Input": {"n": "{% $states.input.n %}"}},
                "Output": "{% $states.result.Output %}", "End": true}
        }
    });
    let child = json!({
        "QueryLanguage": "JSONata",
        "StartAt": "Double",
        "States": {"Double": {"Type": "Pass", "Output": {"doubled": "{% $states.input.n * 2 %}"}, "End": true}}
    });
    let machine = |name: &str, definition: Value, events: Value| json!({"name": name, "rust_path": format!("svc::{name}"), "kind": "standard", "definition": definition, "events": events});
    manifest(json!({
        "service": "orders",
        "functions": [function("validate", json!([])), function("request_approval", json!([]))],
        "resources": [{"name": "Orders", "retain": false, "kind": "table", "billing": {"mode": "pay_per_request"},
            "partition_key": {"name": "id", "type": "S"}}],
        "state_machines": [
            machine("order", order, json!([])),
            machine("parent", parent, json!([{"type": "event_bridge", "pattern": {"source": ["orders.admin"], "detail-type": ["Double"]}}])),
            machine("child", child, json!([])),
        ],
    }))
}

async fn tokens(local: &Local) -> Vec<(String, String)> {
    for _ in 0..2000 {
        let t = local.pending_tokens();
        if !t.is_empty() {
            return t;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    panic!("no callback task started");
}

#[tokio::test]
async fn a_workflow_with_a_lambda_task_a_table_write_and_a_callback_completes() {
    let (local, rec) = local(service());
    rec.answer("validate", |input| Ok(json!({"id": input["id"], "total": input["total"], "valid": true})));
    let arn = local.start_execution("order", json!({"id": "o-1", "total": 42})).await.unwrap();
    assert_eq!(
        arn,
        "arn:aws:states:us-east-1:000000000000:execution:orders-local-order:".to_string()
            + arn.rsplit(':').next().unwrap()
    );

    let waiting = tokens(&local).await;
    assert_eq!(waiting.len(), 1);
    let (execution, token) = &waiting[0];
    assert_eq!(execution, &arn);
    local.idle().await;
    let asked = rec.calls("request_approval");
    assert_eq!(asked, [json!({"token": token, "order": "o-1"})]);
    assert_eq!(local.describe_execution(&arn).unwrap()["status"], "RUNNING");
    assert!(matches!(local.send_task_success("not-a-token", json!({})), Err(LocalError::UnknownToken(_))));

    local.send_task_heartbeat(token).unwrap();
    local.send_task_success(token, json!({"approved": true})).unwrap();
    let result = local.wait_execution(&arn).await.unwrap();
    assert_eq!(result.status.as_str(), "SUCCEEDED", "{result:?}");
    assert_eq!(result.output, Some(json!({"approved": true})));

    assert_eq!(rec.calls("validate"), [json!({"id": "o-1", "total": 42})]);
    let saved = local.get_item("Orders", &json!({"id": {"S": "o-1"}})).unwrap().unwrap();
    assert_eq!(saved["total"], json!({"N": "42"}));
    let described = local.describe_execution(&arn).unwrap();
    assert_eq!(described["status"], "SUCCEEDED");
    assert_eq!(described["output"], "{\"approved\":true}");
    let history = local.execution_history(&arn).unwrap();
    let types: Vec<&str> = history.iter().map(|e| e["type"].as_str().unwrap()).collect();
    assert_eq!(types.first(), Some(&"ExecutionStarted"));
    assert_eq!(types.last(), Some(&"ExecutionSucceeded"));
    assert!(types.contains(&"TaskSucceeded"));
    assert_eq!(local.list_executions(Some("order")).len(), 1);
    assert!(local.list_executions(Some("child")).is_empty());
}

#[tokio::test]
async fn a_callback_answered_later_resumes_at_the_clocks_time_and_is_logged() {
    let (local, rec) = local(service());
    rec.answer("validate", |input| Ok(json!({"id": input["id"], "total": input["total"], "valid": true})));
    let arn = local.start_execution("order", json!({"id": "o-2", "total": 7})).await.unwrap();
    let (_, token) = tokens(&local).await.remove(0);
    let logged = local.log().recent();
    let entries: Vec<Value> = logged.iter().map(|r| serde_json::to_value(r).unwrap()).collect();
    assert!(entries.iter().any(|e| e["record"] == "execution" && e["status"] == "RUNNING"), "{entries:?}");
    let callback = entries.iter().find(|e| e["record"] == "callback").expect("a callback record");
    assert_eq!((&callback["task_token"], &callback["execution_arn"]), (&json!(token), &json!(arn)));

    local.advance(Duration::from_secs(5400)).await;
    local.send_task_success(&token, json!({"approved": true})).unwrap();
    let result = local.wait_execution(&arn).await.unwrap();
    assert_eq!(result.status.as_str(), "SUCCEEDED", "{result:?}");
    let at = |kind: &str| {
        let event = result.history.iter().rev().find(|e| e.kind == kind).expect(kind);
        event.timestamp
    };
    assert_eq!((at("TaskSucceeded") - at("TaskScheduled")).num_seconds(), 5400);
    assert_eq!(at("ExecutionSucceeded"), local.clock().now());
}

#[tokio::test]
async fn a_failing_handler_fails_the_execution_with_its_error_type() {
    let (local, rec) = local(service());
    rec.answer("validate", |_| Err(failure("InvalidOrder", "total must be positive")));
    let arn = local.start_execution("order", json!({"id": "o-2", "total": -1})).await.unwrap();
    let result = local.wait_execution(&arn).await.unwrap();
    assert_eq!(result.status.as_str(), "FAILED");
    assert_eq!(result.error.as_deref(), Some("InvalidOrder"));
    let cause: Value = serde_json::from_str(result.cause.as_deref().unwrap()).unwrap();
    assert_eq!(cause["errorMessage"], "total must be positive");
    assert_eq!(local.scan("Orders").unwrap().len(), 0);
    assert!(matches!(local.start_execution("nope", json!({})).await, Err(LocalError::Unknown { .. })));
}

#[tokio::test]
async fn an_eventbridge_rule_starts_a_machine_that_runs_a_nested_execution() {
    let (local, _) = local(service());
    let started = local
        .put_events(BusEvent { source: "orders.admin".into(), detail_type: "Double".into(), detail: json!({}) })
        .await
        .unwrap();
    assert_eq!(started, 1);
    let missed = local
        .put_events(BusEvent { source: "orders.admin".into(), detail_type: "Other".into(), detail: json!({}) })
        .await
        .unwrap();
    assert_eq!(missed, 0);
    let parent = local.list_executions(Some("parent"))[0]["executionArn"].as_str().unwrap().to_string();
    let result = local.wait_execution(&parent).await.unwrap();
    // The event has no `n`: the task's Arguments fail to evaluate, so no child starts.
    assert_eq!(result.status.as_str(), "FAILED", "{result:?}");
    assert_eq!(result.error.as_deref(), Some("States.QueryEvaluationError"), "{result:?}");
    assert!(local.list_executions(Some("child")).is_empty());

    let arn = local.start_execution("parent", json!({"n": 21})).await.unwrap();
    let result = local.wait_execution(&arn).await.unwrap();
    assert_eq!(result.output, Some(json!({"doubled": 42})), "{result:?}");
    assert_eq!(local.list_executions(Some("child")).len(), 1);
}
