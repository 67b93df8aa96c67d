//! CloudFormation's own template check (syntax, unresolved references, resource types), run before any change
//! set exists, so a broken template is refused with its reason and the stack is never touched.

use super::aws::Aws;
use super::changeset::TemplateSource;
use super::error::{code, message, sdk, DeployError};

pub async fn validate(aws: &Aws, stack: &str, template: &TemplateSource) -> Result<(), DeployError> {
    let call = aws.cloudformation.validate_template();
    let call = match template {
        TemplateSource::Body(body) => call.template_body(body),
        TemplateSource::Url(url) => call.template_url(url),
    };
    match call.send().await {
        Ok(_) => Ok(()),
        Err(e) if code(&e) == Some("ValidationError") => Err(DeployError::failure(format!(
            "CloudFormation rejected the template for {stack}, nothing was changed: {}",
            message(&e).unwrap_or("no reason given")
        ))),
        Err(e) => Err(sdk(&format!("validating the template for {stack}"), e)),
    }
}
