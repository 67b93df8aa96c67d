//! What a test run returns: the typed result or the failure, and everything observable around it.

use lambdaform_asl::exec::Status;
use serde_json::Value;

use super::resolver::Invocation;
use super::services::Services;

/// A failed execution (or native run): the error name and its cause.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failed {
    pub error: String,
    pub cause: String,
}

impl Failed {
    /// The cause without Lambda's wrapping: a step's failure reaches the execution as the error document
    /// `{"errorMessage": ..., "errorType": ...}`, where a native run has the message itself.
    pub fn message(&self) -> String {
        serde_json::from_str::<Value>(&self.cause)
            .ok()
            .and_then(|doc| doc.get("errorMessage").and_then(Value::as_str).map(str::to_string))
            .unwrap_or_else(|| self.cause.clone())
    }
}

impl std::fmt::Display for Failed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.error, self.message())
    }
}

/// One execution of the ASL: its typed result, the history in `GetExecutionHistory` shape, the Lambda
/// invocations made, and the services as the execution left them.
#[derive(Debug, Clone)]
pub struct Outcome<T> {
    pub status: Status,
    pub result: Result<T, Failed>,
    pub history: Vec<Value>,
    pub invocations: Vec<Invocation>,
    pub services: Services,
}

impl<T> Outcome<T> {
    /// The history events' types in order (`ExecutionStarted`, `TaskStateEntered`, ...).
    pub fn event_types(&self) -> Vec<String> {
        self.history.iter().filter_map(|e| e["type"].as_str().map(str::to_string)).collect()
    }

    /// The names of the states entered, in order.
    pub fn states_entered(&self) -> Vec<String> {
        self.history
            .iter()
            .filter(|e| e["type"].as_str().is_some_and(|t| t.ends_with("StateEntered")))
            .filter_map(|e| e["stateEnteredEventDetails"]["name"].as_str().map(str::to_string))
            .collect()
    }

    /// How many times function `name` was invoked (retries included).
    pub fn calls(&self, function: &str) -> usize {
        self.invocations.iter().filter(|i| i.function == function).count()
    }
}

/// One run of a workflow's plain Rust body.
#[derive(Debug, Clone)]
pub struct NativeOutcome<T> {
    pub result: Result<T, Failed>,
    /// The time the body waited in all (`sleep`), which took none.
    pub slept: std::time::Duration,
    pub services: Services,
}

/// The two runs agree when both succeed with equal outputs, or both fail with the same error name and message.
pub fn same_result<T: PartialEq>(asl: &Result<T, Failed>, native: &Result<T, Failed>) -> bool {
    match (asl, native) {
        (Ok(a), Ok(b)) => a == b,
        (Err(a), Err(b)) => a.error == b.error && a.message() == b.message(),
        _ => false,
    }
}
