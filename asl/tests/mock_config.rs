//! Task states answered by a Step Functions Local MockConfigFile, with retries and catches.

use lambdaform_asl::exec::{Executor, MockResolver, Status};
use lambdaform_asl::model::StateMachine;
use serde_json::json;

fn machine() -> StateMachine {
    StateMachine::from_value(json!({
        "StartAt": "Charge",
        "States": {
            "Charge": {
                "Type": "Task",
                "Resource": "arn:aws:states:::lambda:invoke",
                "Parameters": {"FunctionName": "charge", "Payload.$": "$"},
                "ResultSelector": {"receipt.$": "$.Payload.receipt"},
                "ResultPath": "$.charged",
                "Retry": [{"ErrorEquals": ["Busy"], "IntervalSeconds": 2, "MaxAttempts": 2, "BackoffRate": 3}],
                "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Refund"}],
                "Next": "Done"
            },
            "Refund": {"Type": "Pass", "Result": "refunded", "ResultPath": "$.refund", "End": true},
            "Done": {"Type": "Succeed"}
        }
    }))
    .unwrap()
}

fn config() -> serde_json::Value {
    json!({
        "StateMachines": {
            "orders": {
                "TestCases": {
                    "HappyPath": {"Charge": "ChargeOk"},
                    "BusyThenOk": {"Charge": "BusyTwiceThenOk"},
                    "AlwaysBusy": {"Charge": "AlwaysBusy"}
                }
            }
        },
        "MockedResponses": {
            "ChargeOk": {"0": {"Return": {"Payload": {"receipt": "r-1"}, "StatusCode": 200}}},
            "BusyTwiceThenOk": {
                "0-1": {"Throw": {"Error": "Busy", "Cause": "try later"}},
                "2": {"Return": {"Payload": {"receipt": "r-3"}}}
            },
            "AlwaysBusy": {"0-9": {"Throw": {"Error": "Busy", "Cause": "still busy"}}}
        }
    })
}

async fn run(case: &str) -> lambdaform_asl::exec::ExecutionResult {
    let resolver = MockResolver::from_config(&config(), "orders", case).unwrap();
    Executor::new(machine(), resolver).with_state_machine_name("orders").start(json!({"order": 7})).await
}

#[tokio::test]
async fn happy_path_uses_return() {
    let r = run("HappyPath").await;
    assert_eq!(r.status, Status::Succeeded);
    assert_eq!(r.output, Some(json!({"order": 7, "charged": {"receipt": "r-1"}})));
    let kinds: Vec<&str> = r.history.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(
        kinds,
        [
            "ExecutionStarted",
            "TaskStateEntered",
            "TaskScheduled",
            "TaskStarted",
            "TaskSucceeded",
            "TaskStateExited",
            "SucceedStateEntered",
            "SucceedStateExited",
            "ExecutionSucceeded"
        ]
    );
}

#[tokio::test]
async fn retries_walk_through_invocation_ranges_on_virtual_time() {
    let r = run("BusyThenOk").await;
    assert_eq!(r.status, Status::Succeeded);
    assert_eq!(r.output.unwrap()["charged"], json!({"receipt": "r-3"}));
    // Backoff 2 s then 6 s, on the virtual clock: the test does not sleep.
    let first = r.history.first().unwrap().timestamp;
    let last = r.history.last().unwrap().timestamp;
    assert_eq!((last - first).num_seconds(), 8);
}

#[tokio::test]
async fn exhausted_retries_are_caught() {
    let r = run("AlwaysBusy").await;
    assert_eq!(r.status, Status::Succeeded);
    assert_eq!(
        r.output,
        Some(json!({"order": 7, "error": {"Error": "Busy", "Cause": "still busy"}, "refund": "refunded"}))
    );
}

#[test]
fn unknown_test_case_is_reported() {
    let err = MockResolver::from_config(&config(), "orders", "Nope").unwrap_err();
    assert!(err.contains("/StateMachines/orders/TestCases/Nope"), "{err}");
}
