//! `lambdaform deploy`: synthesize, package, upload, and create or update the stack through a change set.

use std::process::ExitCode;

use crate::deploy::apply::{deploy, DeployOptions};
use crate::deploy::aws::{Aws, AwsArgs};
use crate::deploy::source::{self, SourceArgs};
use crate::deploy::{block_on, exit};

#[derive(clap::Args, Debug, Clone)]
pub struct DeployArgs {
    #[command(flatten)]
    pub source: SourceArgs,
    /// Deployment stage: part of the stack name and the `Stage` parameter.
    #[arg(long, default_value = "dev")]
    pub stage: String,
    #[command(flatten)]
    pub aws: AwsArgs,
    /// Show the change set's summary, then delete it without executing.
    #[arg(long)]
    pub dry_run: bool,
    /// Execute the change set without asking.
    #[arg(long, short)]
    pub yes: bool,
}

pub fn run(args: DeployArgs) -> ExitCode {
    exit(block_on(async {
        let aws = Aws::connect(&args.aws).await?;
        let source = source::load(&args.source, &args.stage, &aws.region)?;
        let opts = DeployOptions { stage: args.stage.clone(), dry_run: args.dry_run, yes: args.yes };
        deploy(&aws, &source, &opts).await
    }))
}
