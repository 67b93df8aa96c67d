//! How a workflow body calls a step natively: through the test's mock for it when one is installed, and with the
//! retry default of its `#[function(retry(..))]` unless the statement has a `#[retry]` of its own, as the
//! generated Task does.

use std::any::Any;
use std::future::Future;
use std::sync::Arc;

use serde::de::DeserializeOwned;
use serde::Serialize;

use super::{current, retry_step, BoxFuture, RetryPolicy, Step};
use crate::FunctionError;

/// A native mock of a step: its typed input in, its result out.
pub type MockFn<I, O, E> = Arc<dyn Fn(I) -> Result<O, E> + Send + Sync>;

/// A mock as [`Integrations::step_mock`](super::Integrations::step_mock) hands it out: a [`MockFn`] of the step's
/// own types, behind `Any` because the integrations are not generic.
pub type AnyMock = Arc<dyn Any + Send + Sync>;

/// What a workflow needs of one step it calls, as a constant of a concrete type: `#[state_machine]` resolves
/// each step path once into one (`step_info::<validate>()`), so a path that is not a step fails there, with
/// [`Step`]'s message, and nowhere else.
#[derive(Debug, Clone, PartialEq)]
pub struct StepInfo {
    pub name: &'static str,
    pub retry: Option<RetryPolicy>,
    pub retry_asl: &'static str,
}

pub const fn step_info<S: Step>() -> StepInfo {
    StepInfo { name: S::NAME, retry: S::RETRY, retry_asl: S::RETRY_ASL }
}

/// The test's mock of the step if the current integrations have one of these types.
fn mock_of<I: 'static, O: 'static, E: 'static>(info: &StepInfo) -> Option<MockFn<I, O, E>> {
    current().step_mock(info.name).and_then(|m| m.downcast_ref::<MockFn<I, O, E>>().cloned())
}

/// One invocation, without retries: the test's mock of the step if the current integrations have one, else
/// `step`.
pub async fn invoke_step<I, O, E, Fut>(info: &StepInfo, input: I, step: impl Fn(I) -> Fut) -> Result<O, E>
where
    I: 'static,
    O: 'static,
    E: 'static,
    Fut: Future<Output = Result<O, E>>,
{
    match mock_of(info) {
        Some(mock) => mock(input),
        None => step(input).await,
    }
}

/// A step call without a statement `#[retry]`: invoked with the step's retry default, if it has one.
/// `RETRY` is `info.retry.is_some()`, written by `#[state_machine]` as a constant, and the retry loop is behind a
/// box that only the `RETRY` branch creates: rustc then compiles the loop (with the JSON round trip of the input)
/// only for the steps that have a default, and a call without one is the mock lookup and the call, in this one
/// future.
pub async fn call_step<const RETRY: bool, I, O, E, F, Fut>(info: &StepInfo, input: I, step: F) -> Result<O, E>
where
    I: Serialize + DeserializeOwned + Send + 'static,
    O: Send + 'static,
    E: FunctionError + Send + 'static,
    F: Fn(I) -> Fut + Sync,
    Fut: Future<Output = Result<O, E>> + Send,
{
    if RETRY {
        if let Some(policy) = &info.retry {
            let retried: BoxFuture<'_, Result<O, E>> =
                Box::pin(retry_step(policy, input, |i| invoke_step(info, i, &step)));
            return retried.await;
        }
    }
    match mock_of(info) {
        Some(mock) => mock(input),
        None => step(input).await,
    }
}
