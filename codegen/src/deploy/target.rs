//! Which stack `remove`, `info` and `logs` act on: named outright, or the service's at a stage.

use super::error::DeployError;
use super::names::stack_name;

#[derive(Debug, Clone, Default, clap::Args)]
pub struct StackArgs {
    /// The service crate whose stack is meant (default: the package in the current directory; built to read its
    /// name). --service skips the build.
    #[arg(long, short)]
    pub package: Option<String>,
    /// The service name, as in the manifest.
    #[arg(long, conflicts_with = "package")]
    pub service: Option<String>,
    #[arg(long, default_value = "dev")]
    pub stage: String,
}

impl StackArgs {
    pub fn service(&self) -> Result<String, DeployError> {
        match &self.service {
            Some(s) => Ok(s.clone()),
            None => crate::binary::manifest_for_package(self.package.as_deref())
                .map(|(m, _)| m.service)
                .map_err(DeployError::user),
        }
    }

    pub fn stack_name(&self) -> Result<String, DeployError> {
        Ok(stack_name(&self.service()?, &self.stage))
    }
}
