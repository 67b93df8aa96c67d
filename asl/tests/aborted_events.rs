//! `MapIterationAborted`, `MapStateAborted` and `ParallelStateAborted`: work stopped because a sibling
//! failed or the execution timed out, recorded in AWS's shape and order.

use std::time::Duration;

use futures::future::BoxFuture;
use lambdaform_asl::exec::{ExecutionResult, Executor, Status, TaskOutcome, TaskRequest};
use lambdaform_asl::model::StateMachine;
use serde_json::{json, Value};

fn machine(v: Value) -> StateMachine {
    StateMachine::from_value(v).expect("test definition parses")
}

/// `"fail"` fails at once, `"slow"` takes 500 virtual seconds, anything else never answers.
fn resolver(req: TaskRequest) -> BoxFuture<'static, TaskOutcome> {
    match req.payload.as_str() {
        Some("fail") => Box::pin(async { TaskOutcome::Failure { error: Some("Broken".into()), cause: None } }),
        Some("slow") => Box::pin(async { TaskOutcome::Success(json!("done")).took(Duration::from_secs(500)) }),
        _ => Box::pin(futures::future::pending()),
    }
}

fn task_map(extra: Value) -> Value {
    let mut m = json!({"Type": "Map", "ItemProcessor": {"StartAt": "Work", "States": {"Work": {"Type": "Task",
        "Resource": "arn:aws:states:::lambda:invoke", "Parameters.$": "$", "End": true}}}, "End": true});
    m.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
    m
}

fn kinds(r: &ExecutionResult) -> Vec<&str> {
    r.history.iter().map(|e| e.kind.as_str()).collect()
}

fn events(r: &ExecutionResult, kind: &str) -> Vec<Value> {
    r.history.iter().filter(|e| e.kind == kind).map(|e| e.to_json()).collect()
}

#[tokio::test]
async fn a_failing_iteration_aborts_the_iterations_still_running() {
    let m = machine(json!({"StartAt": "M", "States": {"M": task_map(json!({}))}}));
    let r = Executor::new(m, resolver).start(json!(["wait", "wait", "fail"])).await;
    assert_eq!((r.status, r.error.as_deref()), (Status::Failed, Some("Broken")));
    let aborted = events(&r, "MapIterationAborted");
    let mut indexes: Vec<i64> =
        aborted.iter().map(|e| e["mapIterationAbortedEventDetails"]["index"].as_i64().unwrap()).collect();
    indexes.sort();
    assert_eq!(indexes, vec![0, 1]);
    assert_eq!(aborted[0]["mapIterationAbortedEventDetails"]["name"], "M");
    // Each aborted iteration follows its own last event: the task that was running.
    for e in &aborted {
        let prev = e["previousEventId"].as_u64().unwrap() as usize;
        assert_eq!(r.history[prev - 1].kind, "TaskStarted");
    }
    let k = kinds(&r);
    let failed_iteration = k.iter().position(|&x| x == "MapIterationFailed").unwrap();
    let first_abort = k.iter().position(|&x| x == "MapIterationAborted").unwrap();
    let state_failed = k.iter().position(|&x| x == "MapStateFailed").unwrap();
    assert!(failed_iteration < first_abort && first_abort < state_failed, "{k:?}");
    assert!(!k.contains(&"MapStateAborted"), "the Map itself failed, it was not aborted");
}

#[tokio::test]
async fn iterations_not_yet_started_record_nothing() {
    let m = machine(json!({"StartAt": "M", "States": {"M": task_map(json!({"MaxConcurrency": 1}))}}));
    let r = Executor::new(m, resolver).start(json!(["fail", "wait", "wait"])).await;
    assert_eq!(r.error.as_deref(), Some("Broken"));
    assert_eq!(events(&r, "MapIterationStarted").len(), 1);
    assert!(events(&r, "MapIterationAborted").is_empty());
}

#[tokio::test]
async fn a_failing_branch_aborts_a_map_running_in_its_sibling() {
    let m = machine(json!({"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [
        {"StartAt": "M", "States": {"M": task_map(json!({}))}},
        {"StartAt": "Boom", "States": {"Boom": {"Type": "Fail", "Error": "Boom"}}}
    ]}}}));
    let r = Executor::new(m, resolver).start(json!(["wait", "wait"])).await;
    assert_eq!(r.error.as_deref(), Some("Boom"));
    let k = kinds(&r);
    let tail: Vec<&str> = k[k.len() - 5..].to_vec();
    assert_eq!(
        tail,
        vec!["MapIterationAborted", "MapIterationAborted", "MapStateAborted", "ParallelStateFailed", "ExecutionFailed"]
    );
    let map_aborted = &events(&r, "MapStateAborted")[0];
    assert_eq!(map_aborted["previousEventId"].as_u64().unwrap(), map_aborted["id"].as_u64().unwrap() - 1);
}

#[tokio::test]
async fn a_nested_parallel_in_a_stopped_branch_is_aborted() {
    let m = machine(json!({"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [
        {"StartAt": "Inner", "States": {"Inner": {"Type": "Parallel", "End": true, "Branches": [
            {"StartAt": "Hang", "States": {"Hang": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                "Parameters": "wait", "End": true}}}]}}},
        {"StartAt": "Boom", "States": {"Boom": {"Type": "Fail", "Error": "Boom"}}}
    ]}}}));
    let r = Executor::new(m, resolver).start(json!({})).await;
    let k = kinds(&r);
    assert_eq!(k[k.len() - 3..], ["ParallelStateAborted", "ParallelStateFailed", "ExecutionFailed"]);
}

#[tokio::test]
async fn the_execution_timing_out_inside_a_map_aborts_it() {
    let m = machine(json!({"TimeoutSeconds": 100, "StartAt": "M", "States": {"M": task_map(json!({}))}}));
    let r = Executor::new(m, resolver).start(json!(["slow"])).await;
    assert_eq!(r.status, Status::TimedOut);
    let k = kinds(&r);
    assert_eq!(k[k.len() - 3..], ["MapIterationAborted", "MapStateAborted", "ExecutionTimedOut"]);
    assert!(!k.contains(&"MapStateFailed") && !k.contains(&"MapIterationFailed"));
}
