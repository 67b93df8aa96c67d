//! The one seam between the in-memory resources and whatever runs a handler.

use std::future::Future;
use std::pin::Pin;

/// Runs one function of the service once; implemented by the dev server (in-process or bootstrap mode) and by tests.
pub trait Invoker: Send + Sync + 'static {
    fn invoke(
        &self,
        function: &str,
        event: serde_json::Value,
    ) -> Pin<Box<dyn Future<Output = Result<serde_json::Value, InvokeFailure>> + Send + '_>>;
}

/// A handler error (`errorType` is the error enum's variant name), a timeout, or a crash.
#[derive(Debug, Clone, PartialEq)]
pub struct InvokeFailure {
    pub error_type: String,
    pub error_message: String,
}

impl std::fmt::Display for InvokeFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.error_type, self.error_message)
    }
}

impl std::error::Error for InvokeFailure {}
