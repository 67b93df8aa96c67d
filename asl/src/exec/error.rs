//! How a state or execution fails: an error name and a cause, both optional as in AWS.

/// Predefined error names.
pub mod names {
    pub const ALL: &str = "States.ALL";
    pub const RUNTIME: &str = "States.Runtime";
    pub const TIMEOUT: &str = "States.Timeout";
    pub const HEARTBEAT_TIMEOUT: &str = "States.HeartbeatTimeout";
    pub const TASK_FAILED: &str = "States.TaskFailed";
    pub const DATA_LIMIT_EXCEEDED: &str = "States.DataLimitExceeded";
    pub const QUERY_EVALUATION: &str = "States.QueryEvaluationError";
    pub const INTRINSIC_FAILURE: &str = "States.IntrinsicFailure";
    pub const NO_CHOICE_MATCHED: &str = "States.NoChoiceMatched";
    pub const PARAMETER_PATH_FAILURE: &str = "States.ParameterPathFailure";
    pub const RESULT_PATH_MATCH_FAILURE: &str = "States.ResultPathMatchFailure";
    pub const EXCEED_TOLERATED_FAILURE: &str = "States.ExceedToleratedFailureThreshold";
}

/// A failure travelling up to a Catch or to the execution.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub error: Option<String>,
    pub cause: Option<String>,
    /// Raised by the interpreter inside a state: the runner prefixes the cause with
    /// "An error occurred while executing the state ..." as AWS does.
    pub located: bool,
    /// The execution's own `TimeoutSeconds` ran out: no Retry or Catch applies, the execution times out.
    pub(crate) execution_timeout: bool,
}

impl Failure {
    /// A failure raised by user code (a Fail state or a task).
    pub fn new(error: Option<String>, cause: Option<String>) -> Self {
        Failure { error, cause, located: false, execution_timeout: false }
    }

    /// The execution's `TimeoutSeconds` (or AWS's one-year maximum) has passed.
    pub(crate) fn execution_timeout() -> Self {
        Failure { error: Some(names::TIMEOUT.into()), cause: None, located: false, execution_timeout: true }
    }

    /// True when this failure ends the execution as `TIMED_OUT`.
    pub fn is_execution_timeout(&self) -> bool {
        self.execution_timeout
    }

    /// An interpreter error inside a state; its cause gets AWS's location prefix.
    pub fn in_state(error: &str, cause: impl Into<String>) -> Self {
        Failure { error: Some(error.to_string()), cause: Some(cause.into()), located: true, execution_timeout: false }
    }

    pub fn runtime(cause: impl Into<String>) -> Self {
        Self::in_state(names::RUNTIME, cause)
    }

    pub fn query(cause: impl Into<String>) -> Self {
        Self::in_state(names::QUERY_EVALUATION, cause)
    }

    /// True when a `ErrorEquals` list names this failure.
    pub fn matches(&self, error_equals: &[String]) -> bool {
        if self.execution_timeout {
            return false;
        }
        let name = self.error.as_deref().unwrap_or("");
        error_equals.iter().any(|e| match e.as_str() {
            names::ALL => !matches!(name, names::RUNTIME | names::DATA_LIMIT_EXCEEDED),
            names::TASK_FAILED => !matches!(name, names::TIMEOUT | names::HEARTBEAT_TIMEOUT | "") && !is_terminal(name),
            // States.Timeout also names a missed heartbeat, which predates its own error name.
            names::TIMEOUT => matches!(name, names::TIMEOUT | names::HEARTBEAT_TIMEOUT),
            other => other == name,
        })
    }

    /// The `{"Error", "Cause"}` object a Catch passes on.
    pub fn error_output(&self) -> serde_json::Value {
        let mut m = serde_json::Map::new();
        m.insert("Error".into(), self.error.clone().map(Into::into).unwrap_or(serde_json::Value::Null));
        m.insert("Cause".into(), self.cause.clone().map(Into::into).unwrap_or(serde_json::Value::Null));
        serde_json::Value::Object(m)
    }
}

fn is_terminal(name: &str) -> bool {
    matches!(name, names::RUNTIME | names::DATA_LIMIT_EXCEEDED)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_all_skips_terminal_errors() {
        let all = vec![names::ALL.to_string()];
        assert!(Failure::new(Some("X".into()), None).matches(&all));
        assert!(Failure::new(None, None).matches(&all));
        assert!(!Failure::runtime("boom").matches(&all));
        assert!(!Failure::new(Some("X".into()), None).matches(&["State.ALL".to_string()]));
        let heartbeat = Failure::new(Some(names::HEARTBEAT_TIMEOUT.into()), None);
        assert!(heartbeat.matches(&[names::TIMEOUT.to_string()]));
        assert!(!heartbeat.matches(&[names::TASK_FAILED.to_string()]));
    }
}
