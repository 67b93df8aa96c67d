//! `artifact.json`: where the zipped bootstrap is and what it hashes to, for synth and deploy to pick up.

use std::path::Path;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Artifact {
    /// The zip, relative to the folder holding artifact.json.
    pub path: String,
    /// Hex SHA-256 of the zip.
    pub sha256: String,
    /// `arm64` or `x86_64`.
    pub architecture: String,
    pub size: u64,
}

impl Artifact {
    pub fn read(path: &Path) -> Result<Artifact, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        serde_json::from_str(&text).map_err(|e| format!("{}: not a lambdaform artifact record: {e}", path.display()))
    }

    pub fn write(&self, path: &Path) -> Result<(), String> {
        let text = serde_json::to_string_pretty(self).map_err(|e| format!("cannot encode {}: {e}", path.display()))?;
        std::fs::write(path, text + "\n").map_err(|e| format!("cannot write {}: {e}", path.display()))
    }
}
