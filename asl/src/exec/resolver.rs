//! How Task states get their results: a pluggable async resolver.

use std::time::Duration;

use futures::future::BoxFuture;
use serde_json::Value;

/// What a Task state asks for.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskRequest {
    pub state_name: String,
    /// The `Resource` ARN as written (with `.sync` / `.waitForTaskToken` suffixes).
    pub resource: String,
    /// The effective parameters (JSONPath `Parameters` or JSONata `Arguments`).
    pub payload: Value,
    /// Set for `.waitForTaskToken` tasks: the token to answer through the callback handle.
    pub task_token: Option<String>,
    /// How many times this state has been retried so far.
    pub retry_count: u32,
    /// The context object (`$$`) at this task.
    pub context: Value,
}

impl TaskRequest {
    /// True for `.waitForTaskToken` resources.
    pub fn is_callback(&self) -> bool {
        crate::model::IntegrationPattern::of(&self.resource) == crate::model::IntegrationPattern::WaitForTaskToken
    }
}

/// How a task ended.
#[derive(Debug, Clone, PartialEq)]
pub enum TaskOutcome {
    Success(Value),
    Failure {
        error: Option<String>,
        cause: Option<String>,
    },
    /// For callback tasks: the result arrives later through [`super::CallbackHandle`].
    AwaitCallback,
    /// `outcome`, reached after the task ran for `duration` of virtual time: the clock advances by it, and
    /// a `TimeoutSeconds` shorter than it times the task out. Build it with [`TaskOutcome::took`].
    /// On `Clock::Real` the duration is not added: there the time really passed.
    Took {
        duration: Duration,
        outcome: Box<TaskOutcome>,
    },
}

impl TaskOutcome {
    /// This outcome, reached after `duration` of (virtual) running time.
    pub fn took(self, duration: Duration) -> TaskOutcome {
        TaskOutcome::Took { duration, outcome: Box::new(self) }
    }

    /// The whole reported running time and the outcome inside it.
    pub(crate) fn into_timed(self) -> (Duration, TaskOutcome) {
        match self {
            TaskOutcome::Took { duration, outcome } => {
                let (inner, outcome) = outcome.into_timed();
                (duration.saturating_add(inner), outcome)
            }
            other => (Duration::ZERO, other),
        }
    }
}

/// Resolves Task states. Implemented by in-process handlers, mocks, or anything else.
pub trait TaskResolver: Send + Sync {
    fn resolve(&self, request: TaskRequest) -> BoxFuture<'static, TaskOutcome>;
}

/// A resolver for definitions without Task states: every task fails.
#[derive(Debug, Default, Clone, Copy)]
pub struct NoTasks;

impl TaskResolver for NoTasks {
    fn resolve(&self, request: TaskRequest) -> BoxFuture<'static, TaskOutcome> {
        let cause = format!("No task resolver is configured for resource '{}'.", request.resource);
        Box::pin(async move {
            TaskOutcome::Failure { error: Some(super::error::names::TASK_FAILED.into()), cause: Some(cause) }
        })
    }
}

impl<F> TaskResolver for F
where
    F: Fn(TaskRequest) -> BoxFuture<'static, TaskOutcome> + Send + Sync,
{
    fn resolve(&self, request: TaskRequest) -> BoxFuture<'static, TaskOutcome> {
        self(request)
    }
}
