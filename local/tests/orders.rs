//! The order workflow's manifest (`tests/data/orders.manifest.json`) end to end on the local resources:
//! Lambda tasks, a DynamoDB read and write, an approval callback, Parallel, Map, Wait on virtual time, SNS, SQS,
//! EventBridge and a nested `.sync:2` audit execution doing an `updateItem`.

mod support;

use std::sync::Arc;
use std::time::Duration;

use lambdaform_local::{Clock, Local, Store};
use lambdaform_manifest::Manifest;
use serde_json::json;
use support::{failure, start, Recorder};

/// The service with customer `c-1` on file (the workflow reads it) and handlers that echo their input.
async fn orders() -> (Local, Arc<Recorder>) {
    let m: Manifest = serde_json::from_str(include_str!("data/orders.manifest.json")).unwrap();
    let rec = Arc::new(Recorder::default());
    for echo in ["validate", "charge", "reserve_stock", "pack_item", "refund", "request_approval"] {
        rec.answer(echo, |input| Ok(input.clone()));
    }
    let local = Local::new(m, rec.clone(), Store::Memory, Clock::virtual_at(start())).unwrap();
    local.put_item("Customers", json!({"id": {"S": "c-1"}, "name": {"S": "Ada"}})).await.unwrap();
    (local, rec)
}

/// The token of the approval task, once the execution reaches it.
async fn approval_token(local: &Local, arn: &str) -> String {
    for _ in 0..2000 {
        if let Some((_, token)) = local.pending_tokens().into_iter().next() {
            return token;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    panic!("no approval task: {}", local.describe_execution(arn).unwrap());
}

fn order(amount: u32) -> serde_json::Value {
    json!({"id": "o-7", "customer": "c-1", "amount": amount, "items": ["book", "pen"]})
}

#[tokio::test]
async fn a_large_order_waits_for_approval_then_ships() {
    let (local, rec) = orders().await;
    let arn = local.start_execution("order_workflow", order(5000)).await.unwrap();
    let token = approval_token(&local, &arn).await;
    local.idle().await;
    assert_eq!(rec.calls("request_approval")[0]["token"], token.as_str());
    local.send_task_success(&token, json!({"approved": true})).unwrap();

    let result = local.wait_execution(&arn).await.unwrap();
    assert_eq!(result.status.as_str(), "SUCCEEDED", "{result:?}");
    assert_eq!(result.output, Some(json!({"id": "o-7", "status": "shipped"})));
    assert_eq!(rec.calls("charge").len(), 1);
    assert_eq!(rec.calls("reserve_stock").len(), 1);
    assert_eq!(rec.calls("pack_item"), [json!("book"), json!("pen")]);
    assert!(rec.calls("refund").is_empty());
    let saved = local.get_item("Orders", &json!({"id": {"S": "o-7"}})).unwrap().unwrap();
    assert_eq!(saved["status"], json!({"S": "accepted"}));
    assert_eq!(saved["audited"], json!({"BOOL": true}), "the nested audit's updateItem");
    let shipped = local.queue_messages("Shipping").unwrap();
    assert_eq!(shipped.len(), 1);
    let body: serde_json::Value = serde_json::from_str(&shipped[0].body).unwrap();
    assert_eq!(body["id"], "o-7");
    assert_eq!(local.list_executions(Some("audit"))[0]["status"], "SUCCEEDED");
    let history = local.execution_history(&arn).unwrap();
    let waited = history.iter().any(|e| e["type"] == "WaitStateExited");
    assert!(waited);
}

#[tokio::test]
async fn an_invalid_order_is_rejected_and_a_failed_charge_is_refunded() {
    let (local, rec) = orders().await;
    rec.answer("validate", |_| Err(failure("InvalidOrder", "no items")));
    let arn = local.start_execution("order_workflow", order(10)).await.unwrap();
    let result = local.wait_execution(&arn).await.unwrap();
    assert_eq!(result.error.as_deref(), Some("OrderRejected"));
    assert!(rec.calls("charge").is_empty());

    let (local, rec) = orders().await;
    rec.answer("charge", |_| Err(failure("CardDeclined", "insufficient funds")));
    let arn = local.start_execution("order_workflow", order(10)).await.unwrap();
    let result = local.wait_execution(&arn).await.unwrap();
    assert_eq!(result.error.as_deref(), Some("OrderRejected"), "{result:?}");
    assert_eq!(rec.calls("refund").len(), 1);
    assert!(local.queue_messages("Shipping").unwrap().is_empty());
}

#[tokio::test]
async fn a_declined_approval_rejects_the_order() {
    let (local, _) = orders().await;
    let arn = local.start_execution("order_workflow", order(5000)).await.unwrap();
    let token = approval_token(&local, &arn).await;
    local.send_task_failure(&token, Some("Declined".into()), Some("too expensive".into())).unwrap();
    let result = local.wait_execution(&arn).await.unwrap();
    assert_eq!(result.error.as_deref(), Some("OrderRejected"));
    assert_eq!(local.get_item("Orders", &json!({"id": {"S": "o-7"}})).unwrap(), None);
}

#[tokio::test]
async fn a_crashing_approval_handler_fails_the_callback_task() {
    let (local, rec) = orders().await;
    rec.answer("request_approval", |_| Err(failure("Runtime.ExitError", "panicked")));
    let arn = local.start_execution("order_workflow", order(5000)).await.unwrap();
    let result = local.wait_execution(&arn).await.unwrap();
    // `Runtime.ExitError` is not caught by the approval step, so the execution fails with it.
    assert_eq!(result.error.as_deref(), Some("Runtime.ExitError"), "{result:?}");
    assert!(local.pending_tokens().is_empty());
}
