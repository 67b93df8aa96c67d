//! What a Task's `Resource` ARN asks for: its service integration pattern.

use super::TaskState;

/// How Step Functions waits for a task (the ARN suffix).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IntegrationPattern {
    /// No suffix: the service's response is the result.
    RequestResponse,
    /// `.sync` (or `.sync:2`): wait for the job to complete.
    RunJob,
    /// `.waitForTaskToken`: wait for `SendTaskSuccess`/`SendTaskFailure` with the task token.
    WaitForTaskToken,
}

impl IntegrationPattern {
    /// The pattern of a `Resource` ARN.
    pub fn of(resource: &str) -> Self {
        let last = resource.rsplit(':').next().unwrap_or_default();
        let suffix = if resource.ends_with(".sync:2") { ".sync" } else { last.rsplit_once('.').map_or("", |(_, s)| s) };
        match suffix.trim_start_matches('.') {
            "sync" => IntegrationPattern::RunJob,
            "waitForTaskToken" => IntegrationPattern::WaitForTaskToken,
            _ => IntegrationPattern::RequestResponse,
        }
    }
}

impl TaskState {
    /// The integration pattern of this task's `Resource`.
    pub fn pattern(&self) -> IntegrationPattern {
        IntegrationPattern::of(&self.resource)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns() {
        assert_eq!(IntegrationPattern::of("arn:aws:states:::lambda:invoke"), IntegrationPattern::RequestResponse);
        assert_eq!(IntegrationPattern::of("arn:aws:states:::ecs:runTask.sync"), IntegrationPattern::RunJob);
        assert_eq!(IntegrationPattern::of("arn:aws:states:::states:startExecution.sync:2"), IntegrationPattern::RunJob);
        assert_eq!(
            IntegrationPattern::of("arn:aws:states:::sqs:sendMessage.waitForTaskToken"),
            IntegrationPattern::WaitForTaskToken
        );
        assert_eq!(
            IntegrationPattern::of("arn:aws:lambda:us-east-1:1:function:my.fn"),
            IntegrationPattern::RequestResponse
        );
    }
}
