use std::fmt::Display;

/// An error a handler returns. Its [`error_type`](FunctionError::error_type) becomes the `errorType` Lambda
/// reports, which is what Step Functions' `Retry` and `Catch` match on.
///
/// Derive it on an enum to report the variant's name: `#[derive(Debug, FunctionError)]` (with a `Display` impl,
/// for example from `thiserror`).
pub trait FunctionError: Display {
    fn error_type(&self) -> &'static str;
}

impl FunctionError for lambda_runtime::Error {
    fn error_type(&self) -> &'static str {
        "Error"
    }
}

impl FunctionError for std::convert::Infallible {
    fn error_type(&self) -> &'static str {
        match *self {}
    }
}

impl FunctionError for String {
    fn error_type(&self) -> &'static str {
        "Error"
    }
}
