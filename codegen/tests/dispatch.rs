//! End to end through the Runtime API emulator: the `#[function]` glue and `_HANDLER` dispatch of a real
//! lambdaform bootstrap (`bench/glue-lambdaform`, binary `glue-lambdaform-service`: functions `total` and
//! `charge`).

use lambdaform_codegen::binary::read_manifest;
use lambdaform_codegen::runtime_api::{FunctionEnv, FunctionError, FunctionProcess, InvokeError, Outcome, RuntimeApi};
use lambdaform_manifest::Fragment;
use serde_json::{json, Value};
use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

const BINARY: &str = "glue-lambdaform-service";

fn bootstrap() -> PathBuf {
    lambdaform_test_support::package_binary("glue-lambdaform", BINARY)
}

fn function_env(handler: &str) -> FunctionEnv {
    FunctionEnv {
        handler: handler.to_owned(),
        function_name: format!("shop-{handler}"),
        timeout: Duration::from_secs(10),
        ..FunctionEnv::default()
    }
}

/// Starts the bootstrap as `handler` and sends it each event in turn.
async fn invoke_all(handler: &str, events: &[Value]) -> Vec<Result<Outcome, InvokeError>> {
    let env = function_env(handler);
    let api = RuntimeApi::start().await.expect("start the emulator");
    let process = FunctionProcess::spawn(&bootstrap(), &api, &env).await.expect("spawn the bootstrap");
    let mut outcomes = Vec::new();
    for event in events {
        let invocation = api.invoke(env.invoke_request(event.to_string())).await;
        outcomes.push(invocation.map(|i| i.outcome));
    }
    process.kill().await;
    api.shutdown().await;
    outcomes
}

fn response(outcome: &Result<Outcome, InvokeError>) -> Value {
    match outcome {
        Ok(Outcome::Response(body)) => serde_json::from_slice(body).expect("a JSON response"),
        other => panic!("expected a response, got {other:?}"),
    }
}

fn error(outcome: &Result<Outcome, InvokeError>) -> &FunctionError {
    match outcome {
        Ok(Outcome::Error(error)) => error,
        other => panic!("expected a function error, got {other:?}"),
    }
}

fn warmup_ping() -> Value {
    serde_json::from_str(lambdaform_manifest::limits::WARMUP_PAYLOAD).expect("the ping is JSON")
}

#[tokio::test]
async fn total_answers_a_typed_order() {
    let order = json!({"id": "o-7", "items": [{"sku": "a", "quantity": 2, "unit_cents": 150}, {"sku": "b", "quantity": 1, "unit_cents": 99}]});
    let outcomes = invoke_all("total", &[order, json!({"id": "o-8", "items": []})]).await;
    assert_eq!(response(&outcomes[0]), json!({"id": "o-7", "items": 3, "total_cents": 399}));
    assert_eq!(response(&outcomes[1]), json!({"id": "o-8", "items": 0, "total_cents": 0}));
}

#[tokio::test]
async fn warmup_ping_is_answered_without_running_the_handler() {
    // `charge` accepts any object and fails with `InvalidAmount` on one without `amount_cents`, so a ping that
    // reached it would come back as that error; `total` could not even deserialize it.
    let charge = invoke_all("charge", &[warmup_ping(), json!({"order_id": "o-1", "amount_cents": 0})]).await;
    assert_eq!(response(&charge[0]), json!({"warm": true}));
    assert_eq!(error(&charge[1]).error_type, "InvalidAmount", "the handler does run on a real event");
    let spaced: Value = serde_json::from_str(r#"{ "source" : "lambdaform.warmup" }"#).unwrap();
    let total = invoke_all("total", &[warmup_ping(), spaced]).await;
    assert_eq!(response(&total[0]), json!({"warm": true}));
    assert_eq!(response(&total[1]), json!({"warm": true}));
}

#[tokio::test]
async fn an_event_of_the_wrong_shape_is_an_unmarshal_error() {
    let outcomes = invoke_all("total", &[json!({"id": 5, "items": []}), json!({"source": "aws.events"})]).await;
    for outcome in &outcomes {
        let error = error(outcome);
        assert_eq!(error.error_type, "Runtime.UnmarshalError");
        assert!(error.error_message.contains("Order"), "the message names the expected type: {}", error.error_message);
    }
    let charge = invoke_all("charge", &[json!({"amount_cents": "ten"})]).await;
    assert_eq!(error(&charge[0]).error_type, "Runtime.UnmarshalError");
}

#[tokio::test]
async fn a_handler_error_reports_its_variant_name() {
    let events = [
        json!({"order_id": "o-1", "amount_cents": -5}),
        json!({"order_id": "o-2", "amount_cents": 250_000}),
        json!({"order_id": "o-3", "amount_cents": 4_200}),
    ];
    let outcomes = invoke_all("charge", &events).await;
    let invalid = error(&outcomes[0]);
    assert_eq!(
        (invalid.error_type.as_str(), invalid.error_message.as_str()),
        ("InvalidAmount", "cannot charge -5 cents")
    );
    let declined = error(&outcomes[1]);
    assert_eq!(declined.error_type, "Declined");
    assert_eq!(declined.error_message, "250000 cents is over the 100000 cent limit");
    assert_eq!(response(&outcomes[2]), json!({"order_id": "o-3", "charged_cents": 4200}));
}

#[test]
fn an_unknown_handler_exits_naming_the_known_functions() {
    let output = Command::new(bootstrap()).env("_HANDLER", "refund").output().expect("run the bootstrap");
    assert!(!output.status.success(), "the bootstrap must fail, got {}", output.status);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("`refund`"), "names the handler it was given: {stderr}");
    assert!(stderr.contains("known functions: charge, total"), "lists the known functions: {stderr}");
}

#[tokio::test]
async fn an_unknown_handler_is_an_init_error_in_the_emulator() {
    let outcomes = invoke_all("refund", &[json!({})]).await;
    match &outcomes[0] {
        Err(InvokeError::InitError(error)) => assert_eq!(error.error_type, "Runtime.ExitError"),
        other => panic!("expected an init error, got {other:?}"),
    }
}

#[test]
fn the_manifest_flag_prints_every_fragment() {
    let output = Command::new(bootstrap()).arg("--lambdaform-manifest").output().expect("run the bootstrap");
    assert!(output.status.success(), "exit status {}", output.status);
    let fragments = Fragment::decode_section(&output.stdout).expect("the output is a sequence of fragments");
    let mut names: Vec<String> = fragments
        .iter()
        .map(|fragment| match fragment {
            Fragment::Service { name } => format!("service {name}"),
            Fragment::Function(function) => format!("function {}", function.name),
            Fragment::Resource(resource) => format!("resource {resource:?}"),
            Fragment::StateMachine(machine) => format!("state machine {}", machine.name),
        })
        .collect();
    names.sort();
    assert_eq!(names, ["function charge", "function total", "service glue-lambdaform"]);
    // The printed fragments are the ones `lambdaform` reads from the file without running it.
    let manifest = read_manifest(&bootstrap()).expect("read the manifest from the binary");
    let mut printed: Vec<_> = fragments
        .into_iter()
        .filter_map(|fragment| match fragment {
            Fragment::Function(function) => Some(function),
            _ => None,
        })
        .collect();
    printed.sort_by(|a, b| a.name.cmp(&b.name));
    assert_eq!(manifest.functions, printed);
    assert_eq!(manifest.service, "glue-lambdaform");
}
