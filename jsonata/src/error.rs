//! Errors carry JSONata's error codes so callers (and the reference suite) can match on them.

use std::fmt;

/// An error raised while parsing or evaluating an expression.
#[derive(Debug, Clone, PartialEq)]
pub struct JsonataError {
    /// JSONata's code: `S....` syntax, `T....` type, `D....` dynamic, `U....` runaway evaluation.
    pub code: String,
    pub message: String,
    /// Character offset in the expression source, when known.
    pub position: Option<usize>,
}

impl JsonataError {
    pub(crate) fn new(code: &str, message: impl Into<String>) -> Self {
        JsonataError { code: code.to_string(), message: message.into(), position: None }
    }

    pub(crate) fn at(code: &str, position: usize, message: impl Into<String>) -> Self {
        JsonataError { position: Some(position), ..JsonataError::new(code, message) }
    }

    /// Fills in the position if the error does not know one yet.
    pub(crate) fn or_at(mut self, position: usize) -> Self {
        if self.position.is_none() {
            self.position = Some(position);
        }
        self
    }
}

impl fmt::Display for JsonataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.position {
            Some(p) => write!(f, "{} at position {}: {}", self.code, p, self.message),
            None => write!(f, "{}: {}", self.code, self.message),
        }
    }
}

impl std::error::Error for JsonataError {}

pub(crate) type Result<T> = std::result::Result<T, JsonataError>;
