//! `lambdaform package`: the release `bootstrap` for the functions' architecture, zipped byte-for-byte
//! reproducibly, with its digest recorded in `artifact.json`.

mod artifact;
mod build;
mod zip;

pub use artifact::Artifact;
pub use build::build_release;
pub use zip::zip_bootstrap;

/// The artifact's file name next to the templates (`CodeUri`, `package.artifact`, `CodeS3Key`'s default).
pub const ARTIFACT_FILE: &str = "bootstrap.zip";
pub const ARTIFACT_JSON: &str = "artifact.json";

use std::path::Path;

use lambdaform_manifest::{Architecture, Manifest};

/// The one architecture of a service: every function runs the same `bootstrap`, so they must agree.
pub fn service_architecture(m: &Manifest) -> Result<Architecture, String> {
    let mut archs = m.functions.iter().map(|f| (f.architecture, &f.name));
    let Some((first, first_name)) = archs.next() else { return Ok(Architecture::Arm64) };
    match archs.find(|(a, _)| *a != first) {
        None => Ok(first),
        Some((other, name)) => Err(format!(
            "functions `{first_name}` ({first:?}) and `{name}` ({other:?}) differ in architecture, but a service has one bootstrap binary; give them the same `architecture`"
        )),
    }
}

/// Builds, zips and records the artifact in `out_dir` (`bootstrap.zip` and `artifact.json`).
pub fn package_service(package: Option<&str>, arch: Architecture, out_dir: &Path) -> Result<Artifact, String> {
    let binary = build_release(package, arch)?;
    let zip_path = out_dir.join(ARTIFACT_FILE);
    let sha256 = zip_bootstrap(&binary, &zip_path)?;
    let size = std::fs::metadata(&zip_path)
        .map(|m| m.len())
        .map_err(|e| format!("cannot stat {}: {e}", zip_path.display()))?;
    let artifact = Artifact {
        path: ARTIFACT_FILE.into(),
        sha256,
        architecture: match arch {
            Architecture::Arm64 => "arm64".into(),
            Architecture::X86_64 => "x86_64".into(),
        },
        size,
    };
    artifact.write(&out_dir.join(ARTIFACT_JSON))?;
    Ok(artifact)
}
