//! Finds a service's `bootstrap` binary and reads the manifest fragments out of it with `object`, without running
//! it, so a binary built for another architecture (arm64 through cargo-lambda) reads the same.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use lambdaform_manifest::{Fragment, Manifest, SECTION_ELF, SECTION_MACHO_SECTION, SECTION_MACHO_SEGMENT};
use object::{Object, ObjectSection};

/// Reads and assembles the manifest of a built binary.
pub fn read_manifest(binary: &Path) -> Result<Manifest, String> {
    let bytes = std::fs::read(binary).map_err(|e| format!("cannot read binary {}: {e}", binary.display()))?;
    let section = manifest_section(&bytes).map_err(|e| format!("{}: {e}", binary.display()))?;
    let fragments = Fragment::decode_section(&section).map_err(|e| format!("{}: {e}", binary.display()))?;
    Manifest::from_fragments(fragments).map_err(|problems| {
        let lines: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        format!("{}: {}", binary.display(), lines.join("\n  "))
    })
}

fn manifest_section(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let file = object::File::parse(bytes).map_err(|e| format!("not an executable object file ({e})"))?;
    let section = file.sections().find(|s| {
        let name = s.name().unwrap_or_default();
        match file.format() {
            object::BinaryFormat::MachO => {
                name == SECTION_MACHO_SECTION && s.segment_name().ok().flatten() == Some(SECTION_MACHO_SEGMENT)
            }
            _ => name == SECTION_ELF,
        }
    });
    let Some(section) = section else {
        return Err(
            "no lambdaform manifest in this binary (is it built from a crate that calls `lambdaform::main!()`?)"
                .to_string(),
        );
    };
    section.uncompressed_data().map(|d| d.into_owned()).map_err(|e| format!("cannot read the manifest section ({e})"))
}

/// A service binary cargo built, and its package's directory (where its Cargo.toml is; `local --watch` polls it).
#[derive(Debug, Clone)]
pub struct Built {
    pub binary: PathBuf,
    pub package_dir: PathBuf,
}

/// Builds the package's binary with cargo (debug profile: the manifest does not depend on it) and returns its path.
pub fn build_package(package: Option<&str>) -> Result<PathBuf, String> {
    cargo_build(package, false).map(|built| built.binary)
}

/// The cargo running us (`cargo lambdaform`, a build script's test) or the one on PATH.
pub fn cargo() -> Command {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
}

/// `cargo metadata --no-deps` of the workspace around the current directory.
pub fn cargo_metadata() -> Result<serde_json::Value, String> {
    let output = cargo()
        .args(["metadata", "--format-version", "1", "--no-deps"])
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("cannot run cargo metadata: {e}"))?;
    serde_json::from_slice(&output.stdout).map_err(|e| format!("cargo metadata printed no JSON: {e}"))
}

/// `cargo build --bins [--release] [--package P]` for the host, and the one binary it made.
pub fn cargo_build(package: Option<&str>, release: bool) -> Result<Built, String> {
    let mut cmd = cargo();
    cmd.args(["build", "--message-format=json-render-diagnostics", "--bins"]);
    if release {
        cmd.arg("--release");
    }
    if let Some(p) = package {
        cmd.args(["--package", p]);
    }
    let output = cmd.stderr(Stdio::inherit()).output().map_err(|e| format!("cannot run cargo: {e}"))?;
    if !output.status.success() {
        let profile = if release { " --release" } else { "" };
        return Err(match package {
            Some(p) => format!("cargo build{profile} could not build package `{p}` (see the messages above)"),
            None => format!("cargo build{profile} could not build the current package (see the messages above)"),
        });
    }
    let mut found = Vec::new();
    for line in output.stdout.split(|b| *b == b'\n') {
        let Ok(message) = serde_json::from_slice::<serde_json::Value>(line) else { continue };
        if message["reason"] != "compiler-artifact" {
            continue;
        }
        if package.is_some_and(|p| message["target"]["name"] != p && !package_id_matches(&message, p)) {
            continue;
        }
        let package_dir = message["manifest_path"].as_str().and_then(|m| Path::new(m).parent());
        if let (Some(exe), Some(package_dir)) = (message["executable"].as_str(), package_dir) {
            found.push(Built { binary: PathBuf::from(exe), package_dir: package_dir.to_path_buf() });
        }
    }
    one_binary(found, package, |built| &built.binary)
}

/// The one binary a build made: none or several is an error naming what to do.
pub fn one_binary<T>(mut found: Vec<T>, package: Option<&str>, path: impl Fn(&T) -> &Path) -> Result<T, String> {
    match found.len() {
        1 => Ok(found.remove(0)),
        0 => Err(format!(
            "package `{}` builds no binary; a service crate needs a `main.rs` with `lambdaform::main!()`",
            package.unwrap_or(".")
        )),
        _ => Err(format!(
            "several binaries were built ({}); name the service with --package",
            found.iter().map(|b| path(b).display().to_string()).collect::<Vec<_>>().join(", ")
        )),
    }
}

fn package_id_matches(message: &serde_json::Value, package: &str) -> bool {
    // Package ids look like `path+file:///…/photo-service#0.1.0` or `registry+…#name@0.1.0`.
    let id = message["package_id"].as_str().unwrap_or_default();
    let tail = id.rsplit(['/', '#']).find(|s| !s.is_empty()).unwrap_or_default();
    let name = tail.split('@').next().unwrap_or_default();
    name == package || id.contains(&format!("/{package}#"))
}

/// Builds the package and reads its manifest.
pub fn manifest_for_package(package: Option<&str>) -> Result<(Manifest, PathBuf), String> {
    let binary = build_package(package)?;
    let manifest = read_manifest(&binary)?;
    Ok((manifest, binary))
}
