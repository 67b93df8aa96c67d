//! Synthesis: from a manifest to `cloudformation.json` (canonical), `template.yaml` (SAM) and `serverless.yml`
//! (Serverless Framework v3). Callable as a library, so a service's own `xtask` can add [`TemplateTransform`]s.

mod check;
pub mod checkov;
pub mod cloudformation;
mod env;
pub mod events;
pub mod extra;
mod function;
mod iam;
pub mod intrinsic;
pub mod machine;
pub mod names;
mod options;
mod resources;
mod sam;
mod serverless;
mod summary;
mod target;
pub mod template;
mod transform;

use std::fmt;
use std::path::{Path, PathBuf};

use lambdaform_manifest::Manifest;
use serde_json::Value;

pub use options::SynthOptions;
pub use target::Target;
pub use transform::TemplateTransform;

/// Every problem found, one per line; each names the thing (and, for manifest input, its JSON pointer).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SynthError {
    pub problems: Vec<String>,
}

impl fmt::Display for SynthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.problems.join("\n"))
    }
}

impl std::error::Error for SynthError {}

impl From<String> for SynthError {
    fn from(problem: String) -> Self {
        SynthError { problems: vec![problem] }
    }
}

/// The three outputs of one service.
#[derive(Debug, Clone, PartialEq)]
pub struct Synthesis {
    pub manifest: Manifest,
    pub cloudformation: Value,
    pub sam: Value,
    pub serverless: Value,
}

pub fn synth(m: &Manifest, opts: &SynthOptions) -> Result<Synthesis, SynthError> {
    synth_with(m, opts, &[])
}

/// Synthesises, then runs each transform, in order, on each output.
pub fn synth_with(
    m: &Manifest,
    opts: &SynthOptions,
    transforms: &[&dyn TemplateTransform],
) -> Result<Synthesis, SynthError> {
    let problems = check::check(m, &opts.stage);
    if !problems.is_empty() {
        return Err(SynthError { problems });
    }
    let mut out = Synthesis {
        manifest: m.clone(),
        cloudformation: cloudformation::build(m, opts)?.into_json(None),
        sam: sam::build(m, opts)?.into_json(Some(sam::TRANSFORM)),
        serverless: serverless::build(m, opts)?,
    };
    for target in [Target::CloudFormation, Target::Sam, Target::Serverless] {
        for transform in transforms {
            transform
                .transform(target, out.document_mut(target))
                .map_err(|e| format!("template transform on {}: {e}", target.file_name()))?;
        }
    }
    Ok(out)
}

impl Synthesis {
    pub fn document(&self, target: Target) -> &Value {
        match target {
            Target::CloudFormation => &self.cloudformation,
            Target::Sam => &self.sam,
            Target::Serverless => &self.serverless,
        }
    }

    fn document_mut(&mut self, target: Target) -> &mut Value {
        match target {
            Target::CloudFormation => &mut self.cloudformation,
            Target::Sam => &mut self.sam,
            Target::Serverless => &mut self.serverless,
        }
    }

    /// The file text of one output: JSON for CloudFormation, YAML for the other two.
    pub fn render(&self, target: Target) -> Result<String, String> {
        let document = self.document(target);
        match target {
            Target::CloudFormation => pretty_json(document),
            Target::Sam | Target::Serverless => serde_saphyr::to_string(document)
                .map_err(|e| format!("cannot write {} as YAML: {e}", target.file_name())),
        }
    }

    /// Writes the three outputs and `manifest.json` into `dir`; returns the paths written.
    pub fn write(&self, dir: &Path) -> Result<Vec<PathBuf>, String> {
        std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        let mut files = Vec::new();
        for target in [Target::CloudFormation, Target::Sam, Target::Serverless] {
            files.push((target.file_name(), self.render(target)?));
        }
        let manifest = serde_json::to_value(&self.manifest).map_err(|e| format!("cannot write manifest.json: {e}"))?;
        files.push(("manifest.json", pretty_json(&manifest)?));
        let mut written = Vec::new();
        for (name, text) in files {
            let path = dir.join(name);
            std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
            written.push(path);
        }
        Ok(written)
    }

    pub fn summary(&self) -> String {
        summary::summary(&self.manifest)
    }
}

fn pretty_json(value: &Value) -> Result<String, String> {
    serde_json::to_string_pretty(value).map(|s| s + "\n").map_err(|e| format!("cannot write JSON: {e}"))
}
