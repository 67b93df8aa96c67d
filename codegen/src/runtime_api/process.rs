//! `FunctionProcess`: a bootstrap binary run against a `RuntimeApi`, supervised like a Lambda sandbox —
//! killed on timeout, started again when the next invocation arrives.

use super::env::FunctionEnv;
use super::server::RuntimeApi;
use super::socket::SOCKET_ENV;
use super::state::{Control, End, Shared};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::Arc;
use std::time::Duration;
use tokio::process::{Child, Command};
use tokio::sync::mpsc;
use tokio::task::JoinHandle;
use tokio::time::Instant;

/// Lambda's limit for the init phase of an on-demand function.
pub const INIT_TIMEOUT: Duration = Duration::from_secs(10);

/// A child process running a Lambda `bootstrap` against a [`RuntimeApi`]. Its stdout and stderr are the
/// caller's, as a function's logs are.
pub struct FunctionProcess {
    shared: Arc<Shared>,
    control: mpsc::UnboundedSender<Control>,
    supervisor: Option<JoinHandle<()>>,
}

/// What it takes to start the process again after a reset.
struct Launcher {
    binary: PathBuf,
    task_root: PathBuf,
    variables: BTreeMap<String, String>,
    memory_mb: u32,
}

impl FunctionProcess {
    /// Starts `binary` with the environment Lambda would give it. Fails if the binary cannot be started
    /// or another process already runs against `api`.
    pub async fn spawn(binary: &Path, api: &RuntimeApi, env: &FunctionEnv) -> std::io::Result<FunctionProcess> {
        let binary = std::fs::canonicalize(binary)
            .map_err(|error| std::io::Error::new(error.kind(), format!("bootstrap {}: {error}", binary.display())))?;
        let task_root = binary.parent().map_or_else(|| PathBuf::from("/"), Path::to_path_buf);
        let mut variables = env.variables(api.address(), &task_root);
        if let Some(socket) = api.socket() {
            variables.insert(SOCKET_ENV.to_owned(), socket.display().to_string());
        }
        let launcher = Launcher { variables, binary, task_root, memory_mb: env.memory_mb };
        let shared = api.shared.clone();
        let (control, commands) = mpsc::unbounded_channel();
        shared.attach(control.clone())?;
        let child = match launcher.launch(&shared) {
            Ok(child) => child,
            Err(error) => {
                shared.detach(&control);
                return Err(error);
            }
        };
        let supervisor = tokio::spawn(supervise(shared.clone(), launcher, child, control.clone(), commands));
        Ok(FunctionProcess { shared, control, supervisor: Some(supervisor) })
    }

    /// The pid of the current process; it changes when the sandbox is reset, and is `None` between a
    /// crash and the next invocation.
    pub fn pid(&self) -> Option<u32> {
        self.shared.pid()
    }

    /// Kills the process and waits until it is reaped. An invocation it was running fails with
    /// `ProcessExited`; queued ones wait for the next process attached to the same `RuntimeApi`.
    pub async fn kill(mut self) {
        let _ = self.control.send(Control::Stop);
        if let Some(supervisor) = self.supervisor.take() {
            // The supervisor's result carries nothing; a panic in it has already been reported.
            let _ = supervisor.await;
        }
    }
}

impl Drop for FunctionProcess {
    fn drop(&mut self) {
        // Ignored when `kill` already stopped it.
        let _ = self.control.send(Control::Stop);
    }
}

impl Launcher {
    fn launch(&self, shared: &Shared) -> std::io::Result<Child> {
        // Before the spawn: the process may ask for its first event before `spawn` returns.
        shared.sandbox_starting();
        let child = Command::new(&self.binary)
            .env_clear()
            .envs(&self.variables)
            .current_dir(&self.task_root)
            .stdin(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .map_err(|error| {
                std::io::Error::new(error.kind(), format!("cannot start {}: {error}", self.binary.display()))
            })?;
        shared.sandbox_started(child.id().unwrap_or(0), self.memory_mb);
        Ok(child)
    }
}

async fn supervise(
    shared: Arc<Shared>,
    launcher: Launcher,
    child: Child,
    control: mpsc::UnboundedSender<Control>,
    mut commands: mpsc::UnboundedReceiver<Control>,
) {
    let mut child = Some(child);
    loop {
        if let Some(running) = child.as_mut() {
            if run_until_end(&shared, running, &mut commands).await {
                break;
            }
        }
        if !wait_for_demand(&shared, &mut commands).await {
            break;
        }
        child = match launcher.launch(&shared) {
            Ok(next) => Some(next),
            Err(error) => {
                // The binary may be mid-rebuild: fail this invocation, try again for the next one.
                shared.launch_failed(error.to_string());
                None
            }
        };
    }
    shared.detach(&control);
}

/// Runs the current process until it exits, is reset or is stopped; records its end. Returns whether
/// supervision should stop.
async fn run_until_end(shared: &Shared, child: &mut Child, commands: &mut mpsc::UnboundedReceiver<Control>) -> bool {
    let init_deadline = Instant::now() + INIT_TIMEOUT;
    let mut watching_init = true;
    loop {
        tokio::select! {
            status = child.wait() => {
                let status = status.map_or_else(|error| format!("unknown exit: {error}"), |s| s.to_string());
                shared.sandbox_ended(End::Exited(status));
                return false;
            }
            command = commands.recv() => {
                let stop = !matches!(command, Some(Control::Reset));
                let status = kill(child).await;
                shared.sandbox_ended(End::Exited(status));
                return stop;
            }
            _ = tokio::time::sleep_until(init_deadline), if watching_init => {
                if shared.is_initialising() {
                    kill(child).await;
                    shared.sandbox_ended(End::InitTimedOut(INIT_TIMEOUT));
                    return false;
                }
                watching_init = false;
            }
        }
    }
}

/// Waits, with no process running, until an invocation is queued. Returns false when told to stop.
async fn wait_for_demand(shared: &Shared, commands: &mut mpsc::UnboundedReceiver<Control>) -> bool {
    loop {
        if shared.has_queued() {
            return true;
        }
        tokio::select! {
            _ = shared.demanded() => {}
            command = commands.recv() => match command {
                Some(Control::Reset) => {}
                Some(Control::Stop) | None => return false,
            }
        }
    }
}

async fn kill(child: &mut Child) -> String {
    // An error here means the process already exited, which `wait` then reports.
    let _ = child.start_kill();
    match child.wait().await {
        Ok(status) => status.to_string(),
        Err(error) => format!("unknown exit: {error}"),
    }
}
