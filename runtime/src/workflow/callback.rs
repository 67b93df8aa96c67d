use std::future::{Future, IntoFuture};
use std::marker::PhantomData;
use std::sync::atomic::{AtomicU64, Ordering};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::{current, BoxFuture, Failure};
use crate::FunctionError;

/// The token of a callback task that will complete with a `T`. It travels as a plain string.
pub struct TaskToken<T> {
    token: String,
    result: PhantomData<fn() -> T>,
}

impl<T> TaskToken<T> {
    pub fn new(token: impl Into<String>) -> Self {
        TaskToken { token: token.into(), result: PhantomData }
    }

    pub fn as_str(&self) -> &str {
        &self.token
    }
}

impl<T: Serialize> TaskToken<T> {
    /// `SendTaskSuccess`: the waiting task's result becomes `output`.
    pub async fn succeed(&self, output: T) -> Result<(), Failure> {
        let output = serde_json::to_value(output)
            .map_err(|e| Failure { error: "States.Runtime", cause: format!("the callback output: {e}") })?;
        current().complete_token(self.token.clone(), Ok(output)).await
    }

    /// `SendTaskFailure`: the waiting task fails with `error`, which a workflow can catch.
    pub async fn fail(&self, error: &'static str, cause: impl Into<String>) -> Result<(), Failure> {
        current().complete_token(self.token.clone(), Err(Failure { error, cause: cause.into() })).await
    }
}

impl<T> Clone for TaskToken<T> {
    fn clone(&self) -> Self {
        TaskToken::new(self.token.clone())
    }
}

impl<T> std::fmt::Debug for TaskToken<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("TaskToken").field(&self.token).finish()
    }
}

impl<T> Serialize for TaskToken<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.token)
    }
}

impl<'de, T> Deserialize<'de> for TaskToken<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(TaskToken::new)
    }
}

/// What a callback step receives: `{"token": "...", "input": ...}`. The step hands the token to whoever decides
/// (a person, another system) and returns; the workflow waits until that party completes the token.
#[derive(Serialize, Deserialize)]
#[serde(bound(serialize = "I: Serialize", deserialize = "I: Deserialize<'de>"))]
pub struct Callback<I, T> {
    pub token: TaskToken<T>,
    pub input: I,
}

/// Calls a callback step and waits for its token: a Task on `lambda:invoke.waitForTaskToken`.
///
/// ```ignore
/// let approval: Approval = callback(request_approval, order).heartbeat(3600).timeout(86_400).await?;
/// ```
/// The step's own error and a failure sent for the token both come back as a [`Failure`].
pub fn callback<I, T, E, F, Fut>(step: F, input: I) -> CallbackCall<I, T, F>
where
    F: FnOnce(Callback<I, T>) -> Fut,
    Fut: Future<Output = Result<(), E>>,
{
    CallbackCall { step, input, output: PhantomData }
}

/// A [`callback`] not yet awaited; its settings become the Task's `HeartbeatSeconds` and `TimeoutSeconds`.
pub struct CallbackCall<I, T, F> {
    step: F,
    input: I,
    output: PhantomData<fn() -> T>,
}

impl<I, T, F> CallbackCall<I, T, F> {
    /// `HeartbeatSeconds` of the Task. It has no native effect: nothing sends heartbeats in-process.
    pub fn heartbeat(self, _seconds: u64) -> Self {
        self
    }

    /// `TimeoutSeconds` of the Task. It has no native effect: the party holding the token decides when it
    /// completes (a test, through its [`Integrations`](super::Integrations)).
    pub fn timeout(self, _seconds: u64) -> Self {
        self
    }
}

fn next_token() -> String {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    format!("native-task-token-{}", NEXT.fetch_add(1, Ordering::Relaxed))
}

impl<I, T, E, F, Fut> IntoFuture for CallbackCall<I, T, F>
where
    I: Send + 'static,
    T: DeserializeOwned + Send + 'static,
    E: FunctionError + Send + 'static,
    F: FnOnce(Callback<I, T>) -> Fut + Send + 'static,
    Fut: Future<Output = Result<(), E>> + Send + 'static,
{
    type Output = Result<T, Failure>;
    type IntoFuture = BoxFuture<'static, Result<T, Failure>>;

    fn into_future(self) -> Self::IntoFuture {
        let token = next_token();
        let CallbackCall { step, input, .. } = self;
        Box::pin(async move {
            let integrations = current();
            // Wait before invoking: the step may complete its own token before it returns.
            let wait = integrations.wait_for_token(token.clone());
            (step)(Callback { token: TaskToken::new(token), input }).await.map_err(Failure::from_error)?;
            let output = wait.await?;
            serde_json::from_value(output)
                .map_err(|e| Failure { error: "States.Runtime", cause: format!("the callback output: {e}") })
        })
    }
}
