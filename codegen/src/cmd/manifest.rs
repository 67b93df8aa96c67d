//! `lambdaform manifest`: prints the service's manifest as read from its binary.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::binary;

#[derive(Debug, clap::Args)]
pub struct ManifestArgs {
    /// The service package to build and read (default: the package in the current directory).
    #[arg(long, short = 'p', conflicts_with = "binary")]
    pub package: Option<String>,
    /// Read an already built binary instead of building.
    #[arg(long)]
    pub binary: Option<PathBuf>,
}

pub fn run(args: ManifestArgs) -> ExitCode {
    let manifest = match &args.binary {
        Some(path) => binary::read_manifest(path),
        None => binary::manifest_for_package(args.package.as_deref()).map(|(m, _)| m),
    };
    match manifest {
        Ok(manifest) => {
            let mut text = serde_json::to_string_pretty(&manifest).expect("a manifest always serializes");
            text.push('\n');
            print!("{text}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}
