//! The two failure shapes: a function's own error, and an invocation that never produced an outcome.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::time::Duration;

/// The error document a runtime posts to `/invocation/{id}/error` or `/init/error`, as Lambda returns it
/// to the caller of `Invoke` (with `X-Amz-Function-Error` set).
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
pub struct FunctionError {
    #[serde(rename = "errorType")]
    pub error_type: String,
    #[serde(rename = "errorMessage")]
    pub error_message: String,
    #[serde(rename = "stackTrace", default, skip_serializing_if = "Vec::is_empty")]
    pub stack_trace: Vec<String>,
}

impl FunctionError {
    pub fn new(error_type: impl Into<String>, error_message: impl Into<String>) -> FunctionError {
        FunctionError { error_type: error_type.into(), error_message: error_message.into(), stack_trace: Vec::new() }
    }

    /// Reads an error body leniently: runtimes are free to post anything, and Lambda passes a body that is
    /// not the documented JSON shape through as the message, typed by the `Lambda-Runtime-Function-Error-Type`
    /// header when present.
    pub fn from_body(body: &[u8], type_header: Option<&str>) -> FunctionError {
        match serde_json::from_slice::<FunctionError>(body) {
            Ok(error) => error,
            Err(_) => {
                FunctionError::new(type_header.unwrap_or("Unhandled"), String::from_utf8_lossy(body).into_owned())
            }
        }
    }
}

impl fmt::Display for FunctionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.error_type, self.error_message)
    }
}

impl std::error::Error for FunctionError {}

/// Why an invocation ended without the function's response or error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InvokeError {
    /// The function did not answer within the invocation's timeout; its process was restarted.
    Timeout(Duration),
    /// The runtime failed before asking for its first event: it posted `/init/error`, exited, timed out in
    /// init, or its binary could not be started.
    InitError(FunctionError),
    /// The runtime process exited while the invocation was running; the text is its exit status.
    ProcessExited(String),
    /// The request payload is over Lambda's synchronous limit.
    PayloadTooLarge { size: usize, limit: usize },
    /// The request cannot be carried in Runtime API headers (e.g. a client context with a line break).
    InvalidRequest(String),
    /// The emulator was shut down before the invocation finished.
    Shutdown,
}

impl fmt::Display for InvokeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InvokeError::Timeout(after) => {
                write!(f, "Task timed out after {:.2} seconds", after.as_secs_f64())
            }
            InvokeError::InitError(error) => write!(f, "function initialisation failed: {error}"),
            InvokeError::ProcessExited(status) => write!(f, "Runtime exited with error: {status}"),
            InvokeError::PayloadTooLarge { size, limit } => {
                write!(f, "request payload of {size} bytes exceeds the maximum allowed payload size ({limit} bytes)")
            }
            InvokeError::InvalidRequest(reason) => write!(f, "invalid invoke request: {reason}"),
            InvokeError::Shutdown => {
                write!(f, "the Runtime API emulator shut down before the invocation finished")
            }
        }
    }
}

impl std::error::Error for InvokeError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timeout_reads_like_lambda() {
        let text = InvokeError::Timeout(Duration::from_millis(1500)).to_string();
        assert_eq!(text, "Task timed out after 1.50 seconds");
    }

    #[test]
    fn error_body_in_documented_shape_is_parsed() {
        let body = br#"{"errorMessage":"boom","errorType":"MyError","stackTrace":["a","b"]}"#;
        let error = FunctionError::from_body(body, Some("Ignored"));
        assert_eq!(error.error_type, "MyError");
        assert_eq!(error.error_message, "boom");
        assert_eq!(error.stack_trace, ["a", "b"]);
    }

    #[test]
    fn error_body_in_another_shape_is_passed_through() {
        let error = FunctionError::from_body(b"plain text", Some("Runtime.Custom"));
        assert_eq!(error, FunctionError::new("Runtime.Custom", "plain text"));
        let untyped = FunctionError::from_body(b"[1]", None);
        assert_eq!(untyped.error_type, "Unhandled");
    }
}
