use std::fmt;

/// A resource's name or ARN was asked for in a function that was not deployed with it: the function does not
/// name the resource in `uses(...)` or in a trigger, so the template did not pass it in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResourceError {
    pub resource: &'static str,
    pub variable: String,
}

impl fmt::Display for ResourceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}` is not available to this function (environment variable {} is not set): add it to the function's `uses(...)`",
            self.resource, self.variable
        )
    }
}

impl std::error::Error for ResourceError {}

/// Reads one attribute of a resource from the environment variable the generated template sets.
pub fn resource_attribute(resource: &'static str, attribute: &str) -> Result<String, ResourceError> {
    let variable = lambdaform_manifest::limits::resource_env_var(resource, attribute);
    std::env::var(&variable).map_err(|_| ResourceError { resource, variable })
}
