use std::fmt;

use lambdaform::prelude::*;

#[derive(Debug, FunctionError)]
enum OrderError {
    OutOfStock,
    Declined { reason: String },
    Unreachable(String),
}

impl fmt::Display for OrderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OrderError::OutOfStock => f.write_str("out of stock"),
            OrderError::Declined { reason } => write!(f, "declined: {reason}"),
            OrderError::Unreachable(host) => write!(f, "cannot reach {host}"),
        }
    }
}

#[derive(Debug, FunctionError)]
struct Timeout;

impl fmt::Display for Timeout {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("timed out")
    }
}

#[derive(Debug, FunctionError)]
enum Never {}

impl fmt::Display for Never {
    fn fmt(&self, _: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {}
    }
}

#[function]
async fn place(event: serde_json::Value) -> Result<(), OrderError> {
    let _ = event;
    Err(OrderError::OutOfStock)
}

#[function]
async fn wait(event: serde_json::Value) -> Result<(), Timeout> {
    let _ = event;
    Err(Timeout)
}

#[function]
async fn infallible(event: serde_json::Value) -> Result<u8, Never> {
    let _ = event;
    Ok(1)
}

#[function]
async fn std_infallible(event: serde_json::Value) -> Result<u8, std::convert::Infallible> {
    let _ = event;
    Ok(1)
}

// The derive's names are what Step Functions' Retry and Catch match on.
fn main() {
    assert_eq!(OrderError::OutOfStock.error_type(), "OutOfStock");
    assert_eq!(OrderError::Declined { reason: "card".into() }.error_type(), "Declined");
    assert_eq!(OrderError::Unreachable("bank".into()).error_type(), "Unreachable");
    assert_eq!(Timeout.error_type(), "Timeout");
}
