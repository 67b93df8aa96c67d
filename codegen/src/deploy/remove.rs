//! `remove`: deletes the stack, then names what stayed (retained tables, buckets, queues) with their physical ids.

use aws_sdk_cloudformation::types::TemplateStage;

use super::aws::Aws;
use super::confirm::confirm;
use super::error::{sdk, DeployError};
use super::outputs::resources;
use super::retained::retained_ids;
use super::{progress, stack};

/// Returns `(logical id, physical id, type)` of each retained resource.
pub async fn remove(aws: &Aws, stack_name: &str, yes: bool) -> Result<Vec<(String, String, String)>, DeployError> {
    let Some(existing) = stack::describe(aws, stack_name).await? else {
        return Err(DeployError::user(format!("there is no stack {stack_name} (check --stage and --region)")));
    };
    let status = stack::status(&existing);
    if status.ends_with("_IN_PROGRESS") && status != "REVIEW_IN_PROGRESS" {
        return Err(DeployError::user(format!(
            "stack {stack_name} is {status}: wait for that operation to finish, then remove it"
        )));
    }
    let template = aws
        .cloudformation
        .get_template()
        .stack_name(stack_name)
        .template_stage(TemplateStage::Original)
        .send()
        .await
        .map_err(|e| sdk(&format!("reading the template of {stack_name}"), e))?;
    let body = template.template_body().unwrap_or("{}");
    let template: serde_json::Value = serde_json::from_str(body)
        .map_err(|e| DeployError::failure(format!("the template of {stack_name} is not JSON: {e}")))?;
    let keep = retained_ids(&template);
    let retained: Vec<_> =
        resources(aws, stack_name).await?.into_iter().filter(|(id, _, _)| keep.contains(id)).collect();
    eprintln!("Deleting stack {stack_name}; {} retained resource(s) will stay.", retained.len());
    confirm(&format!("Delete stack {stack_name}?"), yes)?;
    let seen = progress::seen_events(aws, stack_name).await?;
    aws.cloudformation
        .delete_stack()
        .stack_name(stack_name)
        .send()
        .await
        .map_err(|e| sdk(&format!("deleting stack {stack_name}"), e))?;
    let outcome = progress::follow(aws, stack_name, seen).await?;
    if outcome.status != "DELETE_COMPLETE" {
        let cause = outcome.first_failure.map(|f| format!(": {} {}", f.logical_id, f.reason)).unwrap_or_default();
        return Err(DeployError::failure(format!(
            "deleting {stack_name} ended in {}{cause}; fix that resource and run `lambdaform remove` again",
            outcome.status
        )));
    }
    Ok(retained)
}
