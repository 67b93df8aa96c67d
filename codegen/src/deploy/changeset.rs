//! A change set: created, waited for, read back as a list of changes, then executed or deleted.

use std::time::Duration;

use aws_sdk_cloudformation::types::{Capability, ChangeSetStatus, ChangeSetType, Parameter};

use super::aws::Aws;
use super::error::{message, sdk, DeployError};
use super::stack::Plan;
use super::summary::Change;

/// The template inline (up to 51,200 bytes) or as an S3 URL.
#[derive(Debug, Clone)]
pub enum TemplateSource {
    Body(String),
    Url(String),
}

pub struct Request<'a> {
    pub stack: &'a str,
    pub template: TemplateSource,
    pub parameters: &'a [(String, String)],
    pub plan: Plan,
}

#[derive(Debug)]
pub enum Prepared {
    Ready { name: String, changes: Vec<Change> },
    NoChanges,
}

pub async fn create(aws: &Aws, req: &Request<'_>) -> Result<Prepared, DeployError> {
    let name = format!("lambdaform-{}", unix_millis());
    let mut call = aws
        .cloudformation
        .create_change_set()
        .stack_name(req.stack)
        .change_set_name(&name)
        .change_set_type(match req.plan {
            Plan::Create => ChangeSetType::Create,
            Plan::Update => ChangeSetType::Update,
        })
        // The generated roles are unnamed; named ones may come in through extra resources.
        .capabilities(Capability::CapabilityIam)
        .capabilities(Capability::CapabilityNamedIam)
        .capabilities(Capability::CapabilityAutoExpand)
        .description("lambdaform deploy");
    call = match &req.template {
        TemplateSource::Body(body) => call.template_body(body),
        TemplateSource::Url(url) => call.template_url(url),
    };
    for (key, value) in req.parameters {
        call = call.parameters(Parameter::builder().parameter_key(key).parameter_value(value).build());
    }
    match call.send().await {
        Ok(_) => {}
        // Some endpoints refuse an empty update outright instead of failing the change set.
        Err(e) if message(&e).is_some_and(is_empty_reason) => return Ok(Prepared::NoChanges),
        Err(e) => return Err(sdk(&format!("creating a change set for {}", req.stack), e)),
    }
    wait_and_read(aws, req.stack, name).await
}

async fn wait_and_read(aws: &Aws, stack: &str, name: String) -> Result<Prepared, DeployError> {
    let mut delay = Duration::from_millis(250);
    loop {
        let mut changes = Vec::new();
        let mut token = None;
        let status = loop {
            let out = aws
                .cloudformation
                .describe_change_set()
                .stack_name(stack)
                .change_set_name(&name)
                .set_next_token(token)
                .send()
                .await
                .map_err(|e| sdk(&format!("reading change set {name}"), e))?;
            changes.extend(out.changes().iter().filter_map(Change::from_sdk));
            let status = (out.status.clone(), out.status_reason.clone());
            token = out.next_token;
            if token.is_none() {
                break status;
            }
        };
        match status {
            (Some(ChangeSetStatus::CreateComplete), _) if changes.is_empty() => {
                delete(aws, stack, &name).await?;
                return Ok(Prepared::NoChanges);
            }
            (Some(ChangeSetStatus::CreateComplete), _) => return Ok(Prepared::Ready { name, changes }),
            (Some(ChangeSetStatus::Failed), reason) => {
                let reason = reason.unwrap_or_default();
                delete(aws, stack, &name).await?;
                if is_empty_reason(&reason) {
                    return Ok(Prepared::NoChanges);
                }
                return Err(DeployError::failure(format!("the change set for {stack} failed: {reason}")));
            }
            (Some(ChangeSetStatus::CreatePending | ChangeSetStatus::CreateInProgress), _) => {}
            (other, reason) => {
                return Err(DeployError::failure(format!(
                    "change set {name} of {stack} is {:?}: {}",
                    other.map(|s| s.as_str().to_string()),
                    reason.unwrap_or_default()
                )))
            }
        }
        tokio::time::sleep(delay).await;
        delay = (delay * 2).min(Duration::from_secs(3));
    }
}

/// CloudFormation fails a change set that changes nothing rather than returning an empty one.
pub fn is_empty_reason(reason: &str) -> bool {
    reason.contains("didn't contain changes") || reason.contains("No updates are to be performed")
}

pub async fn execute(aws: &Aws, stack: &str, name: &str) -> Result<(), DeployError> {
    aws.cloudformation
        .execute_change_set()
        .stack_name(stack)
        .change_set_name(name)
        .send()
        .await
        .map(|_| ())
        .map_err(|e| sdk(&format!("executing change set {name} on {stack}"), e))
}

pub async fn delete(aws: &Aws, stack: &str, name: &str) -> Result<(), DeployError> {
    aws.cloudformation
        .delete_change_set()
        .stack_name(stack)
        .change_set_name(name)
        .send()
        .await
        .map(|_| ())
        .map_err(|e| sdk(&format!("deleting change set {name} of {stack}"), e))
}

fn unix_millis() -> u128 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_change_sets_are_recognised_by_their_reason() {
        assert!(is_empty_reason(
            "The submitted information didn't contain changes. Submit different information to create a change set."
        ));
        assert!(is_empty_reason("No updates are to be performed."));
        assert!(!is_empty_reason("Template format error: Unresolved resource dependencies [Nope]"));
    }
}
