use std::fmt;

use crate::FunctionError;

/// A workflow's explicit failure: the `Error` and `Cause` of an ASL `Fail` state. Natively it is an ordinary
/// error value; its [`error_type`](FunctionError::error_type) is `error`, as the failed execution's is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub error: &'static str,
    pub cause: String,
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.error, self.cause)
    }
}

impl std::error::Error for Failure {}

impl Failure {
    /// A step's error as the execution reports it: its `errorType` and its message.
    pub fn from_error<E: FunctionError>(error: E) -> Self {
        Failure { error: error.error_type(), cause: error.to_string() }
    }
}

impl FunctionError for Failure {
    fn error_type(&self) -> &'static str {
        self.error
    }
}

/// Ends the workflow with an error: `return fail("Rejected", "amount over the limit");` becomes a `Fail` state.
/// The workflow's error type must convert from [`Failure`] (it is one, or wraps one, or is `lambdaform::Error`).
pub fn fail<T, E: From<Failure>>(error: &'static str, cause: impl Into<String>) -> Result<T, E> {
    Err(E::from(Failure { error, cause: cause.into() }))
}
