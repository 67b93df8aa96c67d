//! `lambdaform package`: build the release bootstrap, zip it deterministically, record its digest.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::package::{package_service, service_architecture};

#[derive(clap::Args, Debug, Clone)]
pub struct PackageArgs {
    /// The service crate (default: the package in the current directory).
    #[arg(long, short)]
    pub package: Option<String>,
    /// Where to write bootstrap.zip and artifact.json (default: out/<service>).
    #[arg(long)]
    pub out: Option<PathBuf>,
}

pub fn run(args: PackageArgs) -> ExitCode {
    let (manifest, _) = match crate::binary::manifest_for_package(args.package.as_deref()) {
        Ok(found) => found,
        Err(e) => return fail(&e, 2),
    };
    let arch = match service_architecture(&manifest) {
        Ok(arch) => arch,
        Err(e) => return fail(&e, 2),
    };
    let out = args.out.unwrap_or_else(|| PathBuf::from("out").join(&manifest.service));
    match package_service(args.package.as_deref(), arch, &out) {
        Ok(artifact) => {
            eprintln!(
                "packaged {} ({} bytes, sha256 {})",
                out.join(&artifact.path).display(),
                artifact.size,
                artifact.sha256
            );
            ExitCode::SUCCESS
        }
        Err(e) => fail(&e, 1),
    }
}

fn fail(message: &str, code: u8) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(code)
}
