//! `lambdaform local`'s in-process mode: one process serves every function of the service. The dev server
//! hands it events over a Unix socket (`LAMBDAFORM_SERVE_SOCKET`) as length-prefixed frames, many in flight
//! at once, and reads the answers back the same way (see [`frames`]). Two HTTP exchanges per invocation
//! through `lambda_runtime`'s client cost most of the dev server's time per request; a frame costs one
//! buffered write each way. Each event still becomes exactly the `Context` `lambda_runtime` builds from the
//! Runtime API's headers (the same `Context::new`), with the named function's configuration, under the
//! same tracing span; a panicking handler fails only its own invocation (`Runtime.ExitError`).

mod frames;
pub mod framing;

use std::future::ready;
use std::panic::AssertUnwindSafe;
use std::process::ExitCode;
use std::sync::Arc;

use futures::stream::FuturesUnordered;
use futures::{FutureExt, StreamExt};
use http::{HeaderMap, HeaderValue};
use lambda_runtime::tracing::Instrument;
use lambda_runtime::{Config, Context, Diagnostic};
use serde_json::value::RawValue;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::UnixStream;

use crate::dispatch::{async_runtime, entry, Invocation, FUNCTIONS};
use frames::Event;
use framing::{FrameBuffer, SOCKET_ENV};

/// What `Config::from_env` needs; `lambdaform local` sets them as Lambda does.
const LAMBDA_ENV: [&str; 3] =
    ["AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_FUNCTION_VERSION"];

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
    let socket =
        std::env::var_os(SOCKET_ENV).ok_or_else(|| format!("{SOCKET_ENV} is not set; `lambdaform local` sets it"))?;
    let configs = Configs::new(Config::from_env());
    let runtime = async_runtime()?;
    runtime.block_on(async {
        let mut stream = UnixStream::connect(&socket)
            .await
            .map_err(|e| format!("cannot connect to {}: {e}", std::path::Path::new(&socket).display()))?;
        // Ends only when the dev server closes the socket (it stopped, or replaces this process).
        run(&mut stream, &configs).await.map_err(|e| format!("the dev server's socket: {e}"))
    })
}

/// Reads events, runs them all at once, writes each answer as it is ready. Handler futures need not be
/// `Send`, so they run here, in this one task, rather than spawned.
async fn run(stream: &mut UnixStream, configs: &Configs) -> std::io::Result<()> {
    let (mut reader, mut writer) = stream.split();
    let mut incoming = FrameBuffer::default();
    let mut running = FuturesUnordered::new();
    let mut out = Vec::new();
    loop {
        tokio::select! {
            read = reader.read_buf(incoming.buffer()) => {
                if read? == 0 {
                    return Ok(());
                }
                while let Some(event) = frames::next_event(&mut incoming)? {
                    running.push(start(event, configs));
                }
            }
            Some((id, reply)) = running.next(), if !running.is_empty() => {
                frames::encode_reply(&mut out, &id, &reply);
                // Answers ready together leave in one write.
                while let Some(Some((id, reply))) = running.next().now_or_never() {
                    frames::encode_reply(&mut out, &id, &reply);
                }
                writer.write_all(&out).await?;
                out.clear();
            }
        }
    }
}

/// One invocation, to its request id and reply.
async fn start(event: Event, configs: &Configs) -> (String, Result<Box<RawValue>, Diagnostic>) {
    let id = event.id.clone();
    let context = match context(&event, configs) {
        Ok(context) => context,
        Err(error) => return (id, Err(error)),
    };
    let raw = match String::from_utf8(event.payload)
        .map_err(|e| e.to_string())
        .and_then(|text| RawValue::from_string(text).map_err(|e| e.to_string()))
    {
        Ok(raw) => raw,
        Err(e) => return (id, Err(failure("Runtime.UnmarshalError", &format!("the event is not JSON: {e}")))),
    };
    // The span `lambda_runtime`'s `TracingLayer` opens, entered while the handler's future is built too.
    let span = lambda_runtime::layers::trace::request_span(&context);
    let invocation = span.in_scope(|| invoke(raw, context));
    (id, invocation.instrument(span).await)
}

/// The context `lambda_runtime` builds for an event with these Runtime API headers.
fn context(event: &Event, configs: &Configs) -> Result<Context, Diagnostic> {
    let mut headers = HeaderMap::new();
    let mut set = |name: &'static str, value: &str| -> Result<(), Diagnostic> {
        if !value.is_empty() {
            let value =
                HeaderValue::from_str(value).map_err(|e| failure("Runtime.InvalidContext", &format!("{name}: {e}")))?;
            headers.insert(name, value);
        }
        Ok(())
    };
    set("lambda-runtime-deadline-ms", &event.deadline_ms.to_string())?;
    set("lambda-runtime-invoked-function-arn", &event.function_arn)?;
    set("lambda-runtime-trace-id", &event.trace_id)?;
    set("lambda-runtime-client-context", &event.client_context)?;
    set("lambda-runtime-cognito-identity", &event.cognito_identity)?;
    Context::new(&event.id, configs.of(&event.function), &headers)
        .map_err(|e| failure("Runtime.InvalidContext", &format!("the invocation's context: {e}")))
}

/// Each function's configuration as Lambda would give it (name, memory, log group), made once, in the
/// order of [`FUNCTIONS`].
struct Configs {
    process: Config,
    functions: Vec<Arc<Config>>,
}

impl Configs {
    fn new(process: Config) -> Configs {
        let functions = FUNCTIONS.iter().map(|f| Arc::new(function_config(f.name, &process))).collect();
        Configs { process, functions }
    }

    /// An unknown name gets the process's memory size; the invocation then fails as `Runtime.InvalidEntrypoint`.
    fn of(&self, name: &str) -> Arc<Config> {
        match FUNCTIONS.iter().position(|f| f.name == name) {
            Some(at) => self.functions[at].clone(),
            None => Arc::new(function_config(name, &self.process)),
        }
    }
}

fn function_config(name: &str, process: &Config) -> Config {
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

/// The function the invocation's context names, run with a panic turned into its error reply.
fn invoke(raw: Box<RawValue>, context: Context) -> Invocation {
    let name = context.env_config.function_name.clone();
    if name.is_empty() {
        let error = failure("Runtime.InvalidEntrypoint", "the invocation names no function");
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

fn failure(error_type: &str, message: &str) -> Diagnostic {
    Diagnostic { error_type: error_type.into(), error_message: message.into() }
}
