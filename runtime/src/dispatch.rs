//! One `bootstrap` runs every function of the service: `main` picks the one Lambda names in `_HANDLER`.

use std::future::Future;
use std::io::Write;
use std::pin::Pin;
use std::process::ExitCode;

use lambda_runtime::Error;

/// A `#[function]`, registered by the macro.
pub struct FunctionEntry {
    pub name: &'static str,
    pub run: fn() -> Pin<Box<dyn Future<Output = Result<(), Error>>>>,
}

#[linkme::distributed_slice]
pub static FUNCTIONS: [FunctionEntry];

/// Every manifest fragment of the binary. Referencing them from here is what keeps the linker from dropping
/// the fragments' section; `bootstrap --lambdaform-manifest` prints them.
#[linkme::distributed_slice]
pub static MANIFEST: [&'static [u8]];

/// The body of `lambdaform::main!()`.
pub fn start() -> ExitCode {
    if std::env::args().nth(1).as_deref() == Some("--lambdaform-manifest") {
        let mut out = std::io::stdout().lock();
        let written = MANIFEST.iter().try_for_each(|fragment| out.write_all(fragment));
        return if written.is_ok() { ExitCode::SUCCESS } else { ExitCode::FAILURE };
    }
    let handler = std::env::var("_HANDLER").unwrap_or_default();
    let Some(entry) = FUNCTIONS.iter().find(|f| f.name == handler) else {
        let mut known: Vec<&str> = FUNCTIONS.iter().map(|f| f.name).collect();
        known.sort_unstable();
        eprintln!(
            "lambdaform: _HANDLER is `{handler}`, which is not a function of this service; known functions: {}",
            known.join(", ")
        );
        return ExitCode::FAILURE;
    };
    lambda_runtime::tracing::init_default_subscriber();
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
