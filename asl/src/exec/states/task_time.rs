//! How long a task runs and how it ends in time: the resolver's answer, a callback, or a timeout
//! (`TimeoutSeconds`, `HeartbeatSeconds`, the execution's own deadline), on either clock.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use tokio::sync::mpsc::UnboundedReceiver;

use crate::exec::callback::CallbackMessage;
use crate::exec::error::{names, Failure};
use crate::exec::resolver::{TaskOutcome, TaskRequest};
use crate::exec::run::{Run, Thread};

/// The task's `TimeoutSeconds` and `HeartbeatSeconds`, once resolved.
#[derive(Clone, Copy)]
pub(super) struct Limits {
    pub timeout: Option<i64>,
    pub heartbeat: Option<i64>,
}

/// Runs the task to its outcome and moves the thread's clock to when it ended. A timed-out task is a
/// `Failure` outcome with `States.Timeout` or `States.HeartbeatTimeout` (no cause, as AWS records it);
/// `Err` only when the execution itself times out first.
pub(super) async fn call(
    run: &Arc<Run>,
    th: &mut Thread,
    request: TaskRequest,
    token: Option<&str>,
    limits: Limits,
) -> Result<TaskOutcome, Failure> {
    let mut rx = token.map(|t| run.callbacks.register(t));
    let outcome = if run.clock.is_real() {
        Ok(real_time(run, request, rx.as_mut(), limits).await)
    } else {
        virtual_time(run, th, request, rx.as_mut(), limits).await
    };
    if let Some(t) = token {
        run.callbacks.forget(t);
    }
    outcome
}

fn timed_out(error: &str) -> TaskOutcome {
    TaskOutcome::Failure { error: Some(error.into()), cause: None }
}

fn after(t: DateTime<Utc>, d: Duration) -> DateTime<Utc> {
    chrono::Duration::from_std(d).ok().and_then(|d| t.checked_add_signed(d)).unwrap_or(DateTime::<Utc>::MAX_UTC)
}

fn seconds(n: i64) -> Duration {
    Duration::from_secs(n.max(0) as u64)
}

/// Virtual time: the resolver says how long the task ran (`TaskOutcome::Took`); a callback answers at
/// the moment the resolver handed the token out, or never once no handle is left to answer it.
async fn virtual_time(
    run: &Arc<Run>,
    th: &mut Thread,
    request: TaskRequest,
    rx: Option<&mut UnboundedReceiver<CallbackMessage>>,
    limits: Limits,
) -> Result<TaskOutcome, Failure> {
    let started = th.trace.now;
    let (ran, outcome) = run.resolver.resolve(request).await.into_timed();
    let answered = after(started, ran);
    // When the task ends by itself (None: never) and how.
    let mut end: (Option<DateTime<Utc>>, TaskOutcome) = match (outcome, rx) {
        (TaskOutcome::AwaitCallback, Some(rx)) => match callback(run, rx).await {
            Some(outcome) => (Some(answered), outcome),
            None => match limits.heartbeat {
                Some(h) => (Some(after(answered, seconds(h))), timed_out(names::HEARTBEAT_TIMEOUT)),
                None => (None, timed_out(names::TIMEOUT)),
            },
        },
        (outcome, _) => (Some(answered), outcome),
    };
    if let Some(t) = limits.timeout.map(|t| after(started, seconds(t))) {
        if end.0.is_none_or(|at| at > t) {
            end = (Some(t), timed_out(names::TIMEOUT));
        }
    }
    match end {
        (Some(at), outcome) if at <= run.deadline => {
            th.trace.now = at;
            Ok(outcome)
        }
        _ => {
            th.trace.now = run.deadline;
            Err(Failure::execution_timeout())
        }
    }
}

/// The callback's answer, or `None` once nobody holds a handle that could send one.
async fn callback(run: &Run, rx: &mut UnboundedReceiver<CallbackMessage>) -> Option<TaskOutcome> {
    loop {
        let msg = tokio::select! {
            biased;
            msg = rx.recv() => msg,
            _ = run.callbacks.unanswerable() => return None,
        };
        match msg? {
            CallbackMessage::Success(v) => return Some(TaskOutcome::Success(v)),
            CallbackMessage::Failure { error, cause } => return Some(TaskOutcome::Failure { error, cause }),
            // Heartbeats keep a task alive, but no virtual time passes while it waits.
            CallbackMessage::Heartbeat => continue,
        }
    }
}

/// Real time: timeouts and heartbeats are timers; a reported duration is ignored (it really passed).
async fn real_time(
    run: &Arc<Run>,
    request: TaskRequest,
    rx: Option<&mut UnboundedReceiver<CallbackMessage>>,
    limits: Limits,
) -> TaskOutcome {
    let work = async {
        match run.resolver.resolve(request).await.into_timed().1 {
            TaskOutcome::AwaitCallback => match rx {
                Some(rx) => real_callback(rx, limits.heartbeat).await,
                None => TaskOutcome::AwaitCallback,
            },
            other => other,
        }
    };
    match limits.timeout {
        Some(t) => tokio::time::timeout(seconds(t), work).await.unwrap_or_else(|_| timed_out(names::TIMEOUT)),
        None => work.await,
    }
}

async fn real_callback(rx: &mut UnboundedReceiver<CallbackMessage>, heartbeat: Option<i64>) -> TaskOutcome {
    loop {
        let msg = match heartbeat {
            Some(h) => match tokio::time::timeout(seconds(h), rx.recv()).await {
                Ok(m) => m,
                Err(_) => return timed_out(names::HEARTBEAT_TIMEOUT),
            },
            None => rx.recv().await,
        };
        match msg {
            Some(CallbackMessage::Success(v)) => return TaskOutcome::Success(v),
            Some(CallbackMessage::Failure { error, cause }) => return TaskOutcome::Failure { error, cause },
            Some(CallbackMessage::Heartbeat) => continue,
            None => {
                return TaskOutcome::Failure {
                    error: Some(names::TASK_FAILED.into()),
                    cause: Some("The callback handle was dropped.".into()),
                }
            }
        }
    }
}
