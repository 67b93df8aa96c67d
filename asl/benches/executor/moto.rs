//! moto's side of the corpus figure: `scripts/bench_moto_asl.py` in the repository's tools venv.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

/// What moto did with one entry (see the script's docstring).
pub struct MotoEntry {
    pub name: String,
    pub outcome: String,
    pub seconds: f64,
}

pub struct MotoReport {
    pub version: String,
    pub entries: Vec<MotoEntry>,
}

/// `LAMBDAFORM_BENCH_PYTHON`, else `.tools/venv/bin/python` (made by `scripts/install-tools.sh`).
fn python(root: &Path) -> PathBuf {
    std::env::var_os("LAMBDAFORM_BENCH_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join(".tools/venv/bin/python"))
}

pub fn run(root: &Path, corpus: &Path) -> Result<MotoReport, String> {
    let python = python(root);
    let script = root.join("scripts/bench_moto_asl.py");
    let out = Command::new(&python)
        .arg(&script)
        .arg(corpus)
        .output()
        .map_err(|e| format!("cannot start {} (run scripts/install-tools.sh): {e}", python.display()))?;
    if !out.status.success() {
        return Err(format!("{} failed: {}", script.display(), String::from_utf8_lossy(&out.stderr)));
    }
    let report: Value =
        serde_json::from_slice(&out.stdout).map_err(|e| format!("{} printed no JSON report: {e}", script.display()))?;
    let entries = report["entries"]
        .as_array()
        .ok_or("the report has no /entries array")?
        .iter()
        .enumerate()
        .map(|(i, e)| {
            Ok(MotoEntry {
                name: e["name"].as_str().ok_or(format!("/entries/{i}/name is not a string"))?.to_string(),
                outcome: e["outcome"].as_str().ok_or(format!("/entries/{i}/outcome is not a string"))?.to_string(),
                seconds: e["seconds"].as_f64().ok_or(format!("/entries/{i}/seconds is not a number"))?,
            })
        })
        .collect::<Result<Vec<_>, String>>()?;
    Ok(MotoReport { version: report["moto"].as_str().unwrap_or("?").to_string(), entries })
}
