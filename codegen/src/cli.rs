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
    /// Write cloudformation.json, template.yaml (SAM), serverless.yml and manifest.json for the service.
    Synth(cmd::synth::SynthArgs),
    /// Build the release bootstrap for the target architecture and zip it deterministically.
    Package(cmd::package::PackageArgs),
    /// Check Amazon States Language definitions; every problem with its JSON pointer.
    ValidateAsl(cmd::validate_asl::ValidateAslArgs),
    /// Run a state machine locally on the ASL executor and print the result as JSON.
    RunAsl(cmd::run_asl::RunAslArgs),
    /// Draw one of the service's state machines as Mermaid, Graphviz DOT or SVG.
    Graph(cmd::graph::GraphArgs),
    /// Deploy the service: upload its code, then create or update its stack through a change set.
    Deploy(cmd::deploy::DeployArgs),
    /// Delete the service's stack; retained tables, buckets and queues stay.
    Remove(cmd::remove::RemoveArgs),
    /// Show the deployed stack's status, outputs and functions.
    Info(cmd::info::InfoArgs),
    /// Print a deployed function's CloudWatch Logs.
    Logs(cmd::logs::LogsArgs),
    /// Serve the whole service on 127.0.0.1: HTTP routes, in-memory AWS resources and their triggers.
    Local(cmd::local::LocalArgs),
    /// Run one function once with an event, as Lambda would; print its answer and REPORT line.
    Invoke(cmd::invoke::InvokeArgs),
    /// Print a sample event of a trigger kind, filled in from the service's own names.
    Event(cmd::event::EventArgs),
}

/// Runs the command line; `cargo lambdaform …` arrives as `cargo-lambdaform lambdaform …`.
pub fn main() -> ExitCode {
    let mut args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("lambdaform") {
        args.remove(1);
    }
    match Cli::parse_from(args).command {
        Command::Manifest(a) => cmd::manifest::run(a),
        Command::Synth(a) => cmd::synth::run(a),
        Command::Package(a) => cmd::package::run(a),
        Command::ValidateAsl(a) => cmd::validate_asl::run(a),
        Command::RunAsl(a) => cmd::run_asl::run(a),
        Command::Graph(a) => cmd::graph::run(a),
        Command::Deploy(a) => cmd::deploy::run(a),
        Command::Remove(a) => cmd::remove::run(a),
        Command::Info(a) => cmd::info::run(a),
        Command::Logs(a) => cmd::logs::run(a),
        Command::Local(a) => cmd::local::run(a),
        Command::Invoke(a) => cmd::invoke::run(a),
        Command::Event(a) => cmd::event::run(a),
    }
}
