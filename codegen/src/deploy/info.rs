//! `info`: the stack's status, outputs and functions.

use super::aws::Aws;
use super::error::DeployError;
use super::outputs::{render_outputs, resources};
use super::stack;

pub async fn info(aws: &Aws, stack_name: &str) -> Result<String, DeployError> {
    let Some(existing) = stack::describe(aws, stack_name).await? else {
        return Err(DeployError::user(format!("there is no stack {stack_name}; deploy it with `lambdaform deploy`")));
    };
    let mut text = format!("Stack {stack_name}: {}\n", stack::status(&existing));
    if let Some(reason) = existing.stack_status_reason() {
        text.push_str(&format!("  reason: {reason}\n"));
    }
    text.push_str(&render_outputs(&existing));
    let functions: Vec<_> =
        resources(aws, stack_name).await?.into_iter().filter(|(_, _, kind)| kind == "AWS::Lambda::Function").collect();
    text.push_str("Functions:\n");
    let width = functions.iter().map(|(id, _, _)| id.len()).max().unwrap_or(0);
    for (id, physical, _) in functions {
        text.push_str(&format!("  {id:<width$}  {physical}\n"));
    }
    Ok(text)
}
