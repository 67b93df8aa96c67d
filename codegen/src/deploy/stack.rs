//! What the stack's current status allows: create it, update it, or stop with the one thing to do first.

use aws_sdk_cloudformation::types::Stack;

use super::aws::Aws;
use super::error::{code, message, sdk, DeployError};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Plan {
    /// No stack, or one left in REVIEW_IN_PROGRESS by a change set that was never executed.
    Create,
    Update,
}

/// Reads the stack; `None` when there is none by that name.
pub async fn describe(aws: &Aws, stack: &str) -> Result<Option<Stack>, DeployError> {
    match aws.cloudformation.describe_stacks().stack_name(stack).send().await {
        Ok(out) => Ok(out.stacks.unwrap_or_default().into_iter().next()),
        Err(e) if code(&e) == Some("ValidationError") && message(&e).is_some_and(|m| m.contains("does not exist")) => {
            Ok(None)
        }
        Err(e) => Err(sdk(&format!("reading stack {stack}"), e)),
    }
}

pub fn status(stack: &Stack) -> &str {
    stack.stack_status.as_ref().map(|s| s.as_str()).unwrap_or("UNKNOWN")
}

/// Decides from the status alone; every refusal says what to run to get unstuck.
pub fn plan(stack_name: &str, status: Option<&str>) -> Result<Plan, DeployError> {
    let Some(status) = status else { return Ok(Plan::Create) };
    match status {
        "REVIEW_IN_PROGRESS" => Ok(Plan::Create),
        "CREATE_COMPLETE" | "UPDATE_COMPLETE" | "UPDATE_ROLLBACK_COMPLETE" | "IMPORT_COMPLETE"
        | "IMPORT_ROLLBACK_COMPLETE" => Ok(Plan::Update),
        "ROLLBACK_COMPLETE" | "ROLLBACK_FAILED" | "CREATE_FAILED" => Err(DeployError::user(format!(
            "stack {stack_name} is {status}: its first create failed and it cannot be updated; delete it with `lambdaform remove` (retained tables and buckets stay), then deploy again"
        ))),
        "UPDATE_ROLLBACK_FAILED" => Err(DeployError::user(format!(
            "stack {stack_name} is UPDATE_ROLLBACK_FAILED: fix the resource named in its events, then run `aws cloudformation continue-update-rollback --stack-name {stack_name}` and deploy again"
        ))),
        "DELETE_FAILED" => Err(DeployError::user(format!(
            "stack {stack_name} is DELETE_FAILED: run `lambdaform remove` again once the resource named in its events can be deleted"
        ))),
        s if s.ends_with("_IN_PROGRESS") => Err(DeployError::user(format!(
            "stack {stack_name} is {status}: another operation is running; wait for it to finish (`lambdaform info`), then deploy again"
        ))),
        other => Err(DeployError::user(format!("stack {stack_name} is in an unexpected status {other}; check it in the CloudFormation console"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_map_to_plans_or_fixes() {
        assert_eq!(plan("s", None), Ok(Plan::Create));
        assert_eq!(plan("s", Some("REVIEW_IN_PROGRESS")), Ok(Plan::Create));
        assert_eq!(plan("s", Some("UPDATE_ROLLBACK_COMPLETE")), Ok(Plan::Update));
        for (status, fix) in [
            ("ROLLBACK_COMPLETE", "lambdaform remove"),
            ("UPDATE_ROLLBACK_FAILED", "continue-update-rollback"),
            ("UPDATE_IN_PROGRESS", "wait"),
            ("UPDATE_COMPLETE_CLEANUP_IN_PROGRESS", "wait"),
        ] {
            let e = plan("s", Some(status)).unwrap_err();
            assert_eq!(e.exit_code(), 2, "{status}");
            assert!(e.message.contains(fix) && e.message.contains(status), "{status}: {}", e.message);
        }
    }
}
