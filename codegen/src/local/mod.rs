//! `lambdaform local`: the whole service on one machine. One port on 127.0.0.1 serves the `#[http]` routes
//! as API Gateway does, the AWS endpoints the handlers call (backed by `lambdaform_local`'s in-memory
//! resources, which fire the triggers) and the `/_lambdaform/` admin routes. See docs/local.md.

// Request parsers return the protocol's error answer itself as their `Err`: it is built once per refused
// request and sent as is, so boxing it would only add an allocation.
#![allow(clippy::result_large_err)]

mod admin;
mod app;
mod aws;
mod body;
pub mod client;
mod cors;
mod executions;
mod gateway;
pub mod handlers;
pub mod http_api;
mod invoker;
pub mod logs;
pub mod names;
pub mod routes;
mod server;
pub mod watch;

pub use app::App;
pub use handlers::{Handlers, Mode};
pub use invoker::failure;
pub use server::DevServer;

use handlers::{FunctionSpec, BOOTSTRAP_SANDBOXES};
use invoker::DevInvoker;
use lambdaform_local::{Clock, Local, Store};
use lambdaform_manifest::Manifest;
use logs::Logs;
use names::Names;
use std::collections::BTreeMap;
use std::net::{Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

/// The region local ARNs and the handlers' SDK clients use.
pub const REGION: &str = lambdaform_local::names::REGION;
/// Where `--store dir` keeps the resources, under the current directory.
pub const STORE_DIR: &str = ".lambdaform/local";

/// How to run the service.
#[derive(Debug, Clone)]
pub struct Options {
    /// 0 picks a free port.
    pub port: u16,
    pub mode: Mode,
    /// `None`: in memory; `Some(dir)`: persisted there.
    pub store_dir: Option<PathBuf>,
    /// Time stands still until `POST /_lambdaform/clock` advances it: schedules, batch windows and
    /// redeliveries happen exactly when told (tests, demos).
    pub virtual_clock: bool,
}

/// A running dev server.
pub struct Running {
    pub app: Arc<App>,
    server: DevServer,
    timers: Option<tokio::task::JoinHandle<()>>,
}

impl Running {
    pub fn address(&self) -> SocketAddr {
        self.server.address()
    }

    pub async fn shutdown(self) {
        if let Some(timers) = self.timers {
            timers.abort();
        }
        self.server.shutdown().await;
        self.app.handlers.shutdown().await;
    }
}

/// Starts the handlers of `binary`, the resources and the server.
pub async fn start(options: &Options, binary: &Path, manifest: Manifest, logs: Arc<Logs>) -> Result<Running, String> {
    let listener = tokio::net::TcpListener::bind((Ipv4Addr::LOCALHOST, options.port))
        .await
        .map_err(|e| format!("cannot listen on 127.0.0.1:{}: {e}", options.port))?;
    let address = listener.local_addr().map_err(|e| e.to_string())?;
    let endpoint = format!("http://{address}");
    let names = Names::new(&manifest, &lambdaform_local::names::Names::new(&manifest));
    let functions = function_specs(&manifest, &names, &endpoint);
    let handlers = Handlers::start(options.mode, binary, &manifest.service, functions, logs.clone())
        .await
        .map_err(|e| format!("cannot start the handlers of {}: {e}", binary.display()))?;
    let handlers = Arc::new(handlers);
    let invoker = Arc::new(DevInvoker { handlers: handlers.clone() });
    let store = match &options.store_dir {
        Some(dir) => Store::Dir(dir.clone()),
        None => Store::Memory,
    };
    let manifest = Arc::new(manifest);
    let clock = if options.virtual_clock { Clock::virtual_at(chrono::Utc::now()) } else { Clock::Real };
    let local = Local::new((*manifest).clone(), invoker, store, clock)
        .map_err(|e| format!("cannot start the resources: {e}"))?;
    let local = Arc::new(local);
    spawn_event_log(&local, logs.clone());
    // Schedules, warm-ups, batch windows and redeliveries fall due on the real clock by themselves.
    let timers = (!options.virtual_clock).then(|| local.run());
    let app = Arc::new(App::new(manifest, handlers, local, names, logs));
    let server = DevServer::serve(listener, app.clone()).map_err(|e| e.to_string())?;
    Ok(Running { app, server, timers })
}

/// Each function's process environment: its own variables, the resources it uses, and the AWS endpoint.
fn function_specs(manifest: &Manifest, names: &Names, endpoint: &str) -> BTreeMap<String, FunctionSpec> {
    manifest
        .functions
        .iter()
        .map(|function| {
            let mut environment = function.environment.clone();
            environment.extend(names.variables_for(manifest, function.touched_resources()));
            environment.insert("AWS_ENDPOINT_URL".to_owned(), endpoint.to_owned());
            let env = crate::runtime_api::FunctionEnv {
                handler: function.name.clone(),
                function_name: format!("{}-{}", manifest.service, function.name),
                memory_mb: function.memory,
                timeout: Duration::from_secs(function.timeout.into()),
                environment,
                region: REGION.to_owned(),
            };
            let sandboxes = function
                .reserved_concurrency
                .map_or(BOOTSTRAP_SANDBOXES, |reserved| (reserved as usize).min(BOOTSTRAP_SANDBOXES));
            (function.name.clone(), FunctionSpec { env, sandboxes })
        })
        .collect()
}

/// Prints the resources' event log (triggers fired, retries, dead letters, schedules) as it happens.
fn spawn_event_log(local: &Local, logs: Arc<Logs>) {
    let mut events = local.log().subscribe();
    tokio::spawn(async move {
        loop {
            match events.recv().await {
                Ok(record) => logs.event(&serde_json::to_value(&record).unwrap_or_default()),
                Err(tokio::sync::broadcast::error::RecvError::Lagged(missed)) => {
                    logs.notice(&format!("the event log skipped {missed} records (printing fell behind)"))
                }
                Err(tokio::sync::broadcast::error::RecvError::Closed) => return,
            }
        }
    });
}
