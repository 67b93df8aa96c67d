//! The `order` workflow run twice per input, as its generated ASL on the local executor (with the real
//! handlers, in-process) and as its plain Rust body, in the same in-memory world: both must end the same way
//! and leave the same table rows and notifications.

use lambdaform::testing::{same_result, workflow, Failed, NativeOutcome, Outcome, Services, WorkflowTest};
use order_workflow::model::{Approval, OrderRequest, Receipt};
use order_workflow::steps::payment::PaymentError;
use order_workflow::steps::refund;
use order_workflow::workflow::{order, APPROVAL_THRESHOLD_CENTS};
use serde_json::{json, Value};

fn event(text: &str) -> OrderRequest {
    serde_json::from_str(text).expect("the sample event is an OrderRequest")
}

fn reviewer(approved: bool) -> WorkflowTest<order> {
    workflow::<order>().callback_answer(move || Ok(Approval { approved, reviewer: "ops@example.com".into() }))
}

/// What the world looks like after a run, compared between the two runs.
fn world(services: &Services) -> Value {
    let messages: Vec<Value> = services
        .published("Notifications")
        .iter()
        .map(|p| serde_json::from_str(&p.message).unwrap_or(Value::String(p.message.clone())))
        .collect();
    json!({"orders": services.items("Orders"), "notifications": messages})
}

/// Runs `input` both ways (with a fresh test from `make` each time) and checks they agree.
async fn both(
    case: &str,
    make: impl Fn() -> WorkflowTest<order>,
    input: &OrderRequest,
) -> (Outcome<Receipt>, NativeOutcome<Receipt>) {
    let asl = make().run(input.clone()).await.expect("the ASL runs");
    let native = make().run_native(input.clone()).await.expect("the body runs");
    assert!(
        same_result(&asl.result, &native.result),
        "{case}: the ASL ended {:?}, the Rust body {:?}",
        asl.result,
        native.result
    );
    assert_eq!(world(&asl.services), world(&native.services), "{case}: the runs left different worlds");
    println!("{case}: same result ({}), {} history events", describe(&asl.result), asl.history.len());
    (asl, native)
}

fn describe(result: &Result<Receipt, Failed>) -> String {
    match result {
        Ok(r) => format!("receipt for {} with {} shipment(s)", r.order_id, r.shipments.len()),
        Err(f) => format!("failed with {}", f.error),
    }
}

#[tokio::test]
async fn small_order_ships_without_approval() {
    let input = event(include_str!("../events/small-order.json"));
    let (asl, native) = both("small order", workflow::<order>, &input).await;
    let receipt = asl.result.as_ref().unwrap();
    assert_eq!(receipt.total_cents, 3_300);
    assert_eq!(receipt.charge_id, "ch_o-1001");
    assert_eq!(receipt.shipments.len(), 2);
    assert_eq!(asl.calls("approve"), 0);
    assert_eq!(asl.services.items("Orders")[0]["status"], "shipped");
    // One hour waited for the carrier: virtual on both sides.
    assert_eq!(native.slept.as_secs(), 3600);
    let wait = asl.history.iter().find(|e| e["type"] == "WaitStateExited").expect("a Wait state ran");
    assert!(wait["timestamp"].as_str() > asl.history[0]["timestamp"].as_str());
}

#[tokio::test]
async fn big_order_waits_for_approval_then_ships() {
    let input = event(include_str!("../events/big-order.json"));
    assert!(input.items.iter().map(|i| i.unit_price_cents).sum::<u64>() > APPROVAL_THRESHOLD_CENTS);
    let (asl, _) = both("big order approved", || reviewer(true), &input).await;
    assert_eq!(asl.calls("approve"), 1);
    let token = asl.invocations.iter().find(|i| i.function == "approve").and_then(|i| i.task_token.clone());
    assert!(token.is_some(), "the approval step got a task token");
    assert_eq!(asl.result.unwrap().total_cents, 462_000);
}

#[tokio::test]
async fn big_order_rejected_fails_without_charging() {
    let input = event(include_str!("../events/big-order.json"));
    let (asl, _) = both("big order rejected", || reviewer(false), &input).await;
    assert_eq!(asl.result.as_ref().unwrap_err().error, "Rejected");
    assert_eq!(asl.calls("charge"), 0);
    assert_eq!(asl.services.items("Orders")[0]["status"], "rejected");
}

#[tokio::test]
async fn big_order_answered_by_hand_through_the_callback_handle() {
    let input = event(include_str!("../events/big-order.json"));
    let running = workflow::<order>().start(input).unwrap();
    let callbacks = running.callbacks();
    let approve = async {
        let token = callbacks.next_token().await;
        let approval: Value = serde_json::from_str(include_str!("../events/approval.json")).unwrap();
        callbacks.send_success(&token, approval).unwrap();
    };
    let (outcome, ()) = tokio::join!(running.finish(), approve);
    assert_eq!(outcome.unwrap().result.unwrap().order_id, "o-2002");
}

#[tokio::test]
async fn out_of_stock_is_compensated_by_a_refund() {
    let input = event(include_str!("../events/out-of-stock.json"));
    let (asl, _) = both("reserve failure", workflow::<order>, &input).await;
    assert_eq!(asl.result.as_ref().unwrap_err().error, "OrderCancelled");
    assert_eq!(asl.calls("refund"), 1);
    assert_eq!(asl.services.items("Orders")[0]["status"], "refunded");
    assert!(asl.services.published("Notifications").is_empty());
}

#[tokio::test]
async fn gateway_down_retries_the_refund_then_fails_alike() {
    let input = event(include_str!("../events/gateway-down.json"));
    let (asl, _) = both("payment gateway down", workflow::<order>, &input).await;
    let failed = asl.result.as_ref().unwrap_err();
    assert_eq!(
        (failed.error.as_str(), failed.message().as_str()),
        ("GatewayUnavailable", "the payment gateway did not answer")
    );
    // The first try and four retries.
    assert_eq!(asl.calls("refund"), 5);
}

#[tokio::test]
async fn a_refund_that_fails_once_succeeds_on_retry() {
    let input = event(include_str!("../events/out-of-stock.json"));
    let failures = std::sync::atomic::AtomicU32::new(0);
    let outcome = workflow::<order>()
        .mock::<refund>(move |request| {
            if failures.fetch_add(1, std::sync::atomic::Ordering::SeqCst) == 0 {
                return Err(PaymentError::GatewayUnavailable);
            }
            order_workflow::steps::payment::give_back(&request)
        })
        .run(input)
        .await
        .unwrap();
    assert_eq!(outcome.result.as_ref().unwrap_err().error, "OrderCancelled");
    assert_eq!(outcome.calls("refund"), 2);
    let retried = outcome.history.iter().filter(|e| e["type"] == "TaskFailed").count();
    assert!(retried >= 2, "reserve_stock's and the first refund's failures are in the history");
}

#[tokio::test]
async fn an_empty_order_fails_validation_alike() {
    let input = event(include_str!("../events/empty-order.json"));
    let (asl, _) = both("empty order", workflow::<order>, &input).await;
    let failed = asl.result.unwrap_err();
    assert_eq!((failed.error.as_str(), failed.message().as_str()), ("EmptyOrder", "the order has no items"));
    assert!(asl.services.items("Orders").is_empty());
}
