//! What a caller hands the emulator, and what it gets back.

use super::error::FunctionError;
use super::report::Report;
use std::time::Duration;

/// Lambda's default function timeout.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(3);

/// The account id local ARNs use; `000000000000` is the placeholder local AWS emulators agree on.
pub const LOCAL_ACCOUNT_ID: &str = "000000000000";

/// One synchronous invocation (`InvocationType: RequestResponse`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvokeRequest {
    /// The event, usually JSON.
    pub payload: Vec<u8>,
    /// Measured from the moment the runtime receives the event, as on Lambda.
    pub timeout: Duration,
    /// Sent as `Lambda-Runtime-Invoked-Function-Arn`.
    pub function_arn: String,
    /// The decoded client context JSON, sent as `Lambda-Runtime-Client-Context`.
    pub client_context: Option<String>,
    /// The Cognito identity JSON, sent as `Lambda-Runtime-Cognito-Identity`.
    pub cognito_identity: Option<String>,
    /// An X-Ray trace header; one is generated when absent.
    pub trace_id: Option<String>,
    /// Which function a serve-all process should run, sent in the event's frame; `None` for a
    /// bootstrap that serves one function (its `_HANDLER`).
    pub function: Option<String>,
}

impl Default for InvokeRequest {
    fn default() -> InvokeRequest {
        InvokeRequest {
            payload: b"{}".to_vec(),
            timeout: DEFAULT_TIMEOUT,
            function_arn: function_arn("us-east-1", "function"),
            client_context: None,
            cognito_identity: None,
            trace_id: None,
            function: None,
        }
    }
}

impl InvokeRequest {
    pub fn new(payload: impl Into<Vec<u8>>) -> InvokeRequest {
        InvokeRequest { payload: payload.into(), ..InvokeRequest::default() }
    }

    pub fn with_timeout(mut self, timeout: Duration) -> InvokeRequest {
        self.timeout = timeout;
        self
    }

    pub fn with_function_arn(mut self, arn: impl Into<String>) -> InvokeRequest {
        self.function_arn = arn.into();
        self
    }

    pub fn with_client_context(mut self, json: impl Into<String>) -> InvokeRequest {
        self.client_context = Some(json.into());
        self
    }

    pub fn with_cognito_identity(mut self, json: impl Into<String>) -> InvokeRequest {
        self.cognito_identity = Some(json.into());
        self
    }

    pub fn with_trace_id(mut self, trace_id: impl Into<String>) -> InvokeRequest {
        self.trace_id = Some(trace_id.into());
        self
    }

    pub fn with_function(mut self, function: impl Into<String>) -> InvokeRequest {
        self.function = Some(function.into());
        self
    }
}

/// The ARN Lambda would give an unqualified function of this name in the local account.
pub fn function_arn(region: &str, function_name: &str) -> String {
    format!("arn:aws:lambda:{region}:{LOCAL_ACCOUNT_ID}:function:{function_name}")
}

/// A finished invocation: the function answered, with a response or with an error.
#[derive(Debug, Clone, PartialEq)]
pub struct Invocation {
    pub request_id: String,
    pub outcome: Outcome,
    /// From delivery of the event to the runtime until its answer arrived.
    pub duration: Duration,
    /// The figures Lambda logs for this invocation.
    pub report: Report,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Response(Vec<u8>),
    Error(FunctionError),
}
