//! Workflows: `#[state_machine]` compiles an async Rust fn over the service's `#[function]`s to an AWS Step
//! Functions definition, and the same body runs natively as plain Rust. This module holds the two traits the
//! macros implement ([`Step`], [`Workflow`]) and the helpers a workflow body calls ([`sleep`], [`fail`], [`map`],
//! [`join!`](crate::join), [`callback`], the service integrations), each of which behaves natively as the
//! generated state does on AWS. Native side effects go through [`Integrations`], which tests replace.
//!
//! See `docs/workflows.md` for every construct and the ASL it becomes.

mod callback;
pub(crate) mod concat;
mod distributed;
mod failure;
mod integrations;
mod join;
mod map;
mod objects;
mod retry;
mod services;
mod step_call;
mod time;

use std::future::Future;

pub use callback::{callback, Callback, CallbackCall, TaskToken};
pub use distributed::{DistributedMap, Strict, Tolerant, Tolerated};
pub use failure::{fail, Failure};
pub use integrations::{current, with_integrations, BoxFuture, DynamoDbAction, Integrations, Memory, Record};
pub use join::AllOk;
pub use map::{map, MapCall};
#[cfg(feature = "testing")]
pub(crate) use objects::no_such_key;
pub use objects::{BucketItems, S3Object};
pub use retry::{retry_step, RetryPolicy};
pub use services::{put_events, start, start_sync, QueueSend, TableItems, TopicPublish};
pub use step_call::{call_step, invoke_step, step_info, AnyMock, MockFn, StepInfo};
pub use time::{sleep, sleep_until};

/// A `#[function]` a workflow can call: implemented by `#[function]` on a hidden type named like the function,
/// so `#[state_machine]` finds the Lambda name of a call `validate(x)` at compile time.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a step: a workflow can only call a `#[function]` that takes one event parameter",
    label = "not a #[function]",
    note = "declare the function with #[function] (without #[http]), or call plain Rust code from inside a step"
)]
pub trait Step {
    /// The Lambda function's name in the manifest.
    const NAME: &'static str;
    type Input;
    type Output;
    type Error;
    /// The `#[function(retry(..))]` default, for native runs.
    const RETRY: Option<RetryPolicy> = None;
    /// The same default as the ASL text `,"Retry":[{..}]` (empty without one), which `#[state_machine]` writes
    /// into every Task invoking the step without a `#[retry]` of its own.
    const RETRY_ASL: &'static str = "";
}

/// What every value a workflow keeps between states must be: it lives in the execution as JSON.
#[diagnostic::on_unimplemented(
    message = "`{Self}` crosses workflow states, so it must implement `Serialize` and `DeserializeOwned`",
    label = "this variable is stored in the execution as JSON between states",
    note = "derive them: `#[derive(serde::Serialize, serde::Deserialize)]`"
)]
pub trait WorkflowValue {}
impl<T: serde::Serialize + serde::de::DeserializeOwned> WorkflowValue for T {}

/// The definition's JSON type, named without re-exporting `serde_json` (a re-export would change how rustc
/// spells serde_json's types in every diagnostic).
#[doc(hidden)]
pub type JsonValue = serde_json::Value;

/// A definition from the pieces `#[state_machine]` writes: literal JSON and name constants. The macro wrote the
/// JSON and the names are plain, so it parses; `Null` would only show a macro bug.
#[doc(hidden)]
pub fn definition_from_parts(parts: &[&str]) -> JsonValue {
    serde_json::from_str(&parts.concat()).unwrap_or_default()
}

/// Emitted after each `let` of a workflow body (see `#[state_machine]`).
#[doc(hidden)]
pub fn check_workflow_value<T: WorkflowValue>(_: &T) {}

/// A `#[state_machine]`: implemented by the macro on a hidden type named like the workflow fn.
#[diagnostic::on_unimplemented(message = "`{Self}` is not a workflow", label = "declare it with #[state_machine]")]
pub trait Workflow {
    /// The state machine's name in the manifest.
    const NAME: &'static str;
    type Input;
    type Output;
    type Error;

    /// The ASL definition (JSONata), with `${function:NAME}`-style placeholders as in the manifest.
    fn definition() -> serde_json::Value;

    /// The body as plain Rust: steps are called directly, integrations go through [`current`].
    fn run_native(input: Self::Input) -> impl Future<Output = Result<Self::Output, Self::Error>> + Send;
}
