//! The emulator's HTTP routes, driven with raw HTTP/1.1 requests the way a hand-written runtime would.

use lambdaform_codegen::runtime_api::{
    FunctionError, Invocation, InvokeError, InvokeRequest, Outcome, RuntimeApi, MAX_PAYLOAD_BYTES,
};
use std::net::SocketAddr;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::task::JoinHandle;

struct Reply {
    status: u16,
    head: String,
    body: String,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.eq_ignore_ascii_case(name).then(|| value.trim())
        })
    }

    fn error_type(&self) -> String {
        let body: serde_json::Value = serde_json::from_str(&self.body).expect("a JSON error body");
        body["errorType"].as_str().expect("errorType").to_owned()
    }
}

async fn send(address: SocketAddr, method: &str, path: &str, headers: &str, body: &[u8]) -> Reply {
    let mut stream = TcpStream::connect(address).await.expect("connect");
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {address}\r\n{headers}Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).await.expect("write head");
    // The server may answer and close before reading an oversized body.
    let _ = stream.write_all(body).await;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await.expect("read reply");
    let raw = String::from_utf8(raw).expect("UTF-8 reply");
    let (head, body) = raw.split_once("\r\n\r\n").expect("a head and a body");
    let status = head.split(' ').nth(1).and_then(|code| code.parse().ok()).expect("a status code");
    Reply { status, head: head.to_owned(), body: body.to_owned() }
}

async fn get(address: SocketAddr, path: &str) -> Reply {
    send(address, "GET", path, "", b"").await
}

async fn post(address: SocketAddr, path: &str, body: &[u8]) -> Reply {
    send(address, "POST", path, "", body).await
}

const NEXT: &str = "/2018-06-01/runtime/invocation/next";

fn invoke_in_background(
    api: &std::sync::Arc<RuntimeApi>,
    request: InvokeRequest,
) -> JoinHandle<Result<Invocation, InvokeError>> {
    let api = api.clone();
    tokio::spawn(async move { api.invoke(request).await })
}

#[tokio::test]
async fn unknown_paths_are_404() {
    let api = RuntimeApi::start().await.unwrap();
    for path in ["/", "/2018-06-01/runtime/invocation", "/2018-06-01/runtime/restore/next"] {
        let reply = get(api.address(), path).await;
        assert_eq!(reply.status, 404, "{path}");
        assert_eq!(reply.error_type(), "NotFound");
    }
    api.shutdown().await;
}

#[tokio::test]
async fn wrong_method_is_405_with_allow() {
    let api = RuntimeApi::start().await.unwrap();
    let reply = post(api.address(), NEXT, b"").await;
    assert_eq!(reply.status, 405);
    assert_eq!(reply.header("allow"), Some("GET"));
    let reply = get(api.address(), "/2018-06-01/runtime/invocation/abc/response").await;
    assert_eq!(reply.status, 405);
    assert_eq!(reply.header("allow"), Some("POST"));
    api.shutdown().await;
}

#[tokio::test]
async fn answers_for_unknown_request_ids_are_400() {
    let api = RuntimeApi::start().await.unwrap();
    for route in ["response", "error"] {
        let path = format!("/2018-06-01/runtime/invocation/not-an-id/{route}");
        let reply = post(api.address(), &path, b"{}").await;
        assert_eq!(reply.status, 400, "{route}");
        assert_eq!(reply.error_type(), "InvalidRequestID");
    }
    api.shutdown().await;
}

#[tokio::test]
async fn next_then_response_completes_the_invocation() {
    let api = std::sync::Arc::new(RuntimeApi::start().await.unwrap());
    let request = InvokeRequest::new(br#"{"n":1}"#.to_vec())
        .with_timeout(Duration::from_secs(30))
        .with_function_arn("arn:aws:lambda:eu-west-1:000000000000:function:f")
        .with_client_context(r#"{"custom":{"a":"b"}}"#)
        .with_cognito_identity(r#"{"identityId":"i","identityPoolId":"p"}"#);
    let invocation = invoke_in_background(&api, request);

    let event = get(api.address(), NEXT).await;
    assert_eq!(event.status, 200);
    assert_eq!(event.body, r#"{"n":1}"#);
    let id = event.header("lambda-runtime-aws-request-id").expect("request id").to_owned();
    assert_eq!(
        event.header("lambda-runtime-invoked-function-arn"),
        Some("arn:aws:lambda:eu-west-1:000000000000:function:f")
    );
    assert_eq!(event.header("lambda-runtime-client-context"), Some(r#"{"custom":{"a":"b"}}"#));
    assert_eq!(event.header("lambda-runtime-cognito-identity"), Some(r#"{"identityId":"i","identityPoolId":"p"}"#));
    assert!(event.header("lambda-runtime-trace-id").unwrap().starts_with("Root=1-"));
    let deadline: u128 = event.header("lambda-runtime-deadline-ms").unwrap().parse().unwrap();
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_millis();
    assert!(deadline > now + 25_000 && deadline <= now + 30_000, "deadline {deadline}, now {now}");

    let response_path = format!("/2018-06-01/runtime/invocation/{id}/response");
    let reply = post(api.address(), &response_path, br#"{"ok":true}"#).await;
    assert_eq!(reply.status, 202);
    let again = post(api.address(), &response_path, b"{}").await;
    assert_eq!(again.status, 400, "a second answer for the same id");

    let invocation = invocation.await.unwrap().expect("invocation succeeds");
    assert_eq!(invocation.request_id, id);
    assert_eq!(invocation.outcome, Outcome::Response(br#"{"ok":true}"#.to_vec()));
    assert_eq!(invocation.report.request_id, id);
    assert!(invocation.report.billed_duration >= invocation.duration);
}

#[tokio::test]
async fn error_route_carries_the_error_document() {
    let api = std::sync::Arc::new(RuntimeApi::start().await.unwrap());
    let invocation = invoke_in_background(&api, InvokeRequest::default());
    let event = get(api.address(), NEXT).await;
    let id = event.header("lambda-runtime-aws-request-id").unwrap().to_owned();
    let body = br#"{"errorMessage":"bad input","errorType":"ValidationError","stackTrace":["at f"]}"#;
    let path = format!("/2018-06-01/runtime/invocation/{id}/error");
    let reply = send(api.address(), "POST", &path, "Lambda-Runtime-Function-Error-Type: Unhandled\r\n", body).await;
    assert_eq!(reply.status, 202);
    let invocation = invocation.await.unwrap().unwrap();
    let expected =
        FunctionError { stack_trace: vec!["at f".to_owned()], ..FunctionError::new("ValidationError", "bad input") };
    assert_eq!(invocation.outcome, Outcome::Error(expected));
}

#[tokio::test]
async fn init_error_fails_the_first_invocation_and_refuses_next() {
    let api = std::sync::Arc::new(RuntimeApi::start().await.unwrap());
    let body = br#"{"errorMessage":"no config","errorType":"Runtime.ConfigError"}"#;
    let reply = post(api.address(), "/2018-06-01/runtime/init/error", body).await;
    assert_eq!(reply.status, 202);
    let next = get(api.address(), NEXT).await;
    assert_eq!(next.status, 500);
    let error = api.invoke(InvokeRequest::default()).await.unwrap_err();
    assert_eq!(error, InvokeError::InitError(FunctionError::new("Runtime.ConfigError", "no config")));
}

#[tokio::test]
async fn init_error_after_the_first_event_is_403() {
    let api = std::sync::Arc::new(RuntimeApi::start().await.unwrap());
    let invocation = invoke_in_background(&api, InvokeRequest::default());
    let event = get(api.address(), NEXT).await;
    assert_eq!(event.status, 200);
    let reply = post(api.address(), "/2018-06-01/runtime/init/error", b"{}").await;
    assert_eq!(reply.status, 403);
    assert_eq!(reply.error_type(), "InvalidStateTransition");
    invocation.abort();
}

#[tokio::test]
async fn oversized_response_is_413_and_fails_the_invocation() {
    let api = std::sync::Arc::new(RuntimeApi::start().await.unwrap());
    let invocation = invoke_in_background(&api, InvokeRequest::default());
    let event = get(api.address(), NEXT).await;
    let id = event.header("lambda-runtime-aws-request-id").unwrap().to_owned();
    let path = format!("/2018-06-01/runtime/invocation/{id}/response");
    let reply = post(api.address(), &path, &vec![b'x'; MAX_PAYLOAD_BYTES + 1]).await;
    assert_eq!(reply.status, 413);
    assert_eq!(reply.error_type(), "RequestEntityTooLarge");
    match invocation.await.unwrap().unwrap().outcome {
        Outcome::Error(error) => assert_eq!(error.error_type, "Function.ResponseSizeTooLarge"),
        other => panic!("expected an error outcome, got {other:?}"),
    }
}

#[tokio::test]
async fn oversized_request_and_unsendable_context_are_refused_before_queueing() {
    let api = RuntimeApi::start().await.unwrap();
    let error = api.invoke(InvokeRequest::new(vec![b' '; MAX_PAYLOAD_BYTES + 1])).await.unwrap_err();
    assert_eq!(error, InvokeError::PayloadTooLarge { size: MAX_PAYLOAD_BYTES + 1, limit: MAX_PAYLOAD_BYTES });
    let error = api.invoke(InvokeRequest::default().with_client_context("{\n}")).await.unwrap_err();
    assert!(matches!(error, InvokeError::InvalidRequest(_)), "{error}");
    api.shutdown().await;
}

#[tokio::test]
async fn invocations_are_served_first_in_first_out() {
    let api = std::sync::Arc::new(RuntimeApi::start().await.unwrap());
    let first = invoke_in_background(&api, InvokeRequest::new(b"1".to_vec()));
    // Let the first one reach the queue before the second.
    tokio::time::sleep(Duration::from_millis(20)).await;
    let second = invoke_in_background(&api, InvokeRequest::new(b"2".to_vec()));
    for expected in ["1", "2"] {
        let event = get(api.address(), NEXT).await;
        assert_eq!(event.body, expected);
        let id = event.header("lambda-runtime-aws-request-id").unwrap().to_owned();
        let path = format!("/2018-06-01/runtime/invocation/{id}/response");
        assert_eq!(post(api.address(), &path, expected.as_bytes()).await.status, 202);
    }
    assert_eq!(first.await.unwrap().unwrap().outcome, Outcome::Response(b"1".to_vec()));
    assert_eq!(second.await.unwrap().unwrap().outcome, Outcome::Response(b"2".to_vec()));
}

#[tokio::test]
async fn timeout_without_a_process_frees_the_slot() {
    let api = std::sync::Arc::new(RuntimeApi::start().await.unwrap());
    let invocation = invoke_in_background(&api, InvokeRequest::default().with_timeout(Duration::from_millis(50)));
    let event = get(api.address(), NEXT).await;
    let id = event.header("lambda-runtime-aws-request-id").unwrap().to_owned();
    let error = invocation.await.unwrap().unwrap_err();
    assert_eq!(error.to_string(), "Task timed out after 0.05 seconds");
    let late = post(api.address(), &format!("/2018-06-01/runtime/invocation/{id}/response"), b"{}").await;
    assert_eq!(late.status, 400, "a late answer is for an invocation no longer in progress");
}
