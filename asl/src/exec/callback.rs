//! Callback tasks (`.waitForTaskToken`): tokens waiting for success, failure or heartbeats.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use serde_json::Value;
use tokio::sync::mpsc;

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

type Waiters = Arc<Mutex<HashMap<String, mpsc::UnboundedSender<CallbackMessage>>>>;

/// Answers callback tasks of one execution; cheap to clone and usable from any thread.
#[derive(Debug, Clone, Default)]
pub struct CallbackHandle {
    waiters: Waiters,
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

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, mpsc::UnboundedSender<CallbackMessage>>> {
        self.waiters.lock().unwrap_or_else(|e| e.into_inner())
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
