//! What the local resources answer when a call cannot be carried out.

use std::fmt;

/// A failed call on a local resource. Each variant says what AWS would have answered.
#[derive(Debug, Clone, PartialEq)]
pub enum LocalError {
    /// The service declares no resource of that kind with that name (AWS's `NoSuchBucket`,
    /// `ResourceNotFoundException`, `NonExistentQueue`, ...).
    Unknown { kind: &'static str, name: String },
    /// Input AWS would reject (`ValidationException`, `InvalidParameter`); `pointer` is a JSON pointer into the
    /// input when it is JSON, empty otherwise.
    Invalid { pointer: String, message: String },
    /// Reading or writing the persisted store under `.lambdaform/local/`.
    Store(String),
    /// No waiting task holds this token (AWS's `TaskDoesNotExist`).
    UnknownToken(String),
}

impl LocalError {
    pub(crate) fn unknown(kind: &'static str, name: &str) -> Self {
        LocalError::Unknown { kind, name: name.to_string() }
    }

    pub(crate) fn invalid(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        LocalError::Invalid { pointer: pointer.into(), message: message.into() }
    }
}

impl fmt::Display for LocalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LocalError::Unknown { kind, name } => write!(f, "the service declares no {kind} `{name}`"),
            LocalError::Invalid { pointer, message } if pointer.is_empty() => f.write_str(message),
            LocalError::Invalid { pointer, message } => write!(f, "{pointer}: {message}"),
            LocalError::Store(message) => write!(f, "local store: {message}"),
            LocalError::UnknownToken(token) => write!(f, "Task Token does not exist: {token}"),
        }
    }
}

impl std::error::Error for LocalError {}
