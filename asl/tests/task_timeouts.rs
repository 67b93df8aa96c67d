//! Task `TimeoutSeconds` / `HeartbeatSeconds` and the execution's `TimeoutSeconds` on virtual time.

use std::time::Duration;

use chrono::{DateTime, Utc};
use futures::future::BoxFuture;
use lambdaform_asl::exec::{errors, Clock, Executor, MockResolver, Status, TaskOutcome, TaskRequest};
use lambdaform_asl::model::StateMachine;
use serde_json::{json, Value};

fn machine(v: Value) -> StateMachine {
    StateMachine::from_value(v).expect("test definition parses")
}

fn t0() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2024-05-01T00:00:00Z").unwrap().with_timezone(&Utc)
}

/// Seconds from the start of the execution to its last event.
fn span(r: &lambdaform_asl::exec::ExecutionResult) -> i64 {
    (r.history.last().unwrap().timestamp - t0()).num_seconds()
}

fn event(r: &lambdaform_asl::exec::ExecutionResult, kind: &str) -> Option<Value> {
    r.history.iter().find(|e| e.kind == kind).map(|e| e.to_json())
}

/// A resolver that answers `{"ok": true}` after `secs` seconds of virtual time.
fn slow(secs: u64) -> impl Fn(TaskRequest) -> BoxFuture<'static, TaskOutcome> + Send + Sync {
    move |_req| Box::pin(async move { TaskOutcome::Success(json!({"ok": true})).took(Duration::from_secs(secs)) })
}

fn lambda_task(extra: Value) -> StateMachine {
    let mut task = json!({"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true});
    task.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
    machine(json!({"StartAt": "Work", "States": {"Work": task}}))
}

#[tokio::test]
async fn a_task_slower_than_its_timeout_times_out_at_the_timeout() {
    let r = Executor::new(lambda_task(json!({"TimeoutSeconds": 60})), slow(300))
        .with_clock(Clock::Virtual(t0()))
        .start(json!({}))
        .await;
    assert_eq!((r.status, r.error.as_deref(), r.cause.as_deref()), (Status::Failed, Some(errors::TIMEOUT), None));
    let timed_out = event(&r, "TaskTimedOut").expect("a TaskTimedOut event");
    assert_eq!(
        timed_out["taskTimedOutEventDetails"],
        json!({"resourceType": "lambda", "resource": "invoke", "error": "States.Timeout", "cause": null})
    );
    assert_eq!(timed_out["timestamp"], "2024-05-01T00:01:00.000Z");
    assert_eq!(span(&r), 60);
}

#[tokio::test]
async fn a_task_within_its_timeout_advances_the_clock_by_its_duration() {
    let r = Executor::new(lambda_task(json!({"TimeoutSeconds": 60})), slow(45))
        .with_clock(Clock::Virtual(t0()))
        .start(json!({}))
        .await;
    assert_eq!(r.status, Status::Succeeded, "{r:?}");
    assert_eq!(span(&r), 45);
    assert_eq!(event(&r, "TaskSucceeded").unwrap()["timestamp"], "2024-05-01T00:00:45.000Z");
}

#[tokio::test]
async fn timeout_seconds_path_and_retry_on_states_timeout() {
    let m = machine(json!({"StartAt": "Work", "States": {
        "Work": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "TimeoutSecondsPath": "$.limit",
            "Retry": [{"ErrorEquals": ["States.Timeout"], "IntervalSeconds": 5, "MaxAttempts": 1}],
            "Catch": [{"ErrorEquals": ["States.Timeout"], "Next": "Late"}], "Next": "Never"},
        "Never": {"Type": "Succeed"},
        "Late": {"Type": "Pass", "End": true}}}));
    let r = Executor::new(m, slow(100)).with_clock(Clock::Virtual(t0())).start(json!({"limit": 30})).await;
    assert_eq!(r.status, Status::Succeeded, "{r:?}");
    assert_eq!(r.output, Some(json!({"Error": "States.Timeout", "Cause": null})));
    // Two tries of 30 s and the 5 s backoff between them.
    assert_eq!(span(&r), 65);
    assert_eq!(r.history.iter().filter(|e| e.kind == "TaskTimedOut").count(), 2);
}

fn callback_machine(heartbeat: Option<u64>, timeout: Option<u64>) -> StateMachine {
    let mut task = json!({"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
        "Parameters": {"QueueUrl": "q", "MessageBody": {"token.$": "$$.Task.Token"}}, "End": true});
    if let Some(h) = heartbeat {
        task["HeartbeatSeconds"] = json!(h);
    }
    if let Some(t) = timeout {
        task["TimeoutSeconds"] = json!(t);
    }
    machine(json!({"StartAt": "Approve", "States": {"Approve": task}}))
}

fn await_callback(_req: TaskRequest) -> BoxFuture<'static, TaskOutcome> {
    Box::pin(async { TaskOutcome::AwaitCallback })
}

#[tokio::test]
async fn an_unanswerable_callback_misses_its_heartbeat() {
    // Nobody took the callback handle: no answer can come, so the first deadline passes at once.
    let r = Executor::new(callback_machine(Some(60), Some(600)), await_callback)
        .with_clock(Clock::Virtual(t0()))
        .start(json!({}))
        .await;
    assert_eq!((r.error.as_deref(), r.cause.as_deref()), (Some(errors::HEARTBEAT_TIMEOUT), None));
    let timed_out = event(&r, "TaskTimedOut").unwrap();
    assert_eq!(timed_out["taskTimedOutEventDetails"]["resource"], "sendMessage.waitForTaskToken");
    assert_eq!(timed_out["timestamp"], "2024-05-01T00:01:00.000Z");
    let scheduled = event(&r, "TaskScheduled").unwrap();
    assert_eq!(scheduled["taskScheduledEventDetails"]["heartbeatInSeconds"], 60);
    assert_eq!(scheduled["taskScheduledEventDetails"]["timeoutInSeconds"], 600);
}

#[tokio::test]
async fn an_unanswered_callback_times_out_once_every_handle_is_dropped() {
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<String>();
    let resolver = move |req: TaskRequest| -> BoxFuture<'static, TaskOutcome> {
        tx.send(req.task_token.clone().unwrap()).unwrap();
        Box::pin(async { TaskOutcome::AwaitCallback })
    };
    let execution =
        Executor::new(callback_machine(None, Some(3600)), resolver).with_clock(Clock::Virtual(t0())).start(json!({}));
    let handle = execution.callbacks();
    let running = tokio::spawn(execution);
    let token = rx.recv().await.unwrap();
    handle.send_heartbeat(&token).unwrap();
    tokio::task::yield_now().await;
    assert!(!running.is_finished(), "a live handle can still answer, so the task waits");
    assert_eq!(handle.pending_tokens(), vec![token]);
    drop(handle);
    let r = running.await.unwrap();
    assert_eq!(r.error.as_deref(), Some(errors::TIMEOUT));
    assert_eq!(span(&r), 3600);
}

#[tokio::test]
async fn a_callback_without_any_timeout_ends_at_the_execution_timeout() {
    let mut def = serde_json::to_value(callback_machine(None, None)).unwrap();
    def["TimeoutSeconds"] = json!(900);
    let r = Executor::new(machine(def), await_callback).with_clock(Clock::Virtual(t0())).start(json!({})).await;
    assert_eq!(r.status, Status::TimedOut);
    assert_eq!(r.history.last().unwrap().kind, "ExecutionTimedOut");
    assert_eq!(span(&r), 900);
    assert!(event(&r, "TaskTimedOut").is_none(), "the execution timed out, not the task");
}

#[tokio::test]
async fn the_execution_timeout_cuts_a_long_task_and_cannot_be_caught() {
    let m = machine(json!({"TimeoutSeconds": 100, "StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true,
        "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Caught"}],
        "Branches": [{"StartAt": "Work", "States": {"Work": {"Type": "Task",
            "Resource": "arn:aws:states:::lambda:invoke", "TimeoutSeconds": 500, "End": true}}}]},
        "Caught": {"Type": "Pass", "End": true}}}));
    let r = Executor::new(m, slow(400)).with_clock(Clock::Virtual(t0())).start(json!({})).await;
    assert_eq!((r.status, r.error.as_deref()), (Status::TimedOut, Some(errors::TIMEOUT)));
    assert_eq!(span(&r), 100);
    assert!(!r.history.iter().any(|e| e.kind == "PassStateEntered"), "Catch must not see the execution timeout");
    let kinds: Vec<&str> = r.history.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(kinds[kinds.len() - 2..], ["ParallelStateAborted", "ExecutionTimedOut"]);
}

#[tokio::test]
async fn a_wait_longer_than_the_execution_timeout_stops_at_the_deadline() {
    let m = machine(json!({"TimeoutSeconds": 10, "StartAt": "W", "States": {
        "W": {"Type": "Wait", "Seconds": 3600, "End": true}}}));
    let r = Executor::new(m, slow(0)).with_clock(Clock::Virtual(t0())).start(json!({})).await;
    assert_eq!(r.status, Status::TimedOut);
    assert_eq!(span(&r), 10);
}

#[tokio::test]
async fn mock_duration_seconds_times_a_task_out() {
    let config = json!({
        "StateMachines": {"m": {"TestCases": {"slow": {"Work": "Slow"}}}},
        "MockedResponses": {"Slow": {"0": {"Return": {"ok": 1}, "DurationSeconds": 120}}}
    });
    let mock = MockResolver::from_config(&config, "m", "slow").unwrap();
    let r = Executor::new(lambda_task(json!({"TimeoutSeconds": 90})), mock)
        .with_clock(Clock::Virtual(t0()))
        .start(json!({}))
        .await;
    assert_eq!(r.error.as_deref(), Some(errors::TIMEOUT));
    assert_eq!(span(&r), 90);
}
