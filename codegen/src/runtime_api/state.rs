//! The one execution slot behind the HTTP routes: the FIFO of waiting invocations, the invocation the
//! runtime is working on, and which phase the sandbox is in. Routes, `invoke` and the process supervisor
//! all meet here, under one lock that is never held across an `.await`.

use super::error::{FunctionError, InvokeError};
use super::invoke::{Invocation, InvokeRequest, Outcome};
use super::report::{max_memory_used_mb, Report};
use std::collections::VecDeque;
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use tokio::sync::{mpsc, oneshot, watch, Notify};

/// Lambda's synchronous payload limit, for the event and for the response.
pub const MAX_PAYLOAD_BYTES: usize = 6 * 1024 * 1024;

pub(crate) type Done = Result<Invocation, InvokeError>;

/// Messages from the emulator to the supervisor of the function's process.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Control {
    /// Kill the process; start a fresh one when the next invocation is queued (Lambda's sandbox reset).
    Reset,
    /// Kill the process and stop supervising.
    Stop,
}

/// How a sandbox's process ended.
pub(crate) enum End {
    Exited(String),
    InitTimedOut(Duration),
}

/// Why a route refuses a runtime's request.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Refusal {
    UnknownRequestId(String),
    InvalidState(&'static str),
    InitFailed,
    Closed,
}

/// The event handed to the runtime by `GET invocation/next`.
pub(crate) struct Event {
    pub id: String,
    /// Sent in the event's frame to a serve-all process, which runs every function of the service.
    pub function: Option<String>,
    pub payload: Vec<u8>,
    pub deadline_ms: u128,
    pub function_arn: String,
    pub client_context: Option<String>,
    pub cognito_identity: Option<String>,
    pub trace_id: String,
}

/// What `invoke` waits on.
pub(crate) struct Ticket {
    pub id: String,
    pub delivered: oneshot::Receiver<()>,
    pub done: oneshot::Receiver<Done>,
}

struct Pending {
    id: String,
    request: InvokeRequest,
    delivered: oneshot::Sender<()>,
    done: oneshot::Sender<Done>,
}

struct InFlight {
    id: String,
    delivered_at: Instant,
    init_duration: Option<Duration>,
    done: oneshot::Sender<Done>,
}

enum Phase {
    /// Started, not yet asked for an event; `started` is when its process was spawned.
    Init {
        started: Instant,
    },
    Ready,
    /// Posted `/init/error`: it gets no events and should exit.
    Failed,
    /// Timed out and about to be killed: a late `next` from it must not take the following event.
    Resetting,
}

struct Sandbox {
    pid: u32,
    memory_mb: u32,
    /// The last reading of its peak memory and when it was taken: see [`MEMORY_SAMPLE_AGE`].
    peak: Option<(Instant, Option<u64>)>,
}

/// How old a peak-memory reading may be before a report takes a fresh one. Reading `/proc` for every
/// invocation cost a file open and parse under the state lock per event; a serve-all process answering
/// thousands a second now reads it at most ten times a second. The peak only grows, so a report can be
/// at most this stale.
const MEMORY_SAMPLE_AGE: Duration = Duration::from_millis(100);

struct State {
    queue: VecDeque<Pending>,
    /// At most `capacity` invocations: one for a Lambda sandbox, more for a serve-all process.
    in_flight: Vec<InFlight>,
    capacity: usize,
    phase: Phase,
    /// An init failure seen while no invocation waited: on Lambda init runs inside the first invoke, so
    /// that invoke is the one to receive it.
    init_failure: Option<FunctionError>,
    sandbox: Option<Sandbox>,
    supervisor: Option<mpsc::UnboundedSender<Control>>,
    closed: bool,
}

pub(crate) struct Shared {
    state: Mutex<State>,
    /// Wakes `next` long-polls.
    queued: Notify,
    /// Wakes the supervisor when an invocation waits for a process.
    demand: Notify,
    /// Bumped when a sandbox ends, which closes every open runtime connection: a long-poll left by a dead
    /// process must not swallow the next event.
    epoch: watch::Sender<u64>,
}

impl Shared {
    /// A sandbox running `capacity` invocations at once (1 is Lambda's model).
    pub fn new(capacity: usize) -> Shared {
        Shared {
            state: Mutex::new(State {
                queue: VecDeque::new(),
                in_flight: Vec::new(),
                capacity: capacity.max(1),
                phase: Phase::Init { started: Instant::now() },
                init_failure: None,
                sandbox: None,
                supervisor: None,
                closed: false,
            }),
            queued: Notify::new(),
            demand: Notify::new(),
            epoch: watch::Sender::new(0),
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A panic while holding the lock leaves plain data behind, still consistent enough to serve.
        self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// How many invocations its runtime may run at once.
    pub fn capacity(&self) -> usize {
        self.lock().capacity
    }

    pub fn epoch(&self) -> watch::Receiver<u64> {
        self.epoch.subscribe()
    }

    pub fn enqueue(&self, request: InvokeRequest) -> Result<Ticket, InvokeError> {
        let mut state = self.lock();
        if state.closed {
            return Err(InvokeError::Shutdown);
        }
        if let Some(error) = state.init_failure.take() {
            return Err(InvokeError::InitError(error));
        }
        let id = uuid::Uuid::new_v4().to_string();
        let (delivered, delivered_rx) = oneshot::channel();
        let (done, done_rx) = oneshot::channel();
        state.queue.push_back(Pending { id: id.clone(), request, delivered, done });
        drop(state);
        self.queued.notify_waiters();
        self.demand.notify_one();
        Ok(Ticket { id, delivered: delivered_rx, done: done_rx })
    }

    /// Long-polls for the next event, as `GET invocation/next` does.
    pub async fn next_event(&self) -> Result<Event, Refusal> {
        loop {
            let notified = self.queued.notified();
            tokio::pin!(notified);
            // Registered before looking at the queue, so an enqueue in between is not missed.
            notified.as_mut().enable();
            if let Some(answer) = self.try_next_event() {
                return answer;
            }
            notified.await;
        }
    }

    /// The next event if one is queued now (`None`: wait).
    pub(crate) fn try_next_event(&self) -> Option<Result<Event, Refusal>> {
        let mut state = self.lock();
        if state.closed {
            return Some(Err(Refusal::Closed));
        }
        if matches!(state.phase, Phase::Failed) {
            return Some(Err(Refusal::InitFailed));
        }
        if matches!(state.phase, Phase::Resetting) {
            return None;
        }
        if state.in_flight.len() >= state.capacity {
            return Some(Err(Refusal::InvalidState(if state.capacity == 1 {
                "the runtime asked for the next event before answering the current one"
            } else {
                "the runtime asked for more events at once than its concurrency allows"
            })));
        }
        let pending = loop {
            let pending = state.queue.pop_front()?;
            // Its caller gave up while it waited in the queue.
            if !pending.done.is_closed() {
                break pending;
            }
        };
        let now = Instant::now();
        let init_duration = match std::mem::replace(&mut state.phase, Phase::Ready) {
            Phase::Init { started } => Some(now - started),
            Phase::Ready | Phase::Failed | Phase::Resetting => None,
        };
        let deadline = SystemTime::now() + pending.request.timeout;
        let deadline_ms = deadline.duration_since(UNIX_EPOCH).map_or(0, |since| since.as_millis());
        let request = pending.request;
        let event = Event {
            id: pending.id.clone(),
            function: request.function,
            payload: request.payload,
            deadline_ms,
            function_arn: request.function_arn,
            client_context: request.client_context,
            cognito_identity: request.cognito_identity,
            trace_id: request.trace_id.unwrap_or_else(new_trace_id),
        };
        // The receiver may be gone if the caller was cancelled; the invocation is still in flight then.
        let _ = pending.delivered.send(());
        state.in_flight.push(InFlight { id: pending.id, delivered_at: now, init_duration, done: pending.done });
        Some(Ok(event))
    }

    /// Checks that `id` is the invocation in flight, before its body is read.
    pub fn check_in_flight(&self, id: &str) -> Result<(), Refusal> {
        if self.lock().in_flight.iter().any(|in_flight| in_flight.id == id) {
            Ok(())
        } else {
            Err(Refusal::UnknownRequestId(id.to_owned()))
        }
    }

    /// Finishes the invocation in flight with the runtime's answer.
    pub fn complete(&self, id: &str, outcome: Outcome) -> Result<(), Refusal> {
        let mut state = self.lock();
        let Some(position) = state.in_flight.iter().position(|in_flight| in_flight.id == id) else {
            return Err(Refusal::UnknownRequestId(id.to_owned()));
        };
        let in_flight = state.in_flight.swap_remove(position);
        let duration = in_flight.delivered_at.elapsed();
        let mut report = Report::new(id, duration);
        report.init_duration = in_flight.init_duration;
        if let Some(sandbox) = &mut state.sandbox {
            report.memory_size_mb = Some(sandbox.memory_mb);
            let now = Instant::now();
            let peak = match sandbox.peak {
                Some((taken, peak)) if now - taken < MEMORY_SAMPLE_AGE => peak,
                _ => {
                    let peak = max_memory_used_mb(sandbox.pid);
                    sandbox.peak = Some((now, peak));
                    peak
                }
            };
            report.max_memory_used_mb = peak;
        }
        drop(state);
        let invocation = Invocation { request_id: in_flight.id, outcome, duration, report };
        // The caller may have been cancelled; the slot is free either way.
        let _ = in_flight.done.send(Ok(invocation));
        Ok(())
    }

    /// `POST init/error`: allowed only before the first `next`.
    pub fn init_error(&self, error: FunctionError) -> Result<(), Refusal> {
        let mut state = self.lock();
        if !matches!(state.phase, Phase::Init { .. }) {
            return Err(Refusal::InvalidState(
                "init/error is only accepted before the runtime's first invocation/next",
            ));
        }
        state.phase = Phase::Failed;
        deliver_init_failure(&mut state, error);
        Ok(())
    }

    /// The caller stopped waiting for `id` (timeout or cancellation). Returns whether it was still in
    /// flight; if so a single-slot sandbox is reset, as Lambda does after a timeout. A serve-all process
    /// is not: resetting it would fail every other invocation it runs, so the late answer is refused.
    pub fn abandon(&self, id: &str) -> bool {
        let mut state = self.lock();
        let Some(position) = state.in_flight.iter().position(|in_flight| in_flight.id == id) else {
            return false;
        };
        state.in_flight.swap_remove(position);
        if state.capacity > 1 {
            return true;
        }
        // A send fails only if the supervisor already ended, and then there is no process to reset.
        let resetting = state.supervisor.as_ref().is_some_and(|supervisor| supervisor.send(Control::Reset).is_ok());
        if resetting {
            state.phase = Phase::Resetting;
        }
        true
    }

    pub fn attach(&self, supervisor: mpsc::UnboundedSender<Control>) -> std::io::Result<()> {
        let mut state = self.lock();
        if state.closed {
            return Err(std::io::Error::other("the Runtime API emulator is shut down"));
        }
        if state.supervisor.is_some() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::AlreadyExists,
                "a function process already runs against this Runtime API (one per emulated sandbox)",
            ));
        }
        state.supervisor = Some(supervisor);
        Ok(())
    }

    /// Forgets `supervisor`, unless another one has attached since.
    pub fn detach(&self, supervisor: &mpsc::UnboundedSender<Control>) {
        let mut state = self.lock();
        if state.supervisor.as_ref().is_some_and(|current| current.same_channel(supervisor)) {
            state.supervisor = None;
        }
    }

    /// The bootstrap could not be executed: Lambda's `Runtime.InvalidEntrypoint`.
    pub fn launch_failed(&self, message: String) {
        let mut state = self.lock();
        deliver_init_failure(&mut state, FunctionError::new("Runtime.InvalidEntrypoint", message));
    }

    /// A process is about to start: its init phase begins.
    pub fn sandbox_starting(&self) {
        self.lock().phase = Phase::Init { started: Instant::now() };
    }

    pub fn sandbox_started(&self, pid: u32, memory_mb: u32) {
        self.lock().sandbox = Some(Sandbox { pid, memory_mb, peak: None });
    }

    /// The sandbox's process is gone: fail what it was doing and close its connections.
    pub fn sandbox_ended(&self, end: End) {
        let mut state = self.lock();
        state.sandbox = None;
        let phase = std::mem::replace(&mut state.phase, Phase::Init { started: Instant::now() });
        if !state.in_flight.is_empty() {
            let status = match end {
                End::Exited(status) => status,
                End::InitTimedOut(_) => "killed at the init timeout".to_owned(),
            };
            for in_flight in state.in_flight.drain(..) {
                let _ = in_flight.done.send(Err(InvokeError::ProcessExited(status.clone())));
            }
        } else if let Phase::Init { .. } = phase {
            let error = match end {
                End::Exited(status) => {
                    FunctionError::new("Runtime.ExitError", format!("Runtime exited with error: {status}"))
                }
                End::InitTimedOut(after) => FunctionError::new(
                    "Sandbox.Timedout",
                    format!("Task timed out after {:.2} seconds during init", after.as_secs_f64()),
                ),
            };
            deliver_init_failure(&mut state, error);
        }
        drop(state);
        self.epoch.send_modify(|epoch| *epoch += 1);
    }

    pub fn pid(&self) -> Option<u32> {
        self.lock().sandbox.as_ref().map(|sandbox| sandbox.pid)
    }

    pub fn is_initialising(&self) -> bool {
        matches!(self.lock().phase, Phase::Init { .. })
    }

    pub fn has_queued(&self) -> bool {
        let state = self.lock();
        !state.closed && state.queue.iter().any(|pending| !pending.done.is_closed())
    }

    pub async fn demanded(&self) {
        self.demand.notified().await;
    }

    /// Ends everything: waiting and running invocations fail with `Shutdown`, long-polls return, the
    /// supervisor stops its process.
    pub fn close(&self) {
        let mut state = self.lock();
        state.closed = true;
        for pending in state.queue.drain(..) {
            let _ = pending.done.send(Err(InvokeError::Shutdown));
        }
        for in_flight in state.in_flight.drain(..) {
            let _ = in_flight.done.send(Err(InvokeError::Shutdown));
        }
        if let Some(supervisor) = state.supervisor.take() {
            let _ = supervisor.send(Control::Stop);
        }
        drop(state);
        self.queued.notify_waiters();
        self.epoch.send_modify(|epoch| *epoch += 1);
    }
}

/// Hands an init failure to the oldest waiting invocation, or keeps it for the next one to arrive.
fn deliver_init_failure(state: &mut State, error: FunctionError) {
    while let Some(pending) = state.queue.pop_front() {
        if pending.done.send(Err(InvokeError::InitError(error.clone()))).is_ok() {
            return;
        }
    }
    state.init_failure = Some(error);
}

/// An X-Ray trace header in Lambda's shape: `Root=1-<epoch seconds hex>-<96 random bits hex>`.
fn new_trace_id() -> String {
    let seconds = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |since| since.as_secs());
    let random = uuid::Uuid::new_v4().simple().to_string();
    let parent = uuid::Uuid::new_v4().simple().to_string();
    format!("Root=1-{seconds:08x}-{};Parent={};Sampled=0", &random[..24], &parent[..16])
}
