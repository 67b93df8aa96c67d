//! API Gateway as the dev server plays it, on the fixture service (`examples/local_fixture.rs`): the
//! events a handler receives (payload 2.0 and 1.0), binary bodies, CORS, and the answers when a handler
//! fails, times out or panics — after which the server goes on serving. Both handler modes.

mod local_support;

use bytes::Bytes;
use http_body_util::Full;
use local_support::{workspace_example, DevServer};
use serde_json::json;

async fn check_gateway(mode: &str) {
    let server = DevServer::start(&workspace_example("local_fixture"), &["--mode", mode]);
    let mut http = server.connect().await;

    // Payload 2.0: path and query parameters, cookies, joined headers.
    let request = hyper::Request::builder()
        .method("GET")
        .uri("/echo/a/b%20c?x=1&x=2&q=hello+world")
        .header("host", "localhost")
        .header("cookie", "s=1; t=2")
        .header("accept", "text/plain")
        .header("accept", "application/json")
        .body(Full::new(Bytes::new()))
        .unwrap();
    let answer = http.send(request).await.unwrap();
    assert_eq!(answer.status, 200, "{}", answer.text());
    let seen = answer.json();
    assert_eq!(seen["method"], "GET");
    assert_eq!(seen["proxy"], "a/b c");
    assert_eq!(seen["x"], json!(["1", "2"]));
    assert_eq!(seen["q"], "hello world");
    assert_eq!(seen["cookie"], "s=1; t=2");
    assert_eq!(seen["accept"], json!(["text/plain,application/json"]));
    assert_eq!(seen["context"]["http"]["method"], "GET", "an HTTP API (2.0) context: {seen}");
    assert_eq!(seen["context"]["apiId"], "lambdaformlocal");

    // Payload 1.0 on a REST route, and a multi-value response header.
    let answer = http.call("GET", "/rest/42?x=a&x=b", Vec::new()).await.unwrap();
    assert_eq!(answer.status, 200, "{}", answer.text());
    let seen = answer.json();
    assert_eq!(seen["id"], "42");
    assert_eq!(seen["x"], json!(["a", "b"]));
    assert_eq!(seen["context"]["resourcePath"], "/rest/{id}", "a REST (1.0) context: {seen}");
    assert_eq!(seen["context"]["stage"], "local");
    let headers: Vec<&str> = answer.headers.get_all("x-seen").iter().filter_map(|v| v.to_str().ok()).collect();
    assert_eq!(headers, ["a", "b"]);

    // Binary bodies travel base64-encoded both ways and arrive intact.
    let bytes: Vec<u8> = (0..=255).collect();
    let request = hyper::Request::builder()
        .method("POST")
        .uri("/binary")
        .header("host", "localhost")
        .header("content-type", "application/octet-stream")
        .body(Full::new(Bytes::from(bytes.clone())))
        .unwrap();
    let answer = http.send(request).await.unwrap();
    assert_eq!((answer.status, answer.body.clone()), (200, bytes));

    // CORS on an actual request.
    let request = hyper::Request::builder()
        .method("GET")
        .uri("/echo/x")
        .header("host", "localhost")
        .header("origin", "https://app.example")
        .body(Full::new(Bytes::new()))
        .unwrap();
    let answer = http.send(request).await.unwrap();
    assert!(answer.headers.contains_key("access-control-allow-origin"), "{:?}", answer.headers);

    // Failures, each answered as API Gateway would, the server serving on after each.
    let failed = http.call("GET", "/fail", Vec::new()).await.unwrap();
    assert_eq!((failed.status, failed.json()), (500, json!({"message": "Internal Server Error"})));
    let slow = http.call("GET", "/slow", Vec::new()).await.unwrap();
    assert_eq!(slow.status, 500, "the function's own 1 s timeout is a function error: {}", slow.text());
    let panicked = http.call("GET", "/panic", Vec::new()).await.unwrap();
    assert_eq!(panicked.status, 502, "{}", panicked.text());
    let missing = http.call("GET", "/nothing-here", Vec::new()).await.unwrap();
    assert_eq!(missing.status, 404);
    let still = http.call("GET", "/echo/after", Vec::new()).await.unwrap();
    assert_eq!(still.status, 200);

    let timeout = server.reports("slow");
    assert_eq!(timeout.last().expect("slow reported")["outcome"], "timeout");
    assert_eq!(server.reports("fail").last().expect("fail reported")["errorType"], "Asked");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn api_gateway_in_process() {
    check_gateway("in-process").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn api_gateway_bootstrap() {
    check_gateway("bootstrap").await;
}
