//! `lambdaform local`'s in-process mode: one process serves every function of the service. It runs the same
//! `lambda_runtime` loop as the Lambda path ([`lambda_loop`]), `LAMBDAFORM_SERVE_CONCURRENCY` (default 64) copies
//! of it at once, each long-polling the (emulated) Runtime API's `next` route as a Lambda sandbox does. The dev
//! server names the function of each invocation in the `Lambdaform-Function` header; [`NameFromHeader`] turns it
//! into the context's function configuration, and a panicking handler fails only its own invocation
//! (`Runtime.ExitError`).

use std::future::ready;
use std::panic::AssertUnwindSafe;
use std::process::ExitCode;
use std::sync::Arc;
use std::task::Poll;

use futures::FutureExt;
use http::HeaderMap;
use lambda_runtime::tower::{Layer, Service};
use lambda_runtime::{Config, Context, Diagnostic, LambdaInvocation};
use serde_json::value::RawValue;

use crate::dispatch::{async_runtime, entry, lambda_loop, Invocation, FUNCTIONS};

/// The header naming the function an invocation is for.
pub const FUNCTION_HEADER: &str = "lambdaform-function";
pub const CONCURRENCY_ENV: &str = "LAMBDAFORM_SERVE_CONCURRENCY";
const DEFAULT_CONCURRENCY: usize = 64;

/// What `lambda_runtime` reads from the environment at start; `lambdaform local` sets them as Lambda does.
const LAMBDA_ENV: [&str; 4] = [
    "AWS_LAMBDA_RUNTIME_API",
    "AWS_LAMBDA_FUNCTION_NAME",
    "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
    "AWS_LAMBDA_FUNCTION_VERSION",
];

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
    if let Some(missing) = LAMBDA_ENV.iter().find(|name| std::env::var_os(name).is_none()) {
        return Err(format!("{missing} is not set; `lambdaform local` sets it"));
    }
    let concurrency = match std::env::var(CONCURRENCY_ENV) {
        Ok(text) => text
            .parse::<usize>()
            .ok()
            .filter(|n| *n > 0)
            .ok_or_else(|| format!("{CONCURRENCY_ENV} is `{text}`; expected a positive whole number"))?,
        Err(_) => DEFAULT_CONCURRENCY,
    };
    let runtime = async_runtime()?;
    // Handler futures need not be `Send`, so the loops run together in this one task rather than spawned.
    let loops = (0..concurrency).map(|_| Box::pin(lambda_loop(None)));
    // A loop ends only when the Runtime API goes away: the dev server stopped.
    let (ended, _, _) = runtime.block_on(futures::future::select_all(loops));
    ended.map_err(|e| format!("runtime API: {e}"))
}

/// The function the invocation's context names (see [`NameFromHeader`]), run with a panic turned into its
/// error reply.
pub(crate) fn invoke(raw: Box<RawValue>, context: Context) -> Invocation {
    let name = context.env_config.function_name.clone();
    if name.is_empty() {
        let error = failure("Runtime.InvalidEntrypoint", "the invocation names no function (Lambdaform-Function)");
        return Box::pin(ready(Err(error)));
    }
    let entry = match entry(&name) {
        Ok(entry) => entry,
        Err(unknown) => return Box::pin(ready(Err(unknown))),
    };
    Box::pin(AssertUnwindSafe((entry.invoke)(raw, context)).catch_unwind().map(move |outcome| {
        outcome.unwrap_or_else(|panic| {
            let detail = panic
                .downcast_ref::<&str>()
                .copied()
                .or_else(|| panic.downcast_ref::<String>().map(String::as_str))
                .unwrap_or("a non-string panic payload");
            Err(failure("Runtime.ExitError", &format!("function `{name}` panicked: {detail}")))
        })
    }))
}

/// Puts the function named by the `Lambdaform-Function` header into the invocation's context, as the
/// configuration Lambda would give that function (name, memory, log group). With `enabled` false (the Lambda
/// path, whose context describes the one function it runs) it does nothing.
pub(crate) struct NameFromHeader {
    pub enabled: bool,
}

impl<S> Layer<S> for NameFromHeader {
    type Service = Named<S>;

    fn layer(&self, inner: S) -> Named<S> {
        Named { inner, enabled: self.enabled }
    }
}

pub(crate) struct Named<S> {
    inner: S,
    enabled: bool,
}

impl<S: Service<LambdaInvocation>> Service<LambdaInvocation> for Named<S> {
    type Response = S::Response;
    type Error = S::Error;
    type Future = S::Future;

    fn poll_ready(&mut self, cx: &mut std::task::Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut invocation: LambdaInvocation) -> S::Future {
        if self.enabled {
            let config = function_config(&invocation.parts.headers, &invocation.context.env_config);
            invocation.context.env_config = Arc::new(config);
        }
        self.inner.call(invocation)
    }
}

/// The configuration of the function `headers` name: an empty name when they name none, and the process's
/// memory size for a name the binary does not know (the invocation then fails as `Runtime.InvalidEntrypoint`).
fn function_config(headers: &HeaderMap, process: &Config) -> Config {
    let name = headers.get(FUNCTION_HEADER).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let memory =
        FUNCTIONS.iter().find(|f| f.name == name).and_then(|f| i32::try_from(f.memory).ok()).unwrap_or(process.memory);
    Config {
        function_name: name.to_owned(),
        memory,
        version: process.version.clone(),
        log_stream: "local".into(),
        log_group: format!("/aws/lambda/{name}"),
    }
}

fn failure(error_type: &str, message: &str) -> Diagnostic {
    Diagnostic { error_type: error_type.into(), error_message: message.into() }
}
