//! `lambdaform synth`: manifest → cloudformation.json, template.yaml, serverless.yml, manifest.json.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use lambdaform_manifest::Manifest;

use crate::package::{package_service, service_architecture, Artifact, ARTIFACT_FILE, ARTIFACT_JSON};
use crate::synth::{self, extra, SynthOptions};

#[derive(clap::Args, Debug, Clone)]
pub struct SynthArgs {
    /// The service crate (default: the package in the current directory).
    #[arg(long, short)]
    pub package: Option<String>,
    /// Read this manifest.json instead of building the service (implies --no-build).
    #[arg(long)]
    pub manifest: Option<PathBuf>,
    /// Default of the templates' `Stage` parameter and the Framework's stage.
    #[arg(long, default_value = "dev")]
    pub stage: String,
    /// Output folder (default: out/<service>).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Do not build and zip the release bootstrap; use the artifact already in the output folder, if any.
    #[arg(long)]
    pub no_build: bool,
    /// Region written into serverless.yml.
    #[arg(long, default_value = "us-east-1")]
    pub region: String,
    /// Extra CloudFormation (JSON: `Resources`, `Outputs`) merged into every output. Default: the service crate's
    /// `[package.metadata.lambdaform] extra_resources`.
    #[arg(long)]
    pub extra_resources: Option<PathBuf>,
}

/// Exit codes: 2 for bad input (unknown package, no manifest, an invalid manifest), 1 when a build or write fails.
pub fn run(args: SynthArgs) -> ExitCode {
    match synth_command(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err((code, message)) => {
            eprintln!("error: {message}");
            ExitCode::from(code)
        }
    }
}

type Failure = (u8, String);

fn bad_input(message: String) -> Failure {
    (2, message)
}

fn synth_command(args: &SynthArgs) -> Result<(), Failure> {
    let manifest = match &args.manifest {
        Some(path) => read_manifest(path).map_err(bad_input)?,
        None => crate::binary::manifest_for_package(args.package.as_deref()).map_err(bad_input)?.0,
    };
    let out = args.out.clone().unwrap_or_else(|| PathBuf::from("out").join(&manifest.service));
    let build = !args.no_build && args.manifest.is_none();
    let artifact = if build {
        let arch = service_architecture(&manifest).map_err(bad_input)?;
        Some(package_service(args.package.as_deref(), arch, &out).map_err(|e| (1, e))?)
    } else {
        let recorded = out.join(ARTIFACT_JSON);
        recorded.is_file().then(|| Artifact::read(&recorded)).transpose().map_err(bad_input)?
    };
    let extra_path = match &args.extra_resources {
        Some(path) => Some(path.clone()),
        None if args.manifest.is_none() => metadata_extra_resources(args.package.as_deref()).map_err(bad_input)?,
        None => None,
    };
    let extra = extra_path.as_deref().map(extra::load).transpose().map_err(bad_input)?;
    let opts = SynthOptions {
        stage: args.stage.clone(),
        region: args.region.clone(),
        artifact_file: artifact.as_ref().map(|a| a.path.clone()).unwrap_or_else(|| ARTIFACT_FILE.into()),
        artifact_sha256: artifact.as_ref().map(|a| a.sha256.clone()),
        extra,
    };
    let synthesis = synth::synth(&manifest, &opts).map_err(|e| bad_input(e.to_string()))?;
    let written = synthesis.write(&out).map_err(|e| (1, e))?;
    eprint!("{}", synthesis.summary());
    for path in written {
        eprintln!("wrote {}", path.display());
    }
    if artifact.is_none() {
        eprintln!("note: no {ARTIFACT_FILE} in {}; run `lambdaform package` before deploying", out.display());
    }
    Ok(())
}

pub fn read_manifest(path: &Path) -> Result<Manifest, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read manifest {}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{}: not a lambdaform manifest: {e}", path.display()))
}

/// `[package.metadata.lambdaform] extra_resources = "cfn/extra.json"` of the service crate, resolved against the
/// crate's folder.
pub fn metadata_extra_resources(package: Option<&str>) -> Result<Option<PathBuf>, String> {
    let metadata = crate::binary::cargo_metadata()?;
    let cwd = std::env::current_dir().map_err(|e| format!("cannot read the current directory: {e}"))?;
    let found = metadata["packages"].as_array().into_iter().flatten().find(|p| match package {
        Some(name) => p["name"] == name,
        None => p["manifest_path"].as_str().map(Path::new).and_then(Path::parent) == Some(cwd.as_path()),
    });
    let Some(p) = found else { return Ok(None) };
    let Some(relative) = p["metadata"]["lambdaform"]["extra_resources"].as_str() else { return Ok(None) };
    let dir = p["manifest_path"].as_str().map(Path::new).and_then(Path::parent).unwrap_or(Path::new("."));
    Ok(Some(dir.join(relative)))
}
