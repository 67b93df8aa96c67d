//! `lambdaform local`'s in-process mode: one process serves every function of the service. Each worker long-polls
//! the (emulated) Runtime API's `next` route as a Lambda sandbox does; the dev server names the function of each
//! invocation in the `Lambdaform-Function` header. Up to `LAMBDAFORM_SERVE_CONCURRENCY` (default 64) invocations
//! run at once, and a panicking handler fails only its own invocation (`Runtime.ExitError`).

use std::collections::BTreeMap;
use std::process::ExitCode;
use std::rc::Rc;
use std::sync::Arc;

use http::{HeaderMap, Method};
use http_body_util::BodyExt;
use lambda_runtime::{Config, Context, Diagnostic};
use lambda_runtime_api_client::body::Body;
use lambda_runtime_api_client::{build_request, Client};

use crate::dispatch::{invoke, MANIFEST};

/// The header naming the function an invocation is for.
pub const FUNCTION_HEADER: &str = "lambdaform-function";
pub const CONCURRENCY_ENV: &str = "LAMBDAFORM_SERVE_CONCURRENCY";
const DEFAULT_CONCURRENCY: usize = 64;

pub fn serve() -> ExitCode {
    match try_serve() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("lambdaform: serving all functions stopped: {message}");
            ExitCode::FAILURE
        }
    }
}

fn try_serve() -> Result<(), String> {
    let api = std::env::var("AWS_LAMBDA_RUNTIME_API")
        .map_err(|_| "AWS_LAMBDA_RUNTIME_API is not set; `lambdaform local` sets it".to_string())?;
    let endpoint = format!("http://{api}").parse().map_err(|e| format!("AWS_LAMBDA_RUNTIME_API `{api}`: {e}"))?;
    let concurrency = match std::env::var(CONCURRENCY_ENV) {
        Ok(text) => text
            .parse::<usize>()
            .ok()
            .filter(|n| *n > 0)
            .ok_or_else(|| format!("{CONCURRENCY_ENV} is `{text}`; expected a positive whole number"))?,
        Err(_) => DEFAULT_CONCURRENCY,
    };
    let client = Client::builder().with_endpoint(endpoint).build().map_err(|e| e.to_string())?;
    // The same multi-threaded runtime the Lambda path uses, so no second scheduler is linked into every binary.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the async runtime: {e}"))?;
    // Handler futures need not be `Send`, so every invocation runs on the local set of the thread driving it.
    let local = tokio::task::LocalSet::new();
    local.block_on(&runtime, async move {
        let shared = Rc::new(Worker { client, configs: configs() });
        let mut workers = tokio::task::JoinSet::new();
        for _ in 0..concurrency {
            workers.spawn_local(Rc::clone(&shared).run());
        }
        // Workers end only when the Runtime API goes away: the dev server stopped.
        match workers.join_next().await {
            Some(Ok(result)) => result,
            Some(Err(e)) => Err(format!("a worker failed: {e}")),
            None => Ok(()),
        }
    })
}

/// The two fields of a function fragment this mode needs; the rest is skipped unread, which keeps the manifest
/// model's deserializers out of every binary.
#[derive(serde::Deserialize)]
struct FragmentLite {
    function: Option<FunctionLite>,
}

#[derive(serde::Deserialize)]
struct FunctionLite {
    name: String,
    memory: u32,
}

/// Each function's Lambda configuration, from the manifest the binary carries, as `Context::env_config`.
fn configs() -> BTreeMap<String, Arc<Config>> {
    let version = std::env::var("AWS_LAMBDA_FUNCTION_VERSION").unwrap_or_else(|_| "$LATEST".into());
    MANIFEST
        .iter()
        .flat_map(|bytes| bytes.split(|b| *b == 0).filter(|chunk| !chunk.is_empty()))
        .filter_map(|chunk| serde_json::from_slice::<FragmentLite>(chunk).ok())
        .filter_map(|fragment| fragment.function)
        .map(|f| {
            let config = Config {
                log_group: format!("/aws/lambda/{}", f.name),
                log_stream: "local".into(),
                memory: i32::try_from(f.memory).unwrap_or(i32::MAX),
                function_name: f.name.clone(),
                version: version.clone(),
            };
            (f.name, Arc::new(config))
        })
        .collect()
}

struct Worker {
    client: Client,
    configs: BTreeMap<String, Arc<Config>>,
}

impl Worker {
    async fn run(self: Rc<Self>) -> Result<(), String> {
        loop {
            let request = build_request()
                .method(Method::GET)
                .uri("/2018-06-01/runtime/invocation/next")
                .body(Body::empty())
                .map_err(|e| e.to_string())?;
            let response = self.client.call(request).await.map_err(|e| format!("runtime API: {e}"))?;
            let (parts, body) = response.into_parts();
            let payload = body.collect().await.map_err(|e| format!("runtime API: {e}"))?.to_bytes();
            let request_id = header(&parts.headers, "lambda-runtime-aws-request-id")
                .ok_or("the runtime API's `next` answer has no Lambda-Runtime-Aws-Request-Id")?
                .to_owned();
            let outcome = self.invoke(&parts.headers, &request_id, payload.to_vec()).await;
            self.answer(&request_id, outcome).await?;
        }
    }

    async fn invoke(&self, headers: &HeaderMap, request_id: &str, payload: Vec<u8>) -> Result<String, Diagnostic> {
        let function = header(headers, FUNCTION_HEADER)
            .ok_or_else(|| {
                failure("Runtime.InvalidEntrypoint", "the invocation names no function (Lambdaform-Function)")
            })?
            .to_owned();
        let config = self.configs.get(&function).cloned().unwrap_or_else(|| {
            Arc::new(Config {
                function_name: function.clone(),
                memory: 128,
                version: "$LATEST".into(),
                log_stream: String::new(),
                log_group: String::new(),
            })
        });
        if header(headers, "lambda-runtime-deadline-ms").is_none() {
            return Err(failure("Runtime.InvalidContext", "the invocation has no Lambda-Runtime-Deadline-Ms"));
        }
        let context = Context::new(request_id, config, headers)
            .map_err(|e| failure("Runtime.InvalidContext", &format!("the invocation's headers: {e}")))?;
        let payload =
            String::from_utf8(payload).map_err(|_| failure("Runtime.UnmarshalError", "the event is not UTF-8 JSON"))?;
        // Its own task, so a panic ends this invocation only.
        match tokio::task::spawn_local(invoke(&function, payload, context)).await {
            Ok(outcome) => outcome,
            Err(e) => {
                let detail = match e.try_into_panic() {
                    Ok(panic) => panic
                        .downcast_ref::<&str>()
                        .map(|s| s.to_string())
                        .or_else(|| panic.downcast_ref::<String>().cloned())
                        .unwrap_or_else(|| "a non-string panic payload".into()),
                    Err(e) => e.to_string(),
                };
                Err(failure("Runtime.ExitError", &format!("function `{function}` panicked: {detail}")))
            }
        }
    }

    async fn answer(&self, request_id: &str, outcome: Result<String, Diagnostic>) -> Result<(), String> {
        let base = format!("/2018-06-01/runtime/invocation/{request_id}");
        let request = match outcome {
            Ok(reply) => build_request().method(Method::POST).uri(format!("{base}/response")).body(Body::from(reply)),
            Err(diagnostic) => {
                let body = serde_json::to_string(&diagnostic).map_err(|e| e.to_string())?;
                build_request()
                    .method(Method::POST)
                    .uri(format!("{base}/error"))
                    .header("lambda-runtime-function-error-type", "unhandled")
                    .header("content-type", "application/json")
                    .body(Body::from(body))
            }
        }
        .map_err(|e| e.to_string())?;
        let response: http::Response<_> = self.client.call(request).await.map_err(|e| format!("runtime API: {e}"))?;
        // A refused answer (too large, the invocation already timed out) is the emulator's to report.
        let _ = response.into_body().collect().await;
        Ok(())
    }
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

fn failure(error_type: &str, message: &str) -> Diagnostic {
    Diagnostic { error_type: error_type.into(), error_message: message.into() }
}
