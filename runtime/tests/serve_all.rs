#![cfg(unix)]
//! `LAMBDAFORM_SERVE_ALL` mode against a minimal frame server on a Unix socket (the protocol
//! `lambdaform local` speaks, docs/local.md): every function of the binary answers from one process,
//! invocations overlap, each handler sees the context the Runtime API's headers would give it, and a
//! panicking handler fails only its own invocation.

use std::collections::BTreeMap;
use std::time::Duration;

use lambdaform::__private::framing::SOCKET_ENV;
use lambdaform::__private::serve;
use lambdaform::function;
use lambdaform::Context;
use serde::Deserialize;
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::UnixListener;

#[derive(Deserialize)]
struct Nap {
    ms: u64,
}

#[function]
async fn nap(nap: Nap) -> Result<u64, lambdaform::Error> {
    tokio::time::sleep(Duration::from_millis(nap.ms)).await;
    Ok(nap.ms)
}

#[function]
async fn explode(_: Value) -> Result<Value, lambdaform::Error> {
    panic!("boom")
}

/// Everything the handler's context holds, as JSON.
#[function(memory = 512)]
async fn whoami(_: Value, context: Context) -> Result<Value, lambdaform::Error> {
    Ok(json!({
        "request_id": context.request_id,
        "deadline": context.deadline,
        "arn": context.invoked_function_arn,
        "trace": context.xray_trace_id,
        "client_context": context.client_context.map(|c| c.custom),
        "identity": context.identity.map(|i| i.identity_id),
        "name": context.env_config.function_name,
        "memory": context.env_config.memory,
        "version": context.env_config.version,
        "log_group": context.env_config.log_group,
    }))
}

lambdaform::main!();

/// An event frame: deadline, request id, function, ARN, trace id, client context, Cognito identity, payload.
fn event(id: &str, function: &str, client_context: &str, identity: &str, payload: &str) -> Vec<u8> {
    let mut body = 4_102_444_800_000u64.to_le_bytes().to_vec();
    let arn = "arn:aws:lambda:us-east-1:000000000000:function:f";
    for text in [id, function, arn, "Root=1-5759e988-bd862e3fe1be46a994272793", client_context, identity] {
        body.extend_from_slice(&(text.len() as u32).to_le_bytes());
        body.extend_from_slice(text.as_bytes());
    }
    body.extend_from_slice(payload.as_bytes());
    let mut frame = (body.len() as u32).to_le_bytes().to_vec();
    frame.extend_from_slice(&body);
    frame
}

/// Reads reply frames until `count` have arrived: request id to (ok, body or `{errorType, errorMessage}`).
async fn replies(socket: &mut tokio::net::UnixStream, count: usize) -> BTreeMap<String, (bool, Value)> {
    let mut answers = BTreeMap::new();
    while answers.len() < count {
        let length = socket.read_u32_le().await.unwrap() as usize;
        let mut frame = vec![0; length];
        socket.read_exact(&mut frame).await.unwrap();
        let kind = frame[0];
        let id_length = u32::from_le_bytes(frame[1..5].try_into().unwrap()) as usize;
        let id = String::from_utf8(frame[5..5 + id_length].to_vec()).unwrap();
        let rest = &frame[5 + id_length..];
        let answer = if kind == 0 {
            (true, serde_json::from_slice(rest).expect("answers are JSON"))
        } else {
            let type_length = u32::from_le_bytes(rest[..4].try_into().unwrap()) as usize;
            let error_type = String::from_utf8_lossy(&rest[4..4 + type_length]);
            let message = String::from_utf8_lossy(&rest[4 + type_length..]);
            (false, json!({"errorType": error_type, "errorMessage": message}))
        };
        answers.insert(id, answer);
    }
    answers
}

#[test]
fn every_function_in_one_process() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let path = std::env::temp_dir().join(format!("lambdaform-serve-all-test-{}.sock", std::process::id()));
    let _ = std::fs::remove_file(&path);
    let listener = runtime.block_on(async { UnixListener::bind(&path) }).unwrap();
    // What `lambdaform local` sets, as Lambda does.
    std::env::set_var(SOCKET_ENV, &path);
    std::env::set_var("AWS_LAMBDA_FUNCTION_NAME", "service");
    std::env::set_var("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128");
    std::env::set_var("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
    std::thread::spawn(serve);
    let (mut socket, _) = runtime.block_on(listener.accept()).unwrap();
    let _ = std::fs::remove_file(&path);

    // Eight naps of 300 ms each, a panic, an unknown function, an event that is not JSON and a context
    // check, in one write: served concurrently, the failures answered as errors.
    let mut frames = Vec::new();
    for i in 0..8 {
        frames.extend(event(&format!("nap-{i}"), "nap", "", "", &json!({"ms": 300}).to_string()));
    }
    frames.extend(event("boom", "explode", "", "", "{}"));
    frames.extend(event("ghost", "missing", "", "", "{}"));
    frames.extend(event("garbled", "nap", "", "", "{not json"));
    let client_context = r#"{"custom":{"a":"b"}}"#;
    frames.extend(event("who", "whoami", client_context, r#"{"identityId":"i","identityPoolId":"p"}"#, "{}"));
    let started = std::time::Instant::now();
    let answers = runtime.block_on(async {
        socket.write_all(&frames).await.unwrap();
        tokio::time::timeout(Duration::from_secs(30), replies(&mut socket, 12)).await.expect("all answered")
    });
    let elapsed = started.elapsed();
    for i in 0..8 {
        assert_eq!(answers[&format!("nap-{i}")], (true, json!(300)));
    }
    let (ok, error) = &answers["boom"];
    assert!(!ok);
    assert_eq!(error["errorType"], "Runtime.ExitError");
    assert!(error["errorMessage"].as_str().unwrap().contains("boom"), "{error}");
    assert_eq!(answers["ghost"].1["errorType"], "Runtime.InvalidEntrypoint");
    assert_eq!(answers["garbled"].1["errorType"], "Runtime.UnmarshalError");
    let (ok, context) = &answers["who"];
    assert!(ok, "{context}");
    assert_eq!(
        context,
        &json!({
            "request_id": "who",
            "deadline": 4_102_444_800_000u64,
            "arn": "arn:aws:lambda:us-east-1:000000000000:function:f",
            "trace": "Root=1-5759e988-bd862e3fe1be46a994272793",
            "client_context": {"a": "b"},
            "identity": "i",
            "name": "whoami",
            "memory": 512,
            "version": "$LATEST",
            "log_group": "/aws/lambda/whoami",
        })
    );
    // Printed, not asserted: eight overlapping 300 ms naps take about 300 ms, not 2.4 s.
    println!("12 invocations answered in {elapsed:?}");
    // After the panic the process still serves.
    let after = runtime.block_on(async {
        socket.write_all(&event("after", "nap", "", "", r#"{"ms":1}"#)).await.unwrap();
        tokio::time::timeout(Duration::from_secs(30), replies(&mut socket, 1)).await.expect("served after a panic")
    });
    assert_eq!(after["after"], (true, json!(1)));
}
