//! One `bootstrap` runs every function of the service: `main` picks the one Lambda names in `_HANDLER` and runs
//! the `lambda_runtime` loop, [`lambda_loop`], once in the binary whatever the number of functions; or, for
//! `lambdaform local`, serves them all in one process (see [`crate::serve_all`]).

use std::future::Future;
use std::io::Write;
use std::pin::Pin;
use std::process::ExitCode;

use lambda_runtime::layers::TracingLayer;
use lambda_runtime::{service_fn, Context, Diagnostic, Error, LambdaEvent, Runtime};
use serde_json::value::RawValue;

use crate::trigger::EventReply;

/// One invocation of a function: the raw event and the context in, the reply or Lambda's error shape out.
pub type Invocation = Pin<Box<dyn Future<Output = EventReply>>>;

/// A `#[function]`, registered by the macro.
pub struct FunctionEntry {
    pub name: &'static str,
    /// Its `memory` setting (MB), for the context of a serve-all invocation.
    pub memory: u32,
    /// The function's handler behind its glue (`glue::invoke_event` / `invoke_http`).
    pub invoke: fn(Box<RawValue>, Context) -> Invocation,
}

#[linkme::distributed_slice]
pub static FUNCTIONS: [FunctionEntry];

/// Every manifest fragment of the binary. Referencing them from here is what keeps the linker from dropping
/// the fragments' section; `bootstrap --lambdaform-manifest` prints them.
#[linkme::distributed_slice]
pub static MANIFEST: [&'static [u8]];

/// Set by `lambdaform local`: serve every function in this one process.
pub const SERVE_ALL_ENV: &str = "LAMBDAFORM_SERVE_ALL";

/// The names of the binary's functions, sorted.
pub fn function_names() -> Vec<&'static str> {
    let mut names: Vec<&str> = FUNCTIONS.iter().map(|f| f.name).collect();
    names.sort_unstable();
    names
}

/// The function called `name`, or Lambda's `Runtime.InvalidEntrypoint` naming the known ones.
pub(crate) fn entry(name: &str) -> Result<&'static FunctionEntry, Diagnostic> {
    FUNCTIONS.iter().find(|f| f.name == name).ok_or_else(|| Diagnostic {
        error_type: "Runtime.InvalidEntrypoint".into(),
        error_message: format!(
            "`{name}` is not a function of this service; known functions: {}",
            function_names().join(", ")
        ),
    })
}

/// What one in-process invocation gives: the reply as JSON text, or Lambda's error shape.
pub type Invoked = Result<String, Diagnostic>;

/// Runs function `name` once in this process, exactly as its Lambda loop would answer the same event: warm-up
/// pings, `Runtime.UnmarshalError`, and the error enum's variant name as `errorType`. An unknown name gets
/// Lambda's `Runtime.InvalidEntrypoint`.
pub fn invoke(name: &str, payload: String, context: Context) -> Pin<Box<dyn Future<Output = Invoked>>> {
    let started = entry(name).and_then(|entry| {
        let raw = RawValue::from_string(payload).map_err(|e| Diagnostic {
            error_type: "Runtime.UnmarshalError".into(),
            error_message: format!("the event is not JSON: {e}"),
        })?;
        Ok((entry.invoke)(raw, context))
    });
    Box::pin(async move {
        let reply = started?.await?;
        Ok(Box::<str>::from(reply).into_string())
    })
}

/// The `lambda_runtime` loop, `lambda_runtime::run` with its tracing layer, every event going to `entry`.
async fn lambda_loop(entry: &'static FunctionEntry) -> Result<(), Error> {
    let handler = service_fn(move |event: LambdaEvent<Box<RawValue>>| {
        let (raw, context) = event.into_parts();
        (entry.invoke)(raw, context)
    });
    Runtime::new(handler).layer(TracingLayer::new()).run().await
}

/// The async runtime every mode runs on: the multi-threaded one `#[tokio::main]` starts, as Lambda's examples do.
pub(crate) fn async_runtime() -> Result<tokio::runtime::Runtime, String> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the async runtime: {e}"))
}

/// Starts `lambda_runtime`'s default log subscriber, as AWS's examples do: what `main!()` passes to [`start`].
pub fn init_tracing() {
    lambda_runtime::tracing::init_default_subscriber();
}

/// The body of `lambdaform::main!()`. `init_logging` runs first: [`init_tracing`], or, with
/// `main!(tracing = false)`, a no-op, so the subscriber is not even linked and logging is left to the user.
pub fn start(init_logging: fn()) -> ExitCode {
    if std::env::args().nth(1).as_deref() == Some("--lambdaform-manifest") {
        let mut out = std::io::stdout().lock();
        let written = MANIFEST.iter().try_for_each(|fragment| out.write_all(fragment));
        return if written.is_ok() { ExitCode::SUCCESS } else { ExitCode::FAILURE };
    }
    init_logging();
    if std::env::var_os(SERVE_ALL_ENV).is_some_and(|v| v == "1") {
        #[cfg(unix)]
        return crate::serve_all::serve();
        #[cfg(not(unix))]
        {
            eprintln!("lambdaform: the in-process mode needs a Unix socket; run `lambdaform local --mode bootstrap`");
            return ExitCode::FAILURE;
        }
    }
    let handler = std::env::var("_HANDLER").unwrap_or_default();
    let entry = match entry(&handler) {
        Ok(entry) => entry,
        Err(unknown) => {
            eprintln!("lambdaform: _HANDLER: {}", unknown.error_message);
            return ExitCode::FAILURE;
        }
    };
    let runtime = match async_runtime() {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("lambdaform: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(lambda_loop(entry)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("lambdaform: function `{}` stopped: {e}", entry.name);
            ExitCode::FAILURE
        }
    }
}
