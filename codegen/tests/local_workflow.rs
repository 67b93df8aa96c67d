//! examples/order-workflow through the real dev server (`lambdaform local --virtual-clock` as a child
//! process): executions started, watched and answered with the real `aws-sdk-sfn` client and with the
//! `lambdaform local` workflow subcommands. A big order waits on its approval callback, the token is sent
//! two (virtual) hours later and the order ships (Parallel charge/reserve, Map over the picks, the carrier's
//! one-hour Wait, notify); an out-of-stock order is compensated by its Catch (refund); a rejected approval
//! fails the order.

mod local_support;

use aws_sdk_sfn::types::{ExecutionStatus, HistoryEvent, HistoryEventType};
use local_support::{aws_config, workspace_binary, DevServer};
use serde_json::{json, Value};
use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

const PATIENCE: Duration = Duration::from_secs(60);

fn sample(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../examples/order-workflow/events").join(name)
}

fn sample_text(name: &str) -> String {
    std::fs::read_to_string(sample(name)).expect("the sample event")
}

/// `lambdaform local ARGS --port PORT` against the running server: its printed JSON answer.
fn cli(server: &DevServer, args: &[&str]) -> Value {
    let output = Command::new(env!("CARGO_BIN_EXE_lambdaform"))
        .arg("local")
        .args(args)
        .args(["--port", &server.address.port().to_string()])
        .output()
        .expect("run lambdaform local");
    assert!(output.status.success(), "lambdaform local {args:?}: {}", String::from_utf8_lossy(&output.stderr));
    serde_json::from_slice(&output.stdout).expect("the subcommand prints JSON")
}

/// The same FNV-1a the example's `ship_item` derives tracking numbers from.
fn tracking(order: &str, sku: &str) -> String {
    let hash = format!("{order}/{sku}")
        .bytes()
        .fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3));
    format!("TRK{:010}", hash % 10_000_000_000)
}

/// The task token the only waiting callback task holds, once the execution reaches it.
async fn waiting_token(server: &DevServer, execution: &str) -> String {
    server
        .eventually("the approval callback's task token", PATIENCE, || async {
            let listed = server.call("GET", "/_lambdaform/task-tokens", Vec::new()).await.json();
            listed["taskTokens"]
                .as_array()?
                .iter()
                .find(|t| t["executionArn"] == execution)
                .and_then(|t| t["taskToken"].as_str().map(str::to_owned))
        })
        .await
}

async fn ended(
    sfn: &aws_sdk_sfn::Client,
    server: &DevServer,
    arn: &str,
) -> aws_sdk_sfn::operation::describe_execution::DescribeExecutionOutput {
    server
        .eventually("the execution's end", PATIENCE, || async {
            let described = sfn.describe_execution().execution_arn(arn).send().await.expect("DescribeExecution");
            (described.status() != &ExecutionStatus::Running).then_some(described)
        })
        .await
}

async fn history(sfn: &aws_sdk_sfn::Client, arn: &str) -> Vec<HistoryEvent> {
    // A small page size makes the paginator follow nextToken.
    let pages = sfn.get_execution_history().execution_arn(arn).max_results(20).into_paginator().items().send();
    pages.collect::<Result<Vec<_>, _>>().await.expect("GetExecutionHistory")
}

fn first(events: &[HistoryEvent], kind: HistoryEventType) -> &HistoryEvent {
    events.iter().find(|e| e.r#type() == &kind).unwrap_or_else(|| panic!("no {kind:?} event"))
}

fn seconds_between(a: &HistoryEvent, b: &HistoryEvent) -> i64 {
    b.timestamp().secs() - a.timestamp().secs()
}

/// The `Orders` row of an order, read through the dev server's DynamoDB endpoint.
async fn order_status(dynamodb: &aws_sdk_dynamodb::Client, table: &str, id: &str) -> Option<String> {
    let key = aws_sdk_dynamodb::types::AttributeValue::S(id.to_owned());
    let item = dynamodb.get_item().table_name(table).key("id", key).send().await.expect("GetItem");
    item.item()?.get("status")?.as_s().ok().cloned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn order_workflow_end_to_end() {
    let server = DevServer::start(&workspace_binary("order-workflow"), &["--virtual-clock"]);
    let config = aws_config(&server.endpoint()).await;
    let sfn = aws_sdk_sfn::Client::new(&config);
    let dynamodb = aws_sdk_dynamodb::Client::new(&config);
    let health = server.call("GET", "/_lambdaform/health", Vec::new()).await.json();
    let table = health["resources"]["Orders"]["names"]["name"].as_str().expect("the table's name").to_owned();

    let machines = sfn.list_state_machines().send().await.expect("ListStateMachines");
    let [machine] = machines.state_machines() else { panic!("one machine: {machines:?}") };
    assert!(machine.name().ends_with("order"), "{}", machine.name());
    let machine_arn = machine.state_machine_arn().to_owned();

    // A big order: started with the SDK, it stops at the approval callback.
    let started = sfn
        .start_execution()
        .state_machine_arn(&machine_arn)
        .name("big-order")
        .input(sample_text("big-order.json"))
        .send()
        .await
        .expect("StartExecution");
    let arn = started.execution_arn().to_owned();
    let token = waiting_token(&server, &arn).await;
    let running = sfn.describe_execution().execution_arn(&arn).send().await.expect("DescribeExecution");
    assert_eq!(running.status(), &ExecutionStatus::Running);
    let duplicate = sfn.start_execution().state_machine_arn(&machine_arn).name("big-order").input("{}").send().await;
    assert!(duplicate.expect_err("a second execution of that name").into_service_error().is_execution_already_exists());
    // The log said which token the approval step waits on, and the handler that received it ran.
    let log = server.log.lock().unwrap().clone();
    let callback = log
        .iter()
        .find(|r| r["type"] == "event" && r["event"]["record"] == "callback")
        .expect("a callback record in the log");
    assert_eq!(callback["event"]["task_token"], token.as_str(), "{callback}");
    assert_eq!(server.reports("approve").len(), 1);
    assert_eq!(order_status(&dynamodb, &table, "o-2002").await.as_deref(), Some("validated"));

    // Two hours pass on the dev server's clock before the reviewer answers, with the SDK.
    let moved = server.call("POST", "/_lambdaform/clock", br#"{"advance_seconds": 7200}"#.to_vec()).await;
    assert_eq!(moved.status, 200, "{}", moved.text());
    sfn.send_task_success()
        .task_token(&token)
        .output(sample_text("approval.json"))
        .send()
        .await
        .expect("SendTaskSuccess");
    let again = sfn.send_task_success().task_token(&token).output("{}").send().await;
    assert!(again.expect_err("the token was used").into_service_error().is_task_does_not_exist());

    let done = ended(&sfn, &server, &arn).await;
    assert_eq!(done.status(), &ExecutionStatus::Succeeded, "{done:?}");
    let receipt: Value = serde_json::from_str(done.output().expect("an output")).unwrap();
    let shipment = |sku: &str| json!({"sku": sku, "quantity": 1, "tracking_number": tracking("o-2002", sku)});
    assert_eq!(
        receipt,
        json!({
            "order_id": "o-2002",
            "charge_id": "ch_o-2002",
            "total_cents": 462_000,
            "shipments": [shipment("piano"), shipment("piano-stool")],
        })
    );
    assert_eq!(order_status(&dynamodb, &table, "o-2002").await.as_deref(), Some("shipped"));

    let events = history(&sfn, &arn).await;
    println!("big order: {} history events", events.len());
    assert_eq!(events.first().map(|e| e.r#type()), Some(&HistoryEventType::ExecutionStarted));
    assert_eq!(events.last().map(|e| e.r#type()), Some(&HistoryEventType::ExecutionSucceeded));
    let callback_scheduled = events
        .iter()
        .find(|e| e.task_scheduled_event_details().is_some_and(|d| d.resource().ends_with("waitForTaskToken")))
        .expect("the approval task was scheduled");
    let callback_succeeded = events
        .iter()
        .find(|e| e.task_succeeded_event_details().is_some_and(|d| d.resource().ends_with("waitForTaskToken")))
        .expect("the approval task succeeded");
    assert!(
        seconds_between(callback_scheduled, callback_succeeded) >= 7200,
        "the execution resumed on the dev server's clock"
    );
    for kind in [
        HistoryEventType::ParallelStateEntered,
        HistoryEventType::MapStateEntered,
        HistoryEventType::MapIterationSucceeded,
    ] {
        first(&events, kind);
    }
    let wait = seconds_between(
        first(&events, HistoryEventType::WaitStateEntered),
        first(&events, HistoryEventType::WaitStateExited),
    );
    assert_eq!(wait, 3600, "the carrier's hour, on virtual time");
    let lambda_tasks = events.iter().filter(|e| e.r#type() == &HistoryEventType::TaskSucceeded).count();
    // validate, Orders.put, approve, charge, reserve_stock, 2 × ship_item, notify, publish, Orders.update.
    assert_eq!(lambda_tasks, 10, "{events:#?}");
    assert_eq!(server.reports("notify").len(), 1);
    assert_eq!(server.reports("ship_item").len(), 2);

    // Out of stock, started with the CLI: the Parallel fails, its Catch refunds and the order is cancelled.
    let out_of_stock = sample("out-of-stock.json");
    let started = cli(&server, &["start-execution", "order", "--input-file", out_of_stock.to_str().unwrap()]);
    let arn = started["executionArn"].as_str().expect("an execution ARN").to_owned();
    let done = ended(&sfn, &server, &arn).await;
    assert_eq!(done.status(), &ExecutionStatus::Failed);
    assert_eq!(done.error(), Some("OrderCancelled"));
    assert_eq!(server.reports("refund").len(), 1);
    assert_eq!(order_status(&dynamodb, &table, "o-3003").await.as_deref(), Some("refunded"));
    let described = cli(&server, &["executions", &arn]);
    assert_eq!(described["status"], "FAILED");
    let kinds: Vec<&str> = described["events"].as_array().unwrap().iter().filter_map(|e| e["type"].as_str()).collect();
    assert!(kinds.contains(&"ParallelStateFailed") || kinds.contains(&"ParallelStateExited"), "{kinds:?}");
    assert_eq!(kinds.last(), Some(&"ExecutionFailed"));

    // A rejected approval, answered with the CLI, fails the order with `Rejected`.
    let rejected = json!({"order_id": "o-2003", "customer_email": "ben@example.com", "card_token": "tok_visa",
        "items": [{"sku": "piano", "quantity": 1, "unit_price_cents": 450_000}]});
    let started = cli(&server, &["start-execution", "order", "--name", "rejected", "--input", &rejected.to_string()]);
    let arn = started["executionArn"].as_str().expect("an execution ARN").to_owned();
    assert!(arn.ends_with(":rejected"), "{arn}");
    let token = waiting_token(&server, &arn).await;
    let described = cli(&server, &["executions", &arn]);
    assert_eq!(described["pendingTaskTokens"][0]["taskToken"], token.as_str());
    cli(&server, &["send-task-success", &token, "--output", r#"{"approved": false, "reviewer": "ops@example.com"}"#]);
    let done = ended(&sfn, &server, &arn).await;
    assert_eq!((done.status(), done.error()), (&ExecutionStatus::Failed, Some("Rejected")));
    assert_eq!(order_status(&dynamodb, &table, "o-2003").await.as_deref(), Some("rejected"));

    // A callback failed through its token (`send-task-failure`): the step's error ends the execution.
    let failing = json!({"order_id": "o-2004", "customer_email": "ben@example.com", "card_token": "tok_visa",
        "items": [{"sku": "piano", "quantity": 1, "unit_price_cents": 450_000}]});
    let started = cli(&server, &["start-execution", "order", "--input", &failing.to_string()]);
    let arn = started["executionArn"].as_str().expect("an execution ARN").to_owned();
    let token = waiting_token(&server, &arn).await;
    cli(&server, &["send-task-failure", &token, "--error", "ReviewerAway", "--cause", "nobody on duty"]);
    let done = ended(&sfn, &server, &arn).await;
    assert_eq!((done.status(), done.error()), (&ExecutionStatus::Failed, Some("ReviewerAway")));

    // Every execution is listed; the status filter narrows them.
    let listed = sfn.list_executions().state_machine_arn(&machine_arn).send().await.expect("ListExecutions");
    assert_eq!(listed.executions().len(), 4);
    let failed = sfn
        .list_executions()
        .state_machine_arn(&machine_arn)
        .status_filter(ExecutionStatus::Failed)
        .send()
        .await
        .expect("ListExecutions");
    assert_eq!(failed.executions().len(), 3);
    let all = cli(&server, &["executions", "--status", "SUCCEEDED"]);
    assert_eq!(all["executions"].as_array().map(Vec::len), Some(1));
}

/// A machine's own triggers start executions: its `#[http]` route (as API Gateway's StartExecution
/// integration answers), its `#[schedule]` fired on demand with the schedule's input, and its EventBridge
/// rule. The dev server runs in this process on the orders fixture manifest; the executions' Lambda tasks
/// fail (bootstrap mode with no binary), which is beside the point here.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_machines_triggers_start_executions() {
    use lambdaform_codegen::local::{client::Connection, logs::Logs, Mode, Options};
    let manifest_path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/manifests/orders.json");
    let manifest: lambdaform_manifest::Manifest =
        serde_json::from_str(&std::fs::read_to_string(manifest_path).unwrap()).expect("the orders manifest");
    let options = Options { port: 0, mode: Mode::Bootstrap, store_dir: None, virtual_clock: true };
    let missing = PathBuf::from("/nonexistent/bootstrap");
    let running =
        lambdaform_codegen::local::start(&options, &missing, manifest, std::sync::Arc::new(Logs::stdout(true)))
            .await
            .expect("the dev server starts");
    let mut http = Connection::open(running.address()).await.unwrap();

    let started = http.call_json("POST", "/orders", br#"{"id": "o-1", "total": 5}"#.to_vec()).await.unwrap();
    assert_eq!(started.status, 200, "{}", started.text());
    let arn = started.json()["executionArn"].as_str().expect("StartExecution's answer").to_owned();
    assert!(arn.contains(":execution:orders-local-order_workflow:"), "{arn}");
    assert!(started.json()["startDate"].is_f64());
    let refused = http.call_json("POST", "/orders", b"not json".to_vec()).await.unwrap();
    assert_eq!((refused.status, refused.json()["__type"].as_str()), (400, Some("InvalidExecutionInput")));

    let fired = http.call("POST", "/_lambdaform/schedules/nightly_export", Vec::new()).await.unwrap();
    assert_eq!(fired.status, 200, "{}", fired.text());
    let event = br#"{"source": "orders.backoffice", "detail-type": "AuditRequested", "detail": {"order": "o-1"}}"#;
    let put = http.call_json("POST", "/_lambdaform/events", event.to_vec()).await.unwrap();
    assert_eq!(put.json()["matched"], 1, "{}", put.text());

    let listed = http.call("GET", "/_lambdaform/executions", Vec::new()).await.unwrap().json();
    let machines: Vec<&str> = listed["executions"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["stateMachineArn"].as_str()?.rsplit(':').next())
        .collect();
    assert_eq!(machines, ["orders-local-audit", "orders-local-nightly_export", "orders-local-order_workflow"]);
    let nightly = http.call("GET", "/_lambdaform/executions?machine=nightly_export", Vec::new()).await.unwrap().json();
    let nightly_arn = nightly["executions"][0]["executionArn"].as_str().unwrap().to_owned();
    let path = format!("/_lambdaform/executions/{nightly_arn}");
    let described = http.call("GET", &path, Vec::new()).await.unwrap().json();
    assert_eq!(described["input"], r#"{"reason":"nightly"}"#, "the schedule's input");
    let unknown = http.call("POST", "/_lambdaform/executions/nope", b"{}".to_vec()).await.unwrap();
    assert_eq!(unknown.status, 404, "{}", unknown.text());
    let unknown = http.call("POST", "/_lambdaform/task-tokens/nope/success", b"{}".to_vec()).await.unwrap();
    assert_eq!(unknown.status, 404, "{}", unknown.text());
    running.shutdown().await;
}
