//! `lambdaform logs FUNCTION [--tail]`: the function's CloudWatch Logs.

use std::process::ExitCode;
use std::time::Duration;

use crate::deploy::aws::{Aws, AwsArgs};
use crate::deploy::target::StackArgs;
use crate::deploy::{block_on, exit, logs, DeployError};

#[derive(clap::Args, Debug, Clone)]
pub struct LogsArgs {
    /// The function, as named in the Rust code (`create_user`), by logical id, or by deployed name.
    pub function: String,
    #[command(flatten)]
    pub stack: StackArgs,
    #[command(flatten)]
    pub aws: AwsArgs,
    /// Keep printing new events until interrupted.
    #[arg(long, short)]
    pub tail: bool,
    /// How far back to start, in minutes.
    #[arg(long, default_value_t = 10)]
    pub since_minutes: u64,
}

pub fn run(args: LogsArgs) -> ExitCode {
    exit(block_on(async {
        let stack_name = args.stack.stack_name()?;
        let aws = Aws::connect(&args.aws).await?;
        let group = logs::log_group(&aws, &stack_name, &args.function).await?;
        let since = Duration::from_secs(
            args.since_minutes
                .checked_mul(60)
                .ok_or_else(|| DeployError::user(format!("--since-minutes {} is too large", args.since_minutes)))?,
        );
        logs::print_logs(&aws, &group, since, args.tail).await
    }))
}
