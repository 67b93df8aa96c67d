//! `LAMBDAFORM_SERVE_ALL` mode against a minimal Runtime API: every function of the binary answers from one
//! process, invocations overlap, and a panicking handler fails only its own invocation.

use std::collections::{BTreeMap, VecDeque};
use std::convert::Infallible;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::{Request, Response};
use lambdaform::__private::{serve, FUNCTION_HEADER};
use lambdaform::function;
use serde::Deserialize;
use serde_json::{json, Value};
use tokio::sync::Notify;

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

lambdaform::main!();

/// Queued invocations (request id, function, event) and the answers posted back.
#[derive(Default)]
struct Api {
    queue: Mutex<VecDeque<(String, String, String)>>,
    queued: Notify,
    answers: Mutex<BTreeMap<String, (String, Value)>>,
    answered: Notify,
}

async fn route(api: Arc<Api>, request: Request<Incoming>) -> Result<Response<Full<Bytes>>, Infallible> {
    let path = request.uri().path().to_string();
    if path == "/2018-06-01/runtime/invocation/next" {
        loop {
            let notified = api.queued.notified();
            if let Some((id, function, event)) = api.queue.lock().unwrap().pop_front() {
                let response = Response::builder()
                    .header("lambda-runtime-aws-request-id", id)
                    .header("lambda-runtime-deadline-ms", "4102444800000")
                    .header("lambda-runtime-invoked-function-arn", "arn:aws:lambda:us-east-1:123456789012:function:f")
                    .header(FUNCTION_HEADER, function)
                    .body(Full::new(Bytes::from(event)))
                    .unwrap();
                return Ok(response);
            }
            notified.await;
        }
    }
    let rest = path.strip_prefix("/2018-06-01/runtime/invocation/").expect("an invocation route");
    let (id, kind) = rest.split_once('/').expect("id/kind");
    let (id, kind) = (id.to_string(), kind.to_string());
    let body = request.into_body().collect().await.unwrap().to_bytes();
    let value: Value = serde_json::from_slice(&body).expect("answers are JSON");
    api.answers.lock().unwrap().insert(id, (kind, value));
    api.answered.notify_waiters();
    Ok(Response::builder().status(202).body(Full::new(Bytes::new())).unwrap())
}

#[test]
fn every_function_in_one_process() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let api = Arc::new(Api::default());
    let listener = runtime.block_on(tokio::net::TcpListener::bind("127.0.0.1:0")).unwrap();
    let address = listener.local_addr().unwrap();
    let server = Arc::clone(&api);
    runtime.spawn(async move {
        loop {
            let (stream, _) = listener.accept().await.unwrap();
            let api = Arc::clone(&server);
            tokio::spawn(async move {
                let service = hyper::service::service_fn(move |r| route(Arc::clone(&api), r));
                let io = hyper_util::rt::TokioIo::new(stream);
                let _ = hyper::server::conn::http1::Builder::new().serve_connection(io, service).await;
            });
        }
    });
    // What `lambdaform local` sets, as Lambda does.
    std::env::set_var("AWS_LAMBDA_RUNTIME_API", address.to_string());
    std::env::set_var("AWS_LAMBDA_FUNCTION_NAME", "service");
    std::env::set_var("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128");
    std::env::set_var("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
    std::env::set_var("LAMBDAFORM_SERVE_CONCURRENCY", "8");
    std::thread::spawn(serve);

    // Eight naps of 300 ms each and a panic: served concurrently, the panic answered as an error.
    {
        let mut queue = api.queue.lock().unwrap();
        for i in 0..8 {
            queue.push_back((format!("nap-{i}"), "nap".into(), json!({"ms": 300}).to_string()));
        }
        queue.push_back(("boom".into(), "explode".into(), "{}".into()));
        queue.push_back(("ghost".into(), "missing".into(), "{}".into()));
    }
    api.queued.notify_waiters();
    let started = std::time::Instant::now();
    runtime.block_on(async {
        loop {
            let notified = api.answered.notified();
            if api.answers.lock().unwrap().len() == 10 {
                break;
            }
            tokio::time::timeout(Duration::from_secs(30), notified).await.expect("all invocations answered");
        }
    });
    let elapsed = started.elapsed();
    let answers = api.answers.lock().unwrap().clone();
    for i in 0..8 {
        assert_eq!(answers[&format!("nap-{i}")], ("response".to_string(), json!(300)));
    }
    let (kind, error) = &answers["boom"];
    assert_eq!(kind, "error");
    assert_eq!(error["errorType"], "Runtime.ExitError");
    assert!(error["errorMessage"].as_str().unwrap().contains("boom"), "{error}");
    assert_eq!(answers["ghost"].1["errorType"], "Runtime.InvalidEntrypoint");
    // Printed, not asserted: eight overlapping 300 ms naps take about 300 ms, not 2.4 s.
    println!("10 invocations answered in {elapsed:?}");
    // After the panic the process still serves.
    api.queue.lock().unwrap().push_back(("after".into(), "nap".into(), json!({"ms": 1}).to_string()));
    api.queued.notify_waiters();
    runtime.block_on(async {
        loop {
            let notified = api.answered.notified();
            if api.answers.lock().unwrap().contains_key("after") {
                break;
            }
            tokio::time::timeout(Duration::from_secs(30), notified).await.expect("served after a panic");
        }
    });
}
