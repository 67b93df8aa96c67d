//! Builds the release `bootstrap` for an architecture: plain cargo when the host matches, cargo-lambda (with zig)
//! for arm64 on another host.

use std::path::PathBuf;
use std::process::Stdio;

use lambdaform_manifest::Architecture;

use crate::binary::{cargo, cargo_metadata};

fn host_matches(arch: Architecture) -> bool {
    matches!((arch, std::env::consts::ARCH), (Architecture::X86_64, "x86_64") | (Architecture::Arm64, "aarch64"))
}

pub fn build_release(package: Option<&str>, arch: Architecture) -> Result<PathBuf, String> {
    if host_matches(arch) {
        host_build(package)
    } else {
        match arch {
            Architecture::Arm64 => cargo_lambda_build(package),
            Architecture::X86_64 => Err(format!(
                "cannot build x86_64 on this {} host; build on x86_64 or choose `architecture = arm64`",
                std::env::consts::ARCH
            )),
        }
    }
}

fn host_build(package: Option<&str>) -> Result<PathBuf, String> {
    crate::binary::cargo_build(package, true).map(|built| built.binary)
}

fn cargo_lambda_build(package: Option<&str>) -> Result<PathBuf, String> {
    let installed = cargo().args(["lambda", "--version"]).stdout(Stdio::null()).stderr(Stdio::null()).status();
    if !installed.is_ok_and(|s| s.success()) {
        return Err("building for arm64 needs cargo-lambda, which is not installed; install it with `pip install cargo-lambda` (it brings zig), or set `architecture = x86_64`".into());
    }
    let mut cmd = cargo();
    cmd.args(["lambda", "build", "--release", "--arm64"]);
    if let Some(p) = package {
        cmd.args(["--package", p]);
    }
    let status = cmd.status().map_err(|e| format!("cannot run cargo lambda: {e}"))?;
    if !status.success() {
        return Err("cargo lambda build --release --arm64 failed (see the messages above)".into());
    }
    // cargo-lambda writes each binary to `target/lambda/<bin>/bootstrap`.
    let (target_dir, bins) = binaries(package)?;
    let found =
        bins.iter().map(|bin| target_dir.join("lambda").join(bin).join("bootstrap")).filter(|p| p.is_file()).collect();
    crate::binary::one_binary(found, package, |p: &PathBuf| p.as_path())
}

/// The target directory and the binary names of `package` (or of the workspace's packages), from `cargo metadata`.
fn binaries(package: Option<&str>) -> Result<(PathBuf, Vec<String>), String> {
    let metadata = cargo_metadata()?;
    let target_dir =
        metadata["target_directory"].as_str().map(PathBuf::from).ok_or("cargo metadata names no target directory")?;
    let mut bins = Vec::new();
    for p in metadata["packages"].as_array().into_iter().flatten() {
        if package.is_some_and(|name| p["name"] != name) {
            continue;
        }
        for t in p["targets"].as_array().into_iter().flatten() {
            if t["kind"].as_array().is_some_and(|k| k.iter().any(|k| k == "bin")) {
                bins.extend(t["name"].as_str().map(String::from));
            }
        }
    }
    Ok((target_dir, bins))
}
