//! Follows a stack operation to its end: new stack events are printed as they arrive under a spinner showing the
//! stack's status, and the first failing resource is kept to explain a rollback.

use std::collections::HashSet;
use std::time::Duration;

use aws_sdk_cloudformation::primitives::DateTimeFormat;
use aws_sdk_cloudformation::types::StackEvent;
use indicatif::{ProgressBar, ProgressStyle};

use super::aws::Aws;
use super::error::{sdk, DeployError};
use super::stack;

/// The end of an operation: the stack's final status (`DELETE_COMPLETE` once it is gone) and the first resource
/// that failed on the way, if any.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub status: String,
    pub first_failure: Option<Failure>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub logical_id: String,
    pub resource_type: String,
    pub status: String,
    pub reason: String,
}

impl Outcome {
    /// Whether the operation reached what it set out to do, rather than a rollback or a failure.
    pub fn succeeded(&self) -> bool {
        matches!(self.status.as_str(), "CREATE_COMPLETE" | "UPDATE_COMPLETE" | "DELETE_COMPLETE" | "IMPORT_COMPLETE")
    }
}

/// The ids of the events already there, so only this operation's events are shown.
pub async fn seen_events(aws: &Aws, stack: &str) -> Result<HashSet<String>, DeployError> {
    Ok(newest_events(aws, stack).await?.into_iter().filter_map(|e| e.event_id).collect())
}

pub async fn follow(aws: &Aws, stack: &str, mut seen: HashSet<String>) -> Result<Outcome, DeployError> {
    let bar = ProgressBar::new_spinner();
    bar.set_style(
        ProgressStyle::with_template("{spinner} {elapsed:>4} {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    bar.enable_steady_tick(Duration::from_millis(120));
    let mut first_failure = None;
    let mut delay = Duration::from_millis(500);
    let result = loop {
        let status = match stack::describe(aws, stack).await {
            Ok(Some(s)) => stack::status(&s).to_string(),
            Ok(None) => "DELETE_COMPLETE".to_string(),
            Err(e) => break Err(e),
        };
        bar.set_message(format!("{stack}: {status}"));
        // Read events after the status, so a finished status never hides the events that led to it.
        let fresh = match events_since(aws, stack, &mut seen).await {
            Ok(fresh) => fresh,
            Err(_) if status == "DELETE_COMPLETE" => Vec::new(),
            Err(e) => break Err(e),
        };
        for event in &fresh {
            bar.suspend(|| eprintln!("{}", event_line(event)));
            if first_failure.is_none() {
                first_failure = failure(event, stack);
            }
        }
        if !status.ends_with("_IN_PROGRESS") {
            break Ok(Outcome { status, first_failure });
        }
        tokio::time::sleep(delay).await;
        delay = (delay * 2).min(Duration::from_secs(5));
    };
    bar.finish_and_clear();
    result
}

async fn newest_events(aws: &Aws, stack: &str) -> Result<Vec<StackEvent>, DeployError> {
    let out = aws
        .cloudformation
        .describe_stack_events()
        .stack_name(stack)
        .send()
        .await
        .map_err(|e| sdk(&format!("reading the events of {stack}"), e))?;
    Ok(out.stack_events.unwrap_or_default())
}

/// Unseen events, oldest first (the API returns the newest first).
async fn events_since(aws: &Aws, stack: &str, seen: &mut HashSet<String>) -> Result<Vec<StackEvent>, DeployError> {
    let mut fresh: Vec<StackEvent> = newest_events(aws, stack)
        .await?
        .into_iter()
        .filter(|e| e.event_id.as_ref().is_some_and(|id| seen.insert(id.clone())))
        .collect();
    fresh.reverse();
    Ok(fresh)
}

/// A resource failure worth reporting; cancellations caused by another resource's failure are not the cause.
fn failure(event: &StackEvent, stack: &str) -> Option<Failure> {
    let status = event.resource_status.as_ref()?.as_str();
    let reason = event.resource_status_reason.clone().unwrap_or_default();
    let logical_id = event.logical_resource_id.clone().unwrap_or_default();
    if !status.ends_with("_FAILED") || reason.contains("cancelled") || logical_id == stack {
        return None;
    }
    Some(Failure {
        logical_id,
        resource_type: event.resource_type.clone().unwrap_or_default(),
        status: status.to_string(),
        reason,
    })
}

fn event_line(e: &StackEvent) -> String {
    let time = e
        .timestamp
        .and_then(|t| t.fmt(DateTimeFormat::DateTime).ok())
        .and_then(|t| t.get(11..19).map(str::to_string))
        .unwrap_or_default();
    let status = e.resource_status.as_ref().map(|s| s.as_str()).unwrap_or("");
    let reason = e.resource_status_reason.as_deref().map(|r| format!("  {r}")).unwrap_or_default();
    format!(
        "  {time}  {status:<28} {}  {}{reason}",
        e.logical_resource_id.as_deref().unwrap_or(""),
        e.resource_type.as_deref().unwrap_or("")
    )
}

#[cfg(test)]
mod tests {
    use aws_sdk_cloudformation::types::ResourceStatus;

    use super::*;

    fn event(id: &str, status: ResourceStatus, reason: &str) -> StackEvent {
        StackEvent::builder()
            .logical_resource_id(id)
            .resource_type(if id == "shop-prod" { "AWS::CloudFormation::Stack" } else { "AWS::Lambda::Function" })
            .resource_status(status)
            .resource_status_reason(reason)
            .build()
    }

    /// The events of a failed update in the order `follow` sees them (oldest first).
    fn failed_update() -> Vec<StackEvent> {
        vec![
            event("shop-prod", ResourceStatus::UpdateInProgress, "User Initiated"),
            event("OrdersFunction", ResourceStatus::UpdateInProgress, ""),
            event("OrdersFunction", ResourceStatus::UpdateFailed, "Resource update cancelled"),
            event("ThumbnailsFunction", ResourceStatus::UpdateFailed, "Memory size 20000 is above the limit"),
            event("shop-prod", ResourceStatus::UpdateRollbackInProgress, "The following resource(s) failed"),
            event("OrdersFunction", ResourceStatus::UpdateFailed, "a later failure during rollback"),
        ]
    }

    #[test]
    fn the_cause_is_the_first_failure_not_a_cancellation_nor_the_stack() {
        let first = failed_update().iter().find_map(|e| failure(e, "shop-prod")).expect("a cause");
        assert_eq!(
            first,
            Failure {
                logical_id: "ThumbnailsFunction".into(),
                resource_type: "AWS::Lambda::Function".into(),
                status: "UPDATE_FAILED".into(),
                reason: "Memory size 20000 is above the limit".into(),
            }
        );
        let only_stack = [event("shop-prod", ResourceStatus::CreateFailed, "The following resource(s) failed")];
        assert_eq!(only_stack.iter().find_map(|e| failure(e, "shop-prod")), None);
    }

    #[test]
    fn only_operations_that_reached_their_goal_succeed() {
        let outcome = |status: &str| Outcome { status: status.into(), first_failure: None };
        for ok in ["CREATE_COMPLETE", "UPDATE_COMPLETE", "DELETE_COMPLETE"] {
            assert!(outcome(ok).succeeded(), "{ok}");
        }
        for rolled_back in ["ROLLBACK_COMPLETE", "UPDATE_ROLLBACK_COMPLETE", "UPDATE_ROLLBACK_FAILED", "DELETE_FAILED"]
        {
            assert!(!outcome(rolled_back).succeeded(), "{rolled_back}");
        }
    }
}
