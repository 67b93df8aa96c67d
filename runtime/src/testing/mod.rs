//! Testing workflows in-process (feature `testing`): run a `#[state_machine]`'s generated ASL on the local
//! executor, with the binary's real handlers or per-step mocks, in-memory DynamoDB tables, SNS topics, SQS queues
//! and EventBridge, virtual time and a handle for callbacks; and run the same workflow's plain Rust body in the
//! same world, to check that both agree.
//!
//! ```ignore
//! use lambdaform::testing::{workflow, Callbacks};
//!
//! #[tokio::test]
//! async fn big_orders_wait_for_approval() {
//!     let outcome = workflow::<order>()
//!         .mock::<charge>(|req| Ok(Charge { id: "ch_1".into(), amount: req.amount }))
//!         .callback_answer(|| Ok(Approval { approved: true }))
//!         .run(big_order())
//!         .await
//!         .unwrap();
//!     assert_eq!(outcome.result.unwrap().status, "shipped");
//!     assert_eq!(outcome.calls("charge"), 1);
//!     assert_eq!(outcome.services.items("Orders").len(), 1);
//! }
//! ```
//!
//! Placeholders (`${function:validate}`) become fake ARNs in account `000000000000`, `us-east-1`; every
//! definition is checked by the ASL validator before it runs. A nested `startExecution` of another machine of
//! the binary runs that machine with the same steps and services.

mod arns;
mod asl_test;
mod callbacks;
mod dynamodb;
mod error;
mod invoke;
mod machines;
mod marshal;
mod native;
mod outcome;
mod resolver;
mod services;
mod workflow_test;

pub use asl_test::{AslTest, Running};
pub use callbacks::Callbacks;
pub use error::TestError;
pub use lambdaform_asl::exec::{Clock, Status};
pub use native::CallbackAnswer;
pub use outcome::{same_result, Failed, NativeOutcome, Outcome};
pub use resolver::{Invocation, StepFailure};
pub use services::{IntegrationError, Published, Services};
pub use workflow_test::{run_native, workflow, TypedRunning, WorkflowTest};
#[cfg(test)]
mod tests;
