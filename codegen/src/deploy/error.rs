//! Deploy errors as values: a user error (exit 2: wrong input, missing credentials, a stack in a state we must not
//! touch) or a deploy failure (exit 1: AWS refused or rolled back the change).

use std::fmt;

use aws_sdk_cloudformation::error::ProvideErrorMetadata;
use aws_sdk_cloudformation::error::SdkError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    User,
    Failure,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeployError {
    pub kind: Kind,
    pub message: String,
}

impl DeployError {
    pub fn user(message: impl Into<String>) -> Self {
        DeployError { kind: Kind::User, message: message.into() }
    }

    pub fn failure(message: impl Into<String>) -> Self {
        DeployError { kind: Kind::Failure, message: message.into() }
    }

    pub fn exit_code(&self) -> u8 {
        match self.kind {
            Kind::User => 2,
            Kind::Failure => 1,
        }
    }
}

impl fmt::Display for DeployError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for DeployError {}

/// Turns an SDK error into one line saying what failed. Credentials and region are checked before any call
/// (see `aws.rs`), so what reaches here is AWS refusing a request or the network failing after the SDK's retries.
pub fn sdk<E, R>(what: &str, err: SdkError<E, R>) -> DeployError
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
    R: fmt::Debug + 'static,
{
    match &err {
        SdkError::ServiceError(service) => {
            let e = service.err();
            DeployError::failure(format!(
                "{what}: {}: {}",
                e.code().unwrap_or("error"),
                e.message().unwrap_or("no message")
            ))
        }
        SdkError::DispatchFailure(_) | SdkError::TimeoutError(_) => DeployError::failure(format!(
            "{what}: cannot reach AWS after retries ({}); check the network or --endpoint-url",
            source_chain(&err)
        )),
        _ => DeployError::failure(format!("{what}: {}", source_chain(&err))),
    }
}

/// The code of an AWS error response (`ValidationError`, `NotFound`, ...), if it is one.
pub fn code<E: ProvideErrorMetadata, R>(err: &SdkError<E, R>) -> Option<&str> {
    match err {
        SdkError::ServiceError(service) => service.err().code(),
        _ => None,
    }
}

/// The message of an AWS error response, if it is one.
pub fn message<E: ProvideErrorMetadata, R>(err: &SdkError<E, R>) -> Option<&str> {
    match err {
        SdkError::ServiceError(service) => service.err().message(),
        _ => None,
    }
}

/// The error and its causes on one line; the SDK's top-level Display alone says only "dispatch failure".
pub fn source_chain(err: &(dyn std::error::Error + 'static)) -> String {
    let mut parts = vec![err.to_string()];
    let mut next = err.source();
    while let Some(e) = next {
        parts.push(e.to_string());
        next = e.source();
    }
    parts.join(": ")
}
