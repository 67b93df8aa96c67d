//! `lambdaform info`: the stack's status, outputs and functions.

use std::process::ExitCode;

use crate::deploy::aws::{Aws, AwsArgs};
use crate::deploy::target::StackArgs;
use crate::deploy::{block_on, exit, info};

#[derive(clap::Args, Debug, Clone)]
pub struct InfoArgs {
    #[command(flatten)]
    pub stack: StackArgs,
    #[command(flatten)]
    pub aws: AwsArgs,
}

pub fn run(args: InfoArgs) -> ExitCode {
    exit(block_on(async {
        let stack_name = args.stack.stack_name()?;
        let aws = Aws::connect(&args.aws).await?;
        print!("{}", info::info(&aws, &stack_name).await?);
        Ok(())
    }))
}
