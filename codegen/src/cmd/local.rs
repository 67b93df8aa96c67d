//! `lambdaform local`: build the service and serve it on 127.0.0.1 with its resources in memory;
//! `lambdaform local put s3://bucket/key FILE` puts an object into a running dev server, and the workflow
//! subcommands (`workflows.rs`) start and watch its executions and answer task tokens.

mod workflows;

use std::net::Ipv4Addr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use crate::binary::{cargo_build as build, Built};
use crate::local::logs::Logs;
use crate::local::watch::{Snapshot, POLL_INTERVAL};
use crate::local::{Mode, Options, Running, STORE_DIR};

#[derive(clap::Args, Debug)]
#[command(args_conflicts_with_subcommands = true)]
pub struct LocalArgs {
    #[command(subcommand)]
    pub action: Option<LocalAction>,
    #[command(flatten)]
    pub serve: ServeArgs,
}

#[derive(clap::Subcommand, Debug)]
pub enum LocalAction {
    /// Put a file into a bucket of the running dev server; matching `#[s3]` handlers fire.
    Put(PutArgs),
    /// Start an execution of a state machine on the running dev server; prints its ARN.
    StartExecution(workflows::StartArgs),
    /// List the running dev server's executions, or describe one with its history and waiting tokens.
    Executions(workflows::ExecutionsArgs),
    /// Answer a callback task's token with its result (`SendTaskSuccess`).
    SendTaskSuccess(workflows::SuccessArgs),
    /// Fail a callback task by its token (`SendTaskFailure`).
    SendTaskFailure(workflows::FailureArgs),
}

#[derive(clap::Args, Debug)]
pub struct ServeArgs {
    /// The service crate (default: the package in the current directory).
    #[arg(long, short)]
    pub package: Option<String>,
    /// Use this already built service binary instead of building the package.
    #[arg(long, conflicts_with = "watch")]
    pub binary: Option<PathBuf>,
    #[arg(long, default_value_t = 3000)]
    pub port: u16,
    /// in-process: one debug process serves every function (fast); bootstrap: the release bootstrap per
    /// function, as Lambda runs it.
    #[arg(long, value_enum, default_value = "in-process")]
    pub mode: Mode,
    /// memory: resources start empty each run; dir: kept under .lambdaform/local/.
    #[arg(long, value_enum, default_value = "memory")]
    pub store: StoreArg,
    /// One JSON object per log line.
    #[arg(long)]
    pub json: bool,
    /// Rebuild and restart the handlers when the package's sources change.
    #[arg(long)]
    pub watch: bool,
    /// Stop time: schedules, batch windows and redeliveries wait for `POST /_lambdaform/clock`.
    #[arg(long)]
    pub virtual_clock: bool,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum StoreArg {
    Memory,
    Dir,
}

#[derive(clap::Args, Debug)]
pub struct PutArgs {
    /// `s3://bucket/key`; the bucket is the declared resource's local name (`uploads`) or its type name.
    pub target: String,
    /// The file to upload.
    pub file: PathBuf,
    /// The port of the running dev server.
    #[arg(long, default_value_t = 3000)]
    pub port: u16,
}

pub fn run(args: LocalArgs) -> ExitCode {
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(e) => return fail(&format!("cannot start the async runtime: {e}")),
    };
    let result = match args.action {
        Some(LocalAction::Put(put)) => runtime.block_on(put_object(put)),
        Some(LocalAction::StartExecution(start)) => runtime.block_on(workflows::start(start)),
        Some(LocalAction::Executions(list)) => runtime.block_on(workflows::executions(list)),
        Some(LocalAction::SendTaskSuccess(answer)) => runtime.block_on(workflows::send_success(answer)),
        Some(LocalAction::SendTaskFailure(answer)) => runtime.block_on(workflows::send_failure(answer)),
        None => runtime.block_on(serve(args.serve)),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => fail(&message),
    }
}

fn fail(message: &str) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::FAILURE
}

async fn build_service(args: &ServeArgs) -> Result<Option<Built>, String> {
    if args.binary.is_some() {
        return Ok(None);
    }
    let package = args.package.clone();
    let release = args.mode == Mode::Bootstrap;
    tokio::task::spawn_blocking(move || build(package.as_deref(), release))
        .await
        .map_err(|e| format!("the build task failed: {e}"))?
        .map(Some)
}

async fn serve(args: ServeArgs) -> Result<(), String> {
    let built = build_service(&args).await?;
    let binary = match (&args.binary, &built) {
        (Some(binary), _) => binary.clone(),
        (None, Some(built)) => built.binary.clone(),
        (None, None) => return Err("nothing to run: no --binary and no build".into()),
    };
    let manifest = crate::binary::read_manifest(&binary)?;
    let logs = Arc::new(Logs::stdout(args.json));
    let options = Options {
        port: args.port,
        mode: args.mode,
        store_dir: (args.store == StoreArg::Dir).then(|| PathBuf::from(STORE_DIR)),
        virtual_clock: args.virtual_clock,
    };
    let running = crate::local::start(&options, &binary, manifest, logs.clone()).await?;
    announce(&running, &logs, args.mode);
    let watching = match (&built, args.watch) {
        (Some(built), true) => {
            Some(tokio::spawn(watch(running.app.clone(), args.package.clone(), built.clone(), args.mode)))
        }
        _ => None,
    };
    // Serves until Ctrl-C.
    tokio::signal::ctrl_c().await.map_err(|e| format!("cannot wait for Ctrl-C: {e}"))?;
    if let Some(watching) = watching {
        watching.abort();
    }
    logs.notice("stopping");
    running.shutdown().await;
    Ok(())
}

fn announce(running: &Running, logs: &Logs, mode: Mode) {
    let address = running.address();
    let app = &running.app;
    let mode = match mode {
        Mode::InProcess => "in-process",
        Mode::Bootstrap => "bootstrap",
    };
    logs.notice(&format!(
        "{} on http://{address} ({} functions, {} state machines, {mode} mode); AWS endpoints for DynamoDB, S3, SNS, SQS and Step Functions at the same address",
        app.manifest.service,
        app.manifest.functions.len(),
        app.manifest.state_machines.len()
    ));
    for route in app.routes.iter() {
        let what = if route.machine.is_some() { " (state machine)" } else { "" };
        logs.notice(&format!("  {:<7} http://{address}{}  →  {}{what}", route.method, route.path, route.function));
    }
}

/// Polls the sources; on a change, rebuilds and has the handlers run the new binary. A failed build keeps
/// the old handlers serving.
async fn watch(app: Arc<crate::local::App>, package: Option<String>, built: Built, mode: Mode) {
    let mut seen = Snapshot::take(&built.package_dir);
    loop {
        tokio::time::sleep(POLL_INTERVAL).await;
        let now = Snapshot::take(&built.package_dir);
        let changed = now.changes(&seen);
        if changed.is_empty() {
            continue;
        }
        seen = now;
        app.logs.notice(&format!("{} changed; rebuilding", changed[0].display()));
        let package = package.clone();
        let rebuilt = tokio::task::spawn_blocking(move || build(package.as_deref(), mode == Mode::Bootstrap)).await;
        match rebuilt {
            Ok(Ok(_)) => match app.handlers.reload().await {
                Ok(()) => app.logs.notice("rebuilt; the handlers run the new binary"),
                Err(e) => app.logs.notice(&format!("rebuilt, but the new binary did not start: {e}")),
            },
            Ok(Err(e)) => app.logs.notice(&format!("rebuild failed; still serving the previous build: {e}")),
            Err(e) => app.logs.notice(&format!("the rebuild task failed: {e}")),
        }
    }
}

async fn put_object(args: PutArgs) -> Result<(), String> {
    let Some((bucket, key)) = args.target.strip_prefix("s3://").and_then(|rest| rest.split_once('/')) else {
        return Err(format!("`{}` is not an s3://bucket/key address", args.target));
    };
    if key.is_empty() {
        return Err(format!("`{}` names no key", args.target));
    }
    let bytes = std::fs::read(&args.file).map_err(|e| format!("cannot read {}: {e}", args.file.display()))?;
    let path = format!("/_lambdaform/s3/{bucket}/{}", crate::local::client::escape_path(key));
    let (status, body) =
        crate::local::client::request((Ipv4Addr::LOCALHOST, args.port).into(), "PUT", &path, bytes).await.map_err(
            |e| format!("no dev server answered on 127.0.0.1:{} ({e}); start `lambdaform local` first", args.port),
        )?;
    if !(200..300).contains(&status) {
        return Err(format!("the dev server refused the object ({status}): {}", String::from_utf8_lossy(&body)));
    }
    println!("{}", String::from_utf8_lossy(&body));
    Ok(())
}
