//! One `bootstrap` runs every function of the service: `main` picks the one Lambda names in `_HANDLER`, or,
//! for `lambdaform local`, serves them all in one process (see [`crate::serve_all`]).

use std::future::Future;
use std::io::Write;
use std::pin::Pin;
use std::process::ExitCode;

use lambda_runtime::{Context, Diagnostic, Error};

use crate::glue::Invoked;

/// A `#[function]`, registered by the macro.
pub struct FunctionEntry {
    pub name: &'static str,
    /// Its `lambda_runtime` loop, as Lambda runs it.
    pub run: fn() -> Pin<Box<dyn Future<Output = Result<(), Error>>>>,
    /// One invocation in this process: JSON event in, JSON reply or Lambda's error shape out.
    pub invoke: fn(String, Context) -> Pin<Box<dyn Future<Output = Invoked>>>,
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

/// Runs function `name` once in this process, exactly as its Lambda loop would answer the same event: warm-up
/// pings, `Runtime.UnmarshalError`, and the error enum's variant name as `errorType`. An unknown name gets
/// Lambda's `Runtime.InvalidEntrypoint`.
pub fn invoke(name: &str, payload: String, context: Context) -> Pin<Box<dyn Future<Output = Invoked>>> {
    match FUNCTIONS.iter().find(|f| f.name == name) {
        Some(entry) => (entry.invoke)(payload, context),
        None => {
            let error = Diagnostic {
                error_type: "Runtime.InvalidEntrypoint".into(),
                error_message: format!(
                    "`{name}` is not a function of this service; known functions: {}",
                    function_names().join(", ")
                ),
            };
            Box::pin(std::future::ready(Err(error)))
        }
    }
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
        return crate::serve_all::serve();
    }
    let handler = std::env::var("_HANDLER").unwrap_or_default();
    let Some(entry) = FUNCTIONS.iter().find(|f| f.name == handler) else {
        eprintln!(
            "lambdaform: _HANDLER is `{handler}`, which is not a function of this service; known functions: {}",
            function_names().join(", ")
        );
        return ExitCode::FAILURE;
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("lambdaform: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on((entry.run)()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("lambdaform: function `{}` stopped: {e}", entry.name);
            ExitCode::FAILURE
        }
    }
}
