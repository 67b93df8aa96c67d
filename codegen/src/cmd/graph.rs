//! `lambdaform graph MACHINE`: prints a drawing of one of the service's state machines.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::graph::{render, Format};

#[derive(clap::Args, Debug, Clone)]
pub struct GraphArgs {
    /// The state machine's name, as in `#[state_machine(name = ...)]`.
    pub machine: String,
    /// The service crate (default: the package in the current directory).
    #[arg(long, short)]
    pub package: Option<String>,
    /// Read this manifest.json instead of building the service.
    #[arg(long)]
    pub manifest: Option<PathBuf>,
    #[arg(long, value_enum, default_value = "mermaid")]
    pub format: Format,
}

/// Exit code 2 for bad input: no manifest, or no machine of that name.
pub fn run(args: GraphArgs) -> ExitCode {
    match drawing(&args) {
        Ok(text) => {
            print!("{text}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

fn drawing(args: &GraphArgs) -> Result<String, String> {
    let manifest = match &args.manifest {
        Some(path) => super::synth::read_manifest(path)?,
        None => crate::binary::manifest_for_package(args.package.as_deref())?.0,
    };
    let Some(machine) = manifest.state_machine(&args.machine) else {
        let known: Vec<&str> = manifest.state_machines.iter().map(|m| m.name.as_str()).collect();
        return Err(if known.is_empty() {
            format!("service `{}` has no state machines", manifest.service)
        } else {
            format!(
                "service `{}` has no state machine `{}`; it has: {}",
                manifest.service,
                args.machine,
                known.join(", ")
            )
        });
    };
    Ok(render(&machine.name, &machine.definition, args.format))
}
