//! Callback tasks (`.waitForTaskToken`): tokens waiting for success, failure or heartbeats.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use serde_json::Value;
use tokio::sync::{mpsc, watch};

/// A message sent for a task token.
#[derive(Debug, Clone, PartialEq)]
pub enum CallbackMessage {
    Success(Value),
    Failure { error: Option<String>, cause: Option<String> },
    Heartbeat,
}

/// Why a callback could not be delivered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CallbackError {
    /// AWS's `TaskDoesNotExist` / `InvalidToken`: no task waits for this token.
    UnknownToken(String),
}

impl std::fmt::Display for CallbackError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CallbackError::UnknownToken(t) => write!(f, "Task Token does not exist: {t}"),
        }
    }
}

impl std::error::Error for CallbackError {}

type Waiters = HashMap<String, mpsc::UnboundedSender<CallbackMessage>>;

#[derive(Debug)]
struct Shared {
    waiters: Mutex<Waiters>,
    /// Every handle given out holds a receiver: once all are dropped, no callback can ever arrive,
    /// which on virtual time lets a waiting task run into its timeout at once.
    answerers: watch::Sender<()>,
}

impl Default for Shared {
    fn default() -> Self {
        Shared { waiters: Mutex::default(), answerers: watch::channel(()).0 }
    }
}

/// Answers callback tasks of one execution; cheap to clone and usable from any thread.
/// Drop every clone once no more answers will come: on virtual time, callback tasks then time out
/// (at their `HeartbeatSeconds` or `TimeoutSeconds`) instead of waiting.
#[derive(Debug, Clone, Default)]
pub struct CallbackHandle {
    shared: Arc<Shared>,
    /// Held, never read: its existence tells the executor someone may still answer.
    _answerer: Option<watch::Receiver<()>>,
}

impl CallbackHandle {
    /// `SendTaskSuccess`.
    pub fn send_success(&self, token: &str, output: Value) -> Result<(), CallbackError> {
        self.send(token, CallbackMessage::Success(output), true)
    }

    /// `SendTaskFailure`.
    pub fn send_failure(&self, token: &str, error: Option<String>, cause: Option<String>) -> Result<(), CallbackError> {
        self.send(token, CallbackMessage::Failure { error, cause }, true)
    }

    /// `SendTaskHeartbeat`.
    pub fn send_heartbeat(&self, token: &str) -> Result<(), CallbackError> {
        self.send(token, CallbackMessage::Heartbeat, false)
    }

    /// Tokens of the callback tasks waiting right now.
    pub fn pending_tokens(&self) -> Vec<String> {
        let mut v: Vec<String> = self.lock().keys().cloned().collect();
        v.sort();
        v
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Waiters> {
        self.shared.waiters.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn send(&self, token: &str, msg: CallbackMessage, last: bool) -> Result<(), CallbackError> {
        let mut waiters = self.lock();
        let unknown = || CallbackError::UnknownToken(token.to_string());
        let tx = if last {
            waiters.remove(token).ok_or_else(unknown)?
        } else {
            waiters.get(token).cloned().ok_or_else(unknown)?
        };
        tx.send(msg).map_err(|_| unknown())
    }

    /// A handle for the outside world: while it (or a clone) lives, callbacks may still arrive.
    pub(crate) fn answerer(&self) -> CallbackHandle {
        CallbackHandle { shared: self.shared.clone(), _answerer: Some(self.shared.answerers.subscribe()) }
    }

    /// Completes once no handle given out is left, i.e. no callback can arrive any more.
    pub(crate) async fn unanswerable(&self) {
        self.shared.answerers.closed().await
    }

    /// Registers a token; the executor awaits messages on the receiver.
    pub(crate) fn register(&self, token: &str) -> mpsc::UnboundedReceiver<CallbackMessage> {
        let (tx, rx) = mpsc::unbounded_channel();
        self.lock().insert(token.to_string(), tx);
        rx
    }

    /// Forgets a token whose task ended another way (timeout, cancellation).
    pub(crate) fn forget(&self, token: &str) {
        self.lock().remove(token);
    }
}
