//! In-memory AWS resources for `lambdaform local`: buckets, topics, queues, tables, schedules and state
//! machines that fire a service's triggers through an [`Invoker`], with no HTTP server and no AWS SDK.
//! See `README.md` for the API and what differs from AWS.

mod clock;
mod delivery;
pub mod dynamodb;
mod error;
pub mod events;
mod invoker;
mod local;
pub mod log;
pub mod names;
pub mod pattern;
mod poller;
pub mod s3;
pub mod schedule;
pub mod sns;
pub mod sqs;
mod store;
mod streams;
mod tasks;
mod time;
mod triggers;
mod update;
mod workflows;

pub use clock::Clock;
pub use dynamodb::SortKeyCondition;
pub use error::LocalError;
pub use invoker::{InvokeFailure, Invoker};
pub use local::{BusEvent, Local};
pub use log::{LogEntry, LogRecord, Outcome, Trigger};
pub use sns::{Attributes, MessageAttribute};
pub use store::Store;
