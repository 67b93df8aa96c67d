//! The second escape hatch: a Rust hook that changes an output before it is written.
//!
//! A service's own `xtask` (or any program) reads the manifest, calls
//! [`synth_with`](super::synth_with) with its transforms and writes the result: the command line cannot load user
//! code, but the library can be called by it.

use serde_json::Value;

use super::target::Target;

pub trait TemplateTransform {
    /// Changes one output. `document` is the whole document: the template for CloudFormation and SAM, the whole
    /// configuration for serverless.yml. An error stops the synthesis and is shown to the user.
    fn transform(&self, target: Target, document: &mut Value) -> Result<(), String>;
}

/// Any function or closure with the right signature is a transform.
impl<F> TemplateTransform for F
where
    F: Fn(Target, &mut Value) -> Result<(), String>,
{
    fn transform(&self, target: Target, document: &mut Value) -> Result<(), String> {
        self(target, document)
    }
}
