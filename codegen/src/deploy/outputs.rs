//! Printing what a stack offers: its outputs and its functions.

use aws_sdk_cloudformation::types::Stack;

use super::aws::Aws;
use super::error::{sdk, DeployError};

pub fn render_outputs(stack: &Stack) -> String {
    let mut outputs: Vec<(&str, &str)> =
        stack.outputs().iter().map(|o| (o.output_key().unwrap_or(""), o.output_value().unwrap_or(""))).collect();
    outputs.sort();
    let width = outputs.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
    let mut text = String::from("Outputs:\n");
    for (key, value) in outputs {
        text.push_str(&format!("  {key:<width$}  {value}\n"));
    }
    text
}

/// `(logical id, physical id, type)` of every resource, sorted by logical id.
pub async fn resources(aws: &Aws, stack: &str) -> Result<Vec<(String, String, String)>, DeployError> {
    let out = aws
        .cloudformation
        .describe_stack_resources()
        .stack_name(stack)
        .send()
        .await
        .map_err(|e| sdk(&format!("listing the resources of {stack}"), e))?;
    let mut rows: Vec<_> = out
        .stack_resources()
        .iter()
        .map(|r| {
            (
                r.logical_resource_id().unwrap_or_default().to_string(),
                r.physical_resource_id().unwrap_or_default().to_string(),
                r.resource_type().unwrap_or_default().to_string(),
            )
        })
        .collect();
    rows.sort();
    Ok(rows)
}
