//! `lambdaform deploy`, `remove`, `info` and `logs`: the synthesized CloudFormation shipped through a change set
//! with the AWS SDK, the code in a content-addressed deployment bucket.

pub mod apply;
pub mod aws;
pub mod bucket;
pub mod changeset;
pub mod confirm;
pub mod error;
pub mod info;
pub mod logs;
pub mod names;
pub mod outputs;
pub mod progress;
pub mod remove;
pub mod retained;
pub mod source;
pub mod stack;
pub mod summary;
pub mod target;
pub mod validate;

pub use error::DeployError;

/// The async work of one command on a single-threaded runtime; SDK calls are sequential anyway.
pub fn block_on<T>(work: impl std::future::Future<Output = Result<T, DeployError>>) -> Result<T, DeployError> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| DeployError::failure(format!("cannot start the async runtime: {e}")))?
        .block_on(work)
}

/// Prints the error and maps it to the exit code: 2 for user errors, 1 for deploy failures.
pub fn exit(result: Result<(), DeployError>) -> std::process::ExitCode {
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::ExitCode::from(e.exit_code())
        }
    }
}
