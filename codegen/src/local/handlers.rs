//! Running the service's handlers, two ways:
//! - in-process (the default): ONE child process of the service binary in serve-all mode
//!   (`LAMBDAFORM_SERVE_ALL=1`), behind a multiplexed Runtime API whose events, naming their function, it
//!   takes as frames on a Unix socket;
//! - bootstrap: per function, a small pool of sandboxes, each the real bootstrap with its `_HANDLER` behind
//!   its own single-slot Runtime API, as Lambda runs it (a new sandbox when all are busy, up to a cap).

use super::logs::{trigger_of, Ended, Logs};
use crate::runtime_api::{FunctionEnv, FunctionError, FunctionProcess, Invocation, InvokeError, RuntimeApi};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::Semaphore;

/// Invocations a serve-all process runs at once: the dev server hands it no more unanswered events.
pub const SERVE_CONCURRENCY: usize = 64;
/// Sandboxes per function in bootstrap mode, unless its reserved concurrency is lower. Lambda scales much
/// further; locally each sandbox is a process, and a handful covers re-entrant triggers and parallel tests.
pub const BOOTSTRAP_SANDBOXES: usize = 8;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Mode {
    /// One process of the service binary serving every function.
    InProcess,
    /// The release bootstrap, one process per function sandbox, as on Lambda.
    Bootstrap,
}

/// A function as its process sees it: the environment Lambda would give it.
#[derive(Debug, Clone)]
pub struct FunctionSpec {
    pub env: FunctionEnv,
    /// Sandboxes at most, in bootstrap mode.
    pub sandboxes: usize,
}

pub struct Handlers {
    functions: BTreeMap<String, FunctionSpec>,
    backend: Backend,
    logs: Arc<Logs>,
}

enum Backend {
    InProcess {
        api: RuntimeApi,
        process: tokio::sync::Mutex<Option<FunctionProcess>>,
        binary: PathBuf,
        /// Boxed: the largest field, and the other variant is small.
        env: Box<FunctionEnv>,
    },
    Bootstrap {
        binary: PathBuf,
        pools: BTreeMap<String, Pool>,
        generation: AtomicU64,
    },
}

/// The sandboxes of one function in bootstrap mode.
struct Pool {
    idle: Mutex<Vec<Sandbox>>,
    slots: Semaphore,
}

struct Sandbox {
    api: RuntimeApi,
    process: FunctionProcess,
    /// The binary generation it runs; a rebuilt binary retires older sandboxes.
    generation: u64,
}

impl Handlers {
    /// Starts the handlers of `binary`; `service_env` is the environment every function shares (resource
    /// names, the AWS endpoint), `functions` each function's own.
    pub async fn start(
        mode: Mode,
        binary: &Path,
        service: &str,
        functions: BTreeMap<String, FunctionSpec>,
        logs: Arc<Logs>,
    ) -> std::io::Result<Handlers> {
        let backend = match mode {
            Mode::InProcess => {
                let api = RuntimeApi::start_multiplexed(SERVE_CONCURRENCY).await?;
                let env = serve_all_env(service, &functions);
                let process = FunctionProcess::spawn(binary, &api, &env).await?;
                Backend::InProcess {
                    api,
                    process: tokio::sync::Mutex::new(Some(process)),
                    binary: binary.to_path_buf(),
                    env: Box::new(env),
                }
            }
            Mode::Bootstrap => {
                let pools = functions
                    .iter()
                    .map(|(name, spec)| {
                        let pool = Pool { idle: Mutex::new(Vec::new()), slots: Semaphore::new(spec.sandboxes.max(1)) };
                        (name.clone(), pool)
                    })
                    .collect();
                Backend::Bootstrap { binary: binary.to_path_buf(), pools, generation: AtomicU64::new(0) }
            }
        };
        Ok(Handlers { functions, backend, logs })
    }

    pub fn function(&self, name: &str) -> Option<&FunctionSpec> {
        self.functions.get(name)
    }

    /// Runs `function` once on `payload` and logs its report line.
    pub async fn invoke(&self, function: &str, payload: Vec<u8>) -> Result<Invocation, InvokeError> {
        let Some(spec) = self.functions.get(function) else {
            return Err(InvokeError::InvalidRequest(format!("the service has no function `{function}`")));
        };
        let trigger = trigger_of(&payload);
        let mut result = match &self.backend {
            Backend::InProcess { api, .. } => {
                let request = spec.env.invoke_request(payload).with_function(function);
                api.invoke(request).await
            }
            Backend::Bootstrap { binary, pools, generation } => {
                let pool = &pools[function];
                self.invoke_sandbox(pool, binary, generation.load(Ordering::SeqCst), spec, payload).await
            }
        };
        let memory_mb = spec.env.memory_mb;
        match &mut result {
            Ok(invocation) => {
                // A serve-all process is one sandbox for all functions; the configured size is the function's.
                invocation.report.memory_size_mb = Some(memory_mb);
                self.logs.invocation(function, trigger, memory_mb, Ended::Finished(invocation));
            }
            Err(error) => self.logs.invocation(function, trigger, memory_mb, Ended::Failed { request_id: None, error }),
        }
        result
    }

    async fn invoke_sandbox(
        &self,
        pool: &Pool,
        binary: &Path,
        generation: u64,
        spec: &FunctionSpec,
        payload: Vec<u8>,
    ) -> Result<Invocation, InvokeError> {
        let _slot = pool.slots.acquire().await.map_err(|_| InvokeError::Shutdown)?;
        let reused = pool.idle.lock().unwrap_or_else(|p| p.into_inner()).pop();
        let sandbox = match reused {
            Some(sandbox) if sandbox.generation == generation => sandbox,
            stale => {
                if let Some(stale) = stale {
                    stale.retire().await;
                }
                Sandbox::start(binary, &spec.env, generation).await.map_err(|error| {
                    InvokeError::InitError(FunctionError::new("Runtime.InvalidEntrypoint", error.to_string()))
                })?
            }
        };
        let result = sandbox.api.invoke(spec.env.invoke_request(payload)).await;
        pool.idle.lock().unwrap_or_else(|p| p.into_inner()).push(sandbox);
        result
    }

    /// After a rebuild: the next invocations run the new binary. In-process, the serve-all process is
    /// replaced at once (queued invocations wait for it); in bootstrap mode sandboxes are retired as they
    /// come back idle.
    pub async fn reload(&self) -> std::io::Result<()> {
        match &self.backend {
            Backend::InProcess { api, process, binary, env } => {
                let mut current = process.lock().await;
                if let Some(old) = current.take() {
                    old.kill().await;
                }
                *current = Some(FunctionProcess::spawn(binary, api, env).await?);
            }
            Backend::Bootstrap { pools, generation, .. } => {
                generation.fetch_add(1, Ordering::SeqCst);
                for pool in pools.values() {
                    let idle: Vec<Sandbox> = std::mem::take(&mut *pool.idle.lock().unwrap_or_else(|p| p.into_inner()));
                    for sandbox in idle {
                        sandbox.retire().await;
                    }
                }
            }
        }
        Ok(())
    }

    /// Stops every process; invocations still running fail.
    pub async fn shutdown(&self) {
        match &self.backend {
            Backend::InProcess { process, .. } => {
                if let Some(process) = process.lock().await.take() {
                    process.kill().await;
                }
            }
            Backend::Bootstrap { pools, .. } => {
                for pool in pools.values() {
                    pool.slots.close();
                    let idle: Vec<Sandbox> = std::mem::take(&mut *pool.idle.lock().unwrap_or_else(|p| p.into_inner()));
                    for sandbox in idle {
                        sandbox.retire().await;
                    }
                }
            }
        }
    }
}

impl Sandbox {
    async fn start(binary: &Path, env: &FunctionEnv, generation: u64) -> std::io::Result<Sandbox> {
        let api = RuntimeApi::start().await?;
        let process = FunctionProcess::spawn(binary, &api, env).await?;
        Ok(Sandbox { api, process, generation })
    }

    async fn retire(self) {
        self.process.kill().await;
        self.api.shutdown().await;
    }
}

/// The serve-all process's environment: every function's variables (they share resources, so they agree
/// on the values), no `_HANDLER`, the serve-all switch and the largest memory size.
fn serve_all_env(service: &str, functions: &BTreeMap<String, FunctionSpec>) -> FunctionEnv {
    let mut environment = BTreeMap::new();
    for spec in functions.values() {
        environment.extend(spec.env.environment.clone());
    }
    environment.insert(lambdaform::__private::SERVE_ALL_ENV.to_owned(), "1".to_owned());
    let region = functions.values().next().map_or_else(|| "us-east-1".to_owned(), |spec| spec.env.region.clone());
    FunctionEnv {
        handler: String::new(),
        function_name: service.to_owned(),
        memory_mb: functions.values().map(|spec| spec.env.memory_mb).max().unwrap_or(128),
        timeout: functions.values().map(|spec| spec.env.timeout).max().unwrap_or(Duration::from_secs(3)),
        environment,
        region,
    }
}
