//! Intrinsic functions (`States.Format(...)` and friends) in JSONPath payload templates.

mod call;
mod functions;
mod parse;

pub use call::evaluate;
pub use parse::{parse, Arg, Call};

/// Why an intrinsic could not be parsed or evaluated. `message` follows AWS's wording where known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IntrinsicError {
    pub message: String,
}

impl IntrinsicError {
    pub(crate) fn new(message: impl Into<String>) -> Self {
        IntrinsicError { message: message.into() }
    }
}

impl std::fmt::Display for IntrinsicError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for IntrinsicError {}

/// True when a `.$` value is an intrinsic call rather than a path.
pub fn is_intrinsic(text: &str) -> bool {
    text.trim_start().starts_with("States.")
}
