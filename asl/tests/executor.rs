//! Executor behaviour beyond the recorded AWS executions: callbacks, time, limits, concurrency.

use futures::future::BoxFuture;
use lambdaform_asl::exec::{errors, Clock, Executor, NoTasks, Status, TaskOutcome, TaskRequest, MAX_EVENTS};
use lambdaform_asl::model::StateMachine;
use serde_json::{json, Value};

fn machine(v: Value) -> StateMachine {
    StateMachine::from_value(v).expect("test definition parses")
}

fn callback_machine(heartbeat: Option<u64>) -> StateMachine {
    let mut task = json!({
        "Type": "Task",
        "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
        "Parameters": {"QueueUrl": "q", "MessageBody": {"token.$": "$$.Task.Token"}},
        "End": true
    });
    if let Some(h) = heartbeat {
        task["HeartbeatSeconds"] = json!(h);
    }
    machine(json!({"StartAt": "Approve", "States": {"Approve": task}}))
}

/// Publishes every callback token it sees and waits for the answer.
fn publishing_resolver(
    tx: tokio::sync::mpsc::UnboundedSender<String>,
) -> impl Fn(TaskRequest) -> BoxFuture<'static, TaskOutcome> + Send + Sync {
    move |req: TaskRequest| {
        let token = req.payload["MessageBody"]["token"].as_str().unwrap_or_default().to_string();
        assert_eq!(Some(token.as_str()), req.task_token.as_deref());
        tx.send(token).unwrap();
        Box::pin(async { TaskOutcome::AwaitCallback })
    }
}

#[tokio::test]
async fn callback_task_waits_for_send_success() {
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let execution = Executor::new(callback_machine(None), publishing_resolver(tx)).start(json!({}));
    let handle = execution.callbacks();
    let running = tokio::spawn(execution);
    let token = rx.recv().await.unwrap();
    handle.send_heartbeat(&token).unwrap();
    handle.send_success(&token, json!({"approved": true})).unwrap();
    let r = running.await.unwrap();
    assert_eq!(r.status, Status::Succeeded);
    assert_eq!(r.output, Some(json!({"approved": true})));
    assert!(handle.send_success(&token, json!(1)).is_err(), "a token answers once");
}

#[tokio::test]
async fn callback_task_failure_is_the_state_failure() {
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let execution = Executor::new(callback_machine(None), publishing_resolver(tx)).start(json!({}));
    let handle = execution.callbacks();
    let running = tokio::spawn(execution);
    let token = rx.recv().await.unwrap();
    handle.send_failure(&token, Some("Rejected".into()), Some("no".into())).unwrap();
    let r = running.await.unwrap();
    assert_eq!((r.status, r.error.as_deref(), r.cause.as_deref()), (Status::Failed, Some("Rejected"), Some("no")));
}

#[tokio::test]
async fn missed_heartbeat_times_out_in_real_time() {
    let (tx, _rx) = tokio::sync::mpsc::unbounded_channel();
    let r = Executor::new(callback_machine(Some(1)), publishing_resolver(tx))
        .with_clock(Clock::Real)
        .start(json!({}))
        .await;
    assert_eq!(r.error.as_deref(), Some(errors::HEARTBEAT_TIMEOUT));
    assert!(r.history.iter().any(|e| e.kind == "TaskTimedOut"));
}

#[tokio::test]
async fn virtual_time_waits_without_sleeping() {
    let m = machine(json!({"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 86400, "End": true}}}));
    let started = std::time::Instant::now();
    let r = Executor::new(m, NoTasks).start(json!({"x": 1})).await;
    assert!(started.elapsed().as_secs() < 5);
    assert_eq!(r.output, Some(json!({"x": 1})));
    let span = r.history.last().unwrap().timestamp - r.history.first().unwrap().timestamp;
    assert_eq!(span.num_seconds(), 86400);
}

#[tokio::test]
async fn execution_timeout_on_virtual_time() {
    let m = machine(json!({"TimeoutSeconds": 10, "StartAt": "W", "States": {
        "W": {"Type": "Wait", "Seconds": 60, "Next": "P"}, "P": {"Type": "Pass", "End": true}}}));
    let r = Executor::new(m, NoTasks).start(json!({})).await;
    assert_eq!(r.status, Status::TimedOut);
    assert_eq!(r.history.last().unwrap().kind, "ExecutionTimedOut");
}

#[tokio::test]
async fn parallel_and_map_keep_order_with_concurrency() {
    let m = machine(json!({"StartAt": "P", "States": {
        "P": {"Type": "Parallel", "Branches": [
            {"StartAt": "Slow", "States": {"Slow": {"Type": "Wait", "Seconds": 5, "Next": "A"}, "A": {"Type": "Pass", "Result": "a", "End": true}}},
            {"StartAt": "B", "States": {"B": {"Type": "Pass", "Result": "b", "End": true}}}
        ], "Next": "M"},
        "M": {"Type": "Map", "MaxConcurrency": 2, "ItemsPath": "$", "ItemSelector": {"i.$": "$$.Map.Item.Index", "v.$": "$$.Map.Item.Value"},
              "ItemProcessor": {"StartAt": "I", "States": {"I": {"Type": "Pass", "End": true}}}, "End": true}
    }}));
    let r = Executor::new(m, NoTasks).start(json!(null)).await;
    assert_eq!(r.output, Some(json!([{"i": 0, "v": "a"}, {"i": 1, "v": "b"}])));
    let kinds: Vec<&str> = r.history.iter().map(|e| e.kind.as_str()).collect();
    assert!(kinds.contains(&"ParallelStateSucceeded") && kinds.contains(&"MapIterationSucceeded"));
    let ids: Vec<u64> = r.history.iter().map(|e| e.id).collect();
    assert_eq!(ids, (1..=ids.len() as u64).collect::<Vec<_>>());
}

#[tokio::test]
async fn tolerated_failures_let_a_map_succeed() {
    let m = machine(json!({"StartAt": "M", "States": {"M": {"Type": "Map", "ToleratedFailureCount": 1,
        "ItemProcessor": {"StartAt": "C", "States": {
            "C": {"Type": "Choice", "Choices": [{"Variable": "$", "NumericEquals": 2, "Next": "F"}], "Default": "OK"},
            "F": {"Type": "Fail", "Error": "Two"}, "OK": {"Type": "Pass", "End": true}}}, "End": true}}}));
    let r = Executor::new(m.clone(), NoTasks).start(json!([1, 2, 3])).await;
    assert_eq!(r.output, Some(json!([1, {"Error": "Two", "Cause": null}, 3])));
    let r = Executor::new(m, NoTasks).start(json!([2, 2])).await;
    assert_eq!(r.error.as_deref(), Some(errors::EXCEED_TOLERATED_FAILURE));
}

#[tokio::test]
async fn payload_limit_is_enforced() {
    let big = "x".repeat(300_000);
    let m = machine(json!({"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": big, "End": true}}}));
    let r = Executor::new(m, NoTasks).start(json!({})).await;
    assert_eq!(r.error.as_deref(), Some(errors::DATA_LIMIT_EXCEEDED));
}

#[tokio::test]
async fn history_quota_ends_endless_loops() {
    let m = machine(
        json!({"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Pass", "Next": "A"}}}),
    );
    let r = Executor::new(m, NoTasks).start(json!({})).await;
    assert_eq!(r.error.as_deref(), Some(errors::RUNTIME));
    assert_eq!(r.history.len(), MAX_EVENTS);
}

#[tokio::test]
async fn history_has_get_execution_history_shape() {
    let m = machine(json!({"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}));
    let r = Executor::new(m, NoTasks).start(json!({"k": 1})).await;
    let h: Vec<Value> = r.history.iter().map(|e| e.to_json()).collect();
    assert_eq!(h[0]["type"], "ExecutionStarted");
    assert_eq!(h[0]["executionStartedEventDetails"]["input"], "{\"k\":1}");
    assert_eq!(h[1]["stateEnteredEventDetails"]["name"], "P");
    assert_eq!(h[1]["previousEventId"], 1);
    assert_eq!(h[3]["executionSucceededEventDetails"]["output"], "{\"k\":1}");
}

#[tokio::test]
async fn failing_parallel_branch_stops_the_others() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;
    let calls = Arc::new(AtomicUsize::new(0));
    let seen = calls.clone();
    let resolver = move |_req: TaskRequest| -> BoxFuture<'static, TaskOutcome> {
        seen.fetch_add(1, Ordering::SeqCst);
        Box::pin(async { TaskOutcome::Success(json!("charged")) })
    };
    let m = machine(json!({"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [
        {"StartAt": "Boom", "States": {"Boom": {"Type": "Fail", "Error": "Boom"}}},
        {"StartAt": "Wait", "States": {"Wait": {"Type": "Wait", "Seconds": 1, "Next": "Charge"},
            "Charge": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true}}}
    ]}}}));
    let r = Executor::new(m, resolver).start(json!({})).await;
    assert_eq!(r.error.as_deref(), Some("Boom"));
    assert_eq!(calls.load(Ordering::SeqCst), 0, "the other branch must not reach its task");
    assert!(r.history.iter().any(|e| e.kind == "ParallelStateFailed"));
}

/// Echoes the task payload back, tagged with the resource, so tests see what the task received.
fn echo(req: TaskRequest) -> BoxFuture<'static, TaskOutcome> {
    Box::pin(async move { TaskOutcome::Success(json!({"resource": req.resource, "got": req.payload})) })
}

#[tokio::test]
async fn jsonata_tasks_use_arguments_result_assign_and_output() {
    let m = machine(json!({"QueryLanguage": "JSONata", "StartAt": "Validate", "States": {
        "Validate": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:1:function:validate",
            "Arguments": {"order": "{% $states.input.order %}", "n": "{% $count($states.input.items) %}"},
            "Assign": {"validated": "{% $states.result.got %}"},
            "Output": "{% $states.result.got.n %}",
            "Next": "Ship"},
        "Ship": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:1:function:ship",
            "Arguments": {"order": "{% $validated.order %}", "count": "{% $states.input %}"},
            "Output": "{% $states.result.got %}", "End": true}
    }}));
    let r = Executor::new(m, echo).start(json!({"order": "o-1", "items": [1, 2, 3]})).await;
    assert_eq!(r.status, Status::Succeeded, "{r:?}");
    assert_eq!(r.output, Some(json!({"order": "o-1", "count": 3})));
}

#[tokio::test]
async fn jsonata_catch_sees_error_output_and_variables_stay_in_branches() {
    let fail = |_req: TaskRequest| -> BoxFuture<'static, TaskOutcome> {
        Box::pin(async { TaskOutcome::Failure { error: Some("Declined".into()), cause: Some("card".into()) } })
    };
    let m = machine(json!({"QueryLanguage": "JSONata", "StartAt": "Init", "States": {
        "Init": {"Type": "Pass", "Assign": {"outer": 1}, "Next": "Par"},
        "Par": {"Type": "Parallel", "Next": "Pay", "Output": "{% $states.result %}", "Branches": [
            {"StartAt": "In", "States": {"In": {"Type": "Pass", "Assign": {"inner": "{% $outer + 1 %}"},
                "Output": "{% $outer %}", "Next": "Read"},
                "Read": {"Type": "Pass", "Output": "{% $inner %}", "End": true}}}]},
        "Pay": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
            "Catch": [{"ErrorEquals": ["Declined"], "Next": "Report",
                "Output": {"why": "{% $states.errorOutput.Cause %}", "branch": "{% $states.input %}"},
                "Assign": {"failed": true}}],
            "End": true},
        "Report": {"Type": "Pass", "Output": {"r": "{% $states.input %}", "failed": "{% $failed %}", "inner": "{% $exists($inner) %}"}, "End": true}
    }}));
    let r = Executor::new(m, fail).start(json!({})).await;
    assert_eq!(r.status, Status::Succeeded, "{r:?}");
    assert_eq!(r.output, Some(json!({"r": {"why": "card", "branch": [2]}, "failed": true, "inner": false})));
}

#[tokio::test]
async fn jsonpath_task_data_flow_in_aws_order() {
    let m =
        machine(json!({"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
        "InputPath": "$.order",
        "Parameters": {"id.$": "$.id", "exec.$": "$$.Execution.Name", "fixed": "x"},
        "ResultSelector": {"echo.$": "$.got"},
        "ResultPath": "$.order.result",
        "OutputPath": "$.order",
        "End": true}}}));
    let r = Executor::new(m, echo).with_execution_name("run-1").start(json!({"order": {"id": 9}, "other": true})).await;
    assert_eq!(r.output, Some(json!({"id": 9, "result": {"echo": {"id": 9, "exec": "run-1", "fixed": "x"}}})));
}

#[tokio::test]
async fn item_batcher_groups_items() {
    let m = machine(json!({"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.xs",
        "ItemBatcher": {"MaxItemsPerBatch": 2, "BatchInput": {"tag.$": "$.tag"}},
        "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
            "StartAt": "B", "States": {"B": {"Type": "Pass", "End": true}}}, "End": true}}}));
    let r = Executor::new(m, NoTasks).start(json!({"xs": [1, 2, 3], "tag": "t"})).await;
    assert_eq!(
        r.output,
        Some(json!([{"Items": [1, 2], "BatchInput": {"tag": "t"}}, {"Items": [3], "BatchInput": {"tag": "t"}}]))
    );
}
