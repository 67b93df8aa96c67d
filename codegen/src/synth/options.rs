//! What a synthesis needs besides the manifest.

use serde_json::Value;

#[derive(Debug, Clone, PartialEq)]
pub struct SynthOptions {
    /// The default of the `Stage` parameter (and the Serverless Framework's stage).
    pub stage: String,
    /// Written into serverless.yml's `provider.region`; CloudFormation and SAM take the region of the deploy.
    pub region: String,
    /// The zipped `bootstrap`, by file name relative to the output folder.
    pub artifact_file: String,
    /// Hex SHA-256 of the artifact, when it has been packaged.
    pub artifact_sha256: Option<String>,
    /// Extra CloudFormation merged into every output: an object with `Resources` and optionally `Outputs`.
    pub extra: Option<Value>,
}

impl Default for SynthOptions {
    fn default() -> Self {
        SynthOptions {
            stage: "dev".into(),
            region: "us-east-1".into(),
            artifact_file: "bootstrap.zip".into(),
            artifact_sha256: None,
            extra: None,
        }
    }
}
