//! A real `lambda_runtime` bootstrap for the Runtime API emulator's tests (`tests/runtime_api.rs`).
//!
//! The event says what to do: `{"echo": v}` answers with `v` and what the function saw of its context and
//! environment; `{"fail": "msg"}` returns an `EchoError`; `{"sleep_ms": n}` sleeps first; `{"exit": code}`
//! exits mid-invocation; `{"big": n}` answers with an `n`-byte string. `ECHO_FN_INIT=exit` makes init crash,
//! `ECHO_FN_INIT=error` makes init report an error through `/init/error` and exit, `ECHO_FN_INIT=hang` makes
//! init never finish.

use lambda_runtime::{service_fn, Diagnostic, LambdaEvent};
use serde_json::{json, Value};
use std::io::{Read, Write};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

#[derive(Debug)]
struct EchoError(String);

impl From<EchoError> for Diagnostic {
    fn from(error: EchoError) -> Diagnostic {
        Diagnostic { error_type: "EchoError".to_owned(), error_message: error.0 }
    }
}

const SEEN_VARIABLES: [&str; 7] = [
    "_HANDLER",
    "AWS_LAMBDA_FUNCTION_NAME",
    "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
    "AWS_REGION",
    "LAMBDA_TASK_ROOT",
    "AWS_LAMBDA_LOG_GROUP_NAME",
    "GREETING",
];

async fn handle(event: LambdaEvent<Value>) -> Result<Value, EchoError> {
    let (payload, context) = event.into_parts();
    let started_us = micros_since_epoch();
    if let Some(millis) = payload.get("sleep_ms").and_then(Value::as_u64) {
        tokio::time::sleep(Duration::from_millis(millis)).await;
    }
    if let Some(code) = payload.get("exit").and_then(Value::as_i64) {
        std::process::exit(i32::try_from(code).unwrap_or(1));
    }
    if let Some(message) = payload.get("fail").and_then(Value::as_str) {
        return Err(EchoError(message.to_owned()));
    }
    if let Some(size) = payload.get("big").and_then(Value::as_u64) {
        return Ok(Value::String("x".repeat(usize::try_from(size).unwrap_or(0))));
    }
    let env: serde_json::Map<String, Value> = SEEN_VARIABLES
        .iter()
        .filter_map(|name| Some((name.to_string(), Value::String(std::env::var(name).ok()?))))
        .collect();
    Ok(json!({
        "echo": payload.get("echo").cloned().unwrap_or(Value::Null),
        "request_id": context.request_id,
        "deadline_ms": context.deadline,
        "function_arn": context.invoked_function_arn,
        "client_context": context.client_context,
        "trace_id": context.xray_trace_id,
        "env": env,
        "pid": std::process::id(),
        "started_us": started_us,
        "finished_us": micros_since_epoch(),
    }))
}

fn micros_since_epoch() -> u128 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |since| since.as_micros())
}

/// Reports an init failure the way a runtime does, with a plain HTTP/1.1 request.
fn post_init_error(message: &str) -> std::io::Result<()> {
    let api = std::env::var("AWS_LAMBDA_RUNTIME_API").map_err(std::io::Error::other)?;
    let body = json!({ "errorType": "EchoInitError", "errorMessage": message }).to_string();
    let mut stream = std::net::TcpStream::connect(&api)?;
    write!(
        stream,
        "POST /2018-06-01/runtime/init/error HTTP/1.1\r\nHost: {api}\r\n\
         Lambda-Runtime-Function-Error-Type: EchoInitError\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )?;
    let mut reply = String::new();
    stream.read_to_string(&mut reply)?;
    Ok(())
}

#[tokio::main]
async fn main() -> Result<(), lambda_runtime::Error> {
    match std::env::var("ECHO_FN_INIT").as_deref() {
        Ok("exit") => std::process::exit(3),
        Ok("hang") => std::thread::sleep(Duration::from_secs(3600)),
        Ok("error") => {
            post_init_error("configuration missing")?;
            std::process::exit(1);
        }
        _ => {}
    }
    lambda_runtime::run(service_fn(handle)).await
}
