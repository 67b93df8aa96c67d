//! Builds the service for local runs, for the host: debug for the in-process mode, release for the
//! bootstrap mode (what `lambdaform package` ships). Also tells where the package's sources are, for
//! `--watch`.

use std::path::PathBuf;
use std::process::{Command, Stdio};

/// A built service binary.
#[derive(Debug, Clone)]
pub struct Built {
    pub binary: PathBuf,
    /// The package's directory (where its Cargo.toml is).
    pub package_dir: PathBuf,
}

pub fn build(package: Option<&str>, release: bool) -> Result<Built, String> {
    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    command.args(["build", "--message-format=json-render-diagnostics", "--bins"]);
    if release {
        command.arg("--release");
    }
    if let Some(package) = package {
        command.args(["--package", package]);
    }
    let output = command.stderr(Stdio::inherit()).output().map_err(|e| format!("cannot run cargo: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "cargo could not build {} (see the messages above)",
            package.map_or_else(|| "the current package".to_owned(), |p| format!("package `{p}`"))
        ));
    }
    let mut found: Vec<Built> = output
        .stdout
        .split(|b| *b == b'\n')
        .filter_map(|line| serde_json::from_slice::<serde_json::Value>(line).ok())
        .filter(|message| message["reason"] == "compiler-artifact")
        .filter(|message| package.is_none_or(|p| message["target"]["name"] == p))
        .filter_map(|message| {
            let binary = PathBuf::from(message["executable"].as_str()?);
            let package_dir = PathBuf::from(message["manifest_path"].as_str()?).parent()?.to_path_buf();
            Some(Built { binary, package_dir })
        })
        .collect();
    match found.len() {
        1 => Ok(found.remove(0)),
        0 => Err(format!(
            "package `{}` builds no binary; a service crate needs a `main.rs` with `lambdaform::main!()`",
            package.unwrap_or(".")
        )),
        _ => Err(format!(
            "several binaries were built ({}); name the service with --package",
            found.iter().map(|b| b.binary.display().to_string()).collect::<Vec<_>>().join(", ")
        )),
    }
}
