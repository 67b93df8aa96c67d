//! The local executor: runs a definition with AWS's semantics, virtual time and pluggable tasks.

mod abort;
mod callback;
mod clock;
mod error;
mod execution;
mod history;
mod jsonata;
mod jsonata_reads;
mod jsonpath;
mod mock;
mod resolver;
mod run;
mod states;
mod store;

pub use callback::{CallbackError, CallbackHandle, CallbackMessage};
pub use clock::Clock;
pub use error::{names as errors, Failure};
pub use execution::{Execution, ExecutionResult, Executor, Status};
pub use history::{HistoryEvent, MAX_EVENTS};
pub use mock::MockResolver;
pub use resolver::{NoTasks, TaskOutcome, TaskRequest, TaskResolver};
pub use run::MAX_PAYLOAD_BYTES;
pub use states::map_run::{ChildExecution, MapRun};
pub use store::{MemoryStore, ObjectStore, ObjectSummary, StoreError};
