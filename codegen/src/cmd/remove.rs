//! `lambdaform remove`: delete the stack; retained tables, buckets and queues stay and are listed.

use std::process::ExitCode;

use crate::deploy::aws::{Aws, AwsArgs};
use crate::deploy::target::StackArgs;
use crate::deploy::{block_on, exit, remove};

#[derive(clap::Args, Debug, Clone)]
pub struct RemoveArgs {
    #[command(flatten)]
    pub stack: StackArgs,
    #[command(flatten)]
    pub aws: AwsArgs,
    /// Delete without asking.
    #[arg(long, short)]
    pub yes: bool,
}

pub fn run(args: RemoveArgs) -> ExitCode {
    exit(block_on(async {
        let stack_name = args.stack.stack_name()?;
        let aws = Aws::connect(&args.aws).await?;
        let retained = remove::remove(&aws, &stack_name, args.yes).await?;
        eprintln!("stack {stack_name} deleted");
        if !retained.is_empty() {
            println!("Retained (delete them yourself when the data is no longer needed):");
            for (id, physical, kind) in retained {
                println!("  {id}  {kind}  {physical}");
            }
        }
        Ok(())
    }))
}
