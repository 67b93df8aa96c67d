//! The test's side of callback tasks: answer a `.waitForTaskToken` task (of the execution or any nested one,
//! or of a native run) by its token, as `SendTaskSuccess` and `SendTaskFailure` would.

use std::sync::{Arc, Mutex, Weak};
use std::time::Duration;

use lambdaform_asl::exec::{CallbackError, CallbackHandle};
use serde_json::Value;

use super::native::NativeTokens;

/// The callback handles of an execution and of the executions it started. The resolver holds it weakly: once
/// the test drops every [`Callbacks`], no answer can come, and callback tasks run into their timeout.
#[derive(Default)]
pub struct Registry {
    handles: Mutex<Vec<CallbackHandle>>,
}

impl Registry {
    pub fn track(registry: &Weak<Registry>, handle: CallbackHandle) {
        if let Some(r) = registry.upgrade() {
            r.handles.lock().unwrap_or_else(|e| e.into_inner()).push(handle);
        }
    }

    fn handles(&self) -> Vec<CallbackHandle> {
        self.handles.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

#[derive(Clone)]
enum Target {
    Asl(Arc<Registry>),
    Native(Arc<NativeTokens>),
}

/// Answers callback tasks; cheap to clone. Take it before awaiting the run.
#[derive(Clone)]
pub struct Callbacks {
    target: Target,
}

impl Callbacks {
    pub(crate) fn asl(registry: Arc<Registry>) -> Self {
        Callbacks { target: Target::Asl(registry) }
    }

    pub(crate) fn native(tokens: Arc<NativeTokens>) -> Self {
        Callbacks { target: Target::Native(tokens) }
    }

    /// Tokens of the callback tasks waiting now, sorted.
    pub fn pending_tokens(&self) -> Vec<String> {
        match &self.target {
            Target::Asl(r) => {
                let mut all: Vec<String> = r.handles().iter().flat_map(CallbackHandle::pending_tokens).collect();
                all.sort();
                all
            }
            Target::Native(t) => t.pending(),
        }
    }

    /// Waits until a callback task is waiting and returns its token (the oldest, by token order). Polls: the
    /// executor runs on the same runtime, so this yields to it between looks.
    pub async fn next_token(&self) -> String {
        loop {
            if let Some(token) = self.pending_tokens().into_iter().next() {
                return token;
            }
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
    }

    /// `SendTaskSuccess`: the waiting task's result is `output`.
    pub fn send_success(&self, token: &str, output: Value) -> Result<(), CallbackError> {
        match &self.target {
            Target::Asl(r) => self.owner(r, token)?.send_success(token, output),
            Target::Native(t) => t.complete(token, Ok(output)),
        }
    }

    /// `SendTaskFailure`: the waiting task fails with `error`, which the workflow may catch.
    pub fn send_failure(&self, token: &str, error: &str, cause: &str) -> Result<(), CallbackError> {
        match &self.target {
            Target::Asl(r) => self.owner(r, token)?.send_failure(token, Some(error.into()), Some(cause.into())),
            Target::Native(t) => t.complete(token, Err((error.to_string(), cause.to_string()))),
        }
    }

    fn owner(&self, registry: &Registry, token: &str) -> Result<CallbackHandle, CallbackError> {
        registry
            .handles()
            .into_iter()
            .find(|h| h.pending_tokens().iter().any(|t| t == token))
            .ok_or_else(|| CallbackError::UnknownToken(token.to_string()))
    }
}
