//! `lambdaform invoke FUNCTION`: run one function once, as Lambda would (the release bootstrap with its
//! `_HANDLER`, behind the Runtime API emulator), with the in-memory resources behind its AWS calls. Prints
//! the answer (or Lambda's error shape) on stdout and the REPORT line on stderr; exits 1 on a function error.

use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use crate::local::logs::Logs;
use crate::local::{Mode, Options, STORE_DIR};
use crate::runtime_api::Outcome;

#[derive(clap::Args, Debug)]
pub struct InvokeArgs {
    /// The function's name, as declared (`create_user`).
    pub function: String,
    /// The service crate (default: the package in the current directory).
    #[arg(long, short)]
    pub package: Option<String>,
    /// Use this already built service binary instead of building the package (release).
    #[arg(long)]
    pub binary: Option<PathBuf>,
    /// The event: a JSON file, or `-` for stdin (default: `{}`).
    #[arg(long)]
    pub event: Option<PathBuf>,
    /// Use the resources kept by `lambdaform local --store dir` under .lambdaform/local/.
    #[arg(long)]
    pub persisted: bool,
}

pub fn run(args: InvokeArgs) -> ExitCode {
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(e) => return usage_error(&format!("cannot start the async runtime: {e}")),
    };
    match runtime.block_on(invoke(args)) {
        Ok(code) => code,
        Err(message) => usage_error(&message),
    }
}

fn usage_error(message: &str) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(2)
}

fn read_event(source: Option<&PathBuf>) -> Result<Vec<u8>, String> {
    let text = match source {
        None => return Ok(b"{}".to_vec()),
        Some(path) if path.as_os_str() == "-" => {
            let mut text = Vec::new();
            std::io::stdin().read_to_end(&mut text).map_err(|e| format!("cannot read the event from stdin: {e}"))?;
            text
        }
        Some(path) => std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?,
    };
    serde_json::from_slice::<serde_json::Value>(&text)
        .map_err(|e| format!("the event is not JSON (line {}, column {}): {e}", e.line(), e.column()))?;
    Ok(text)
}

async fn invoke(args: InvokeArgs) -> Result<ExitCode, String> {
    let event = read_event(args.event.as_ref())?;
    let binary = match args.binary {
        Some(binary) => binary,
        None => {
            let package = args.package.clone();
            tokio::task::spawn_blocking(move || crate::binary::cargo_build(package.as_deref(), true))
                .await
                .map_err(|e| format!("the build task failed: {e}"))??
                .binary
        }
    };
    let manifest = crate::binary::read_manifest(&binary)?;
    if manifest.function(&args.function).is_none() {
        let known: Vec<&str> = manifest.functions.iter().map(|f| f.name.as_str()).collect();
        return Err(format!("the service has no function `{}`; its functions: {}", args.function, known.join(", ")));
    }
    let options = Options {
        port: 0,
        mode: Mode::Bootstrap,
        store_dir: args.persisted.then(|| PathBuf::from(STORE_DIR)),
        virtual_clock: false,
    };
    let running = crate::local::start(&options, &binary, manifest, Arc::new(Logs::stderr(false))).await?;
    let result = running.app.handlers.invoke(&args.function, event).await;
    running.shutdown().await;
    Ok(match result {
        Ok(invocation) => match invocation.outcome {
            Outcome::Response(body) => {
                println!("{}", String::from_utf8_lossy(&body));
                ExitCode::SUCCESS
            }
            Outcome::Error(error) => {
                println!("{}", serde_json::to_string(&error).unwrap_or_default());
                ExitCode::FAILURE
            }
        },
        Err(error) => {
            let failure = crate::local::failure(&error);
            let shape = serde_json::json!({ "errorType": failure.error_type, "errorMessage": failure.error_message });
            println!("{shape}");
            ExitCode::FAILURE
        }
    })
}
