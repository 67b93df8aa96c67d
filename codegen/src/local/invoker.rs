//! The dev server's side of the contract with the in-memory resources: triggers they fire run on the
//! server's handlers, and every failure reaches them in Lambda's error shape.

use super::handlers::Handlers;
use crate::runtime_api::{InvokeError, Outcome};
use lambdaform_local::{InvokeFailure, Invoker};
use serde_json::Value;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

pub struct DevInvoker {
    pub handlers: Arc<Handlers>,
}

impl Invoker for DevInvoker {
    fn invoke(
        &self,
        function: &str,
        event: Value,
    ) -> Pin<Box<dyn Future<Output = Result<Value, InvokeFailure>> + Send + '_>> {
        let function = function.to_owned();
        Box::pin(async move {
            let payload = serde_json::to_vec(&event).unwrap_or_default();
            match self.handlers.invoke(&function, payload).await {
                Ok(invocation) => match invocation.outcome {
                    Outcome::Response(body) => Ok(answer_value(&body)),
                    Outcome::Error(error) => {
                        Err(InvokeFailure { error_type: error.error_type, error_message: error.error_message })
                    }
                },
                Err(error) => Err(failure(&error)),
            }
        })
    }
}

/// A response body as JSON; a handler that answers with something else is passed on as a string.
pub fn answer_value(body: &[u8]) -> Value {
    serde_json::from_slice(body).unwrap_or_else(|_| Value::String(String::from_utf8_lossy(body).into_owned()))
}

/// An invocation without an outcome, in the shape Lambda reports it to an asynchronous caller.
pub fn failure(error: &InvokeError) -> InvokeFailure {
    let error_type = match error {
        InvokeError::Timeout(_) => "Sandbox.Timedout".to_owned(),
        InvokeError::InitError(init) => init.error_type.clone(),
        InvokeError::ProcessExited(_) => "Runtime.ExitError".to_owned(),
        InvokeError::PayloadTooLarge { .. } => "RequestEntityTooLargeException".to_owned(),
        InvokeError::InvalidRequest(_) => "InvalidRequestContentException".to_owned(),
        InvokeError::Shutdown => "ServiceException".to_owned(),
    };
    let error_message = match error {
        InvokeError::InitError(init) => init.error_message.clone(),
        other => other.to_string(),
    };
    InvokeFailure { error_type, error_message }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn failures_carry_lambda_error_types() {
        let timeout = failure(&InvokeError::Timeout(Duration::from_secs(3)));
        assert_eq!(timeout.error_type, "Sandbox.Timedout");
        assert_eq!(timeout.error_message, "Task timed out after 3.00 seconds");
        assert_eq!(failure(&InvokeError::ProcessExited("signal: 6".into())).error_type, "Runtime.ExitError");
    }

    #[test]
    fn answers_that_are_not_json_become_strings() {
        assert_eq!(answer_value(br#"{"a":1}"#), serde_json::json!({"a": 1}));
        assert_eq!(answer_value(b"plain"), Value::String("plain".into()));
    }
}
