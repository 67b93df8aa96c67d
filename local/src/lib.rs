//! In-memory AWS resources for `lambdaform local`: buckets, topics, queues, tables, schedules and state
//! machines that fire a service's triggers through an [`Invoker`], with no HTTP server and no AWS SDK.

mod invoker;

pub use invoker::{InvokeFailure, Invoker};
