//! An emulator of AWS Lambda's Runtime API (`/2018-06-01/runtime/...`) on 127.0.0.1, so a real
//! `bootstrap` built with `lambda_runtime` runs locally as it does on Lambda. See `RUNTIME_API.md`.
//!
//! - [`RuntimeApi`] is one sandbox: the HTTP routes plus a FIFO of invocations served one at a time; a
//!   multiplexed one also serves its events as frames on a Unix socket to a serve-all process.
//! - [`FunctionProcess`] runs a bootstrap against it with Lambda's environment and restarts it after a
//!   timeout or a crash, when the next invocation arrives.
//! - [`Report`] is the `REPORT` line Lambda logs after each invocation.

mod env;
mod error;
mod frames;
mod invoke;
mod process;
mod report;
mod routes;
mod server;
mod socket;
mod state;

pub(crate) use env::civil_date;
pub use env::FunctionEnv;
pub use error::{FunctionError, InvokeError};
pub use invoke::{function_arn, Invocation, InvokeRequest, Outcome, DEFAULT_TIMEOUT, LOCAL_ACCOUNT_ID};
pub use process::{FunctionProcess, INIT_TIMEOUT};
pub use report::{max_memory_used_mb, Report};
pub use server::RuntimeApi;
pub use socket::SOCKET_ENV;
pub use state::MAX_PAYLOAD_BYTES;
