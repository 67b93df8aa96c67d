//! The command line: one subcommand per module of [`crate::cmd`].

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::cmd;

/// Declare a whole AWS serverless service in Rust: synthesize, run locally, deploy.
#[derive(Parser)]
#[command(name = "lambdaform", version, bin_name = "lambdaform")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Print the service's manifest, read out of its built binary.
    Manifest(cmd::manifest::ManifestArgs),
}

/// Runs the command line; `cargo lambdaform …` arrives as `cargo-lambdaform lambdaform …`.
pub fn main() -> ExitCode {
    let mut args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("lambdaform") {
        args.remove(1);
    }
    match Cli::parse_from(args).command {
        Command::Manifest(a) => cmd::manifest::run(a),
    }
}
