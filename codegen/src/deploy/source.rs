//! What gets deployed: the service's CloudFormation and its zipped bootstrap, made by the same synth and package
//! code as `lambdaform synth` / `lambdaform package`, either from the service crate or from files made earlier.

use std::path::PathBuf;

use lambdaform_manifest::Manifest;
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::error::DeployError;
use super::names::hex;
use crate::cmd::synth::{metadata_extra_resources, read_manifest};
use crate::package::{package_service, service_architecture, ARTIFACT_FILE};
use crate::synth::{self, extra, SynthOptions};

#[derive(Debug, Clone, Default, clap::Args)]
pub struct SourceArgs {
    /// The service crate (default: the package in the current directory); built and packaged for the deploy.
    #[arg(long, short)]
    pub package: Option<String>,
    /// Deploy this manifest.json (from `lambdaform synth`) instead of building the service; needs --artifact.
    #[arg(long, requires = "artifact")]
    pub manifest: Option<PathBuf>,
    /// The zipped bootstrap to deploy with --manifest (from `lambdaform package`).
    #[arg(long, requires = "manifest")]
    pub artifact: Option<PathBuf>,
    /// Extra CloudFormation merged into the template (default: the crate's
    /// `[package.metadata.lambdaform] extra_resources`).
    #[arg(long)]
    pub extra_resources: Option<PathBuf>,
}

pub struct Source {
    pub manifest: Manifest,
    pub template: Value,
    pub artifact: Vec<u8>,
    pub artifact_sha256: String,
}

pub fn load(args: &SourceArgs, stage: &str, region: &str) -> Result<Source, DeployError> {
    let (manifest, artifact_path, extra_path) = match (&args.manifest, &args.artifact) {
        (Some(manifest), Some(artifact)) => {
            (read_manifest(manifest).map_err(DeployError::user)?, artifact.clone(), args.extra_resources.clone())
        }
        _ => {
            let (manifest, _) =
                crate::binary::manifest_for_package(args.package.as_deref()).map_err(DeployError::user)?;
            let arch = service_architecture(&manifest).map_err(DeployError::user)?;
            let out = PathBuf::from("out").join(&manifest.service);
            let artifact = package_service(args.package.as_deref(), arch, &out).map_err(DeployError::failure)?;
            let extra = match &args.extra_resources {
                Some(path) => Some(path.clone()),
                None => metadata_extra_resources(args.package.as_deref()).map_err(DeployError::user)?,
            };
            (manifest, out.join(artifact.path), extra)
        }
    };
    let artifact = std::fs::read(&artifact_path)
        .map_err(|e| DeployError::user(format!("cannot read artifact {}: {e}", artifact_path.display())))?;
    let artifact_sha256 = hex(&Sha256::digest(&artifact));
    let extra = extra_path.as_deref().map(extra::load).transpose().map_err(DeployError::user)?;
    let opts = SynthOptions {
        stage: stage.to_string(),
        region: region.to_string(),
        artifact_file: ARTIFACT_FILE.into(),
        artifact_sha256: Some(artifact_sha256.clone()),
        extra,
    };
    let synthesis = synth::synth(&manifest, &opts).map_err(|e| DeployError::user(e.to_string()))?;
    Ok(Source { manifest, template: synthesis.cloudformation, artifact, artifact_sha256 })
}
