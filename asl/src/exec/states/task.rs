//! Task: builds the payload, asks the resolver (see `task_time` for callbacks and timeouts), records
//! the task's events and processes its result.

use std::sync::Arc;

use serde_json::{json, Value};

use super::flow::{env_read, finish, input_path, integer_field, states_var, Attempt, Finish};
use super::task_time::{call, Limits};
use crate::exec::error::{names, Failure};
use crate::exec::jsonata;
use crate::exec::resolver::{TaskOutcome, TaskRequest};
use crate::exec::run::{check_size, payload_text, Here, Run, Step, Thread};
use crate::model::{Catcher, IntegrationPattern, QueryLanguage, Retrier, State, TaskState};

impl Attempt for TaskState {
    fn policy(&self) -> (Option<&[Retrier]>, Option<&[Catcher]>) {
        (self.retry.as_deref(), self.catch.as_deref())
    }

    async fn attempt(
        &self,
        run: &Arc<Run>,
        state: &State,
        here: &Here,
        input: &Value,
        th: &mut Thread,
    ) -> Result<Step, Failure> {
        let s = self;
        let jsonata_mode = run.language(state) == QueryLanguage::JSONata;
        // The token exists before the payload is built: parameters pass it on through `$$.Task.Token`.
        let token = (s.pattern() == IntegrationPattern::WaitForTaskToken).then(|| uuid::Uuid::new_v4().to_string());
        let task_ctx = || token.as_ref().map(|t| ("Task", json!({"Token": t})));
        let payload = if jsonata_mode {
            match &s.arguments {
                Some(a) => {
                    let states = states_var(run, here, input, None, None).with_context(task_ctx());
                    jsonata::evaluate(a, "Arguments", &states, &th.vars)?
                }
                None => input.clone(),
            }
        } else {
            let effective = input_path(run, state, here, input, th)?;
            match &s.parameters {
                Some(p) => env_read(run, here, th, task_ctx(), |env| env.template(p, &effective))?,
                None => effective,
            }
        };
        check_size(&here.name, &payload)?;
        let timeout = integer_field(
            run,
            state,
            here,
            th,
            input,
            s.timeout_seconds.as_ref(),
            ("TimeoutSecondsPath", s.timeout_seconds_path.as_deref()),
        )?;
        let heartbeat = integer_field(
            run,
            state,
            here,
            th,
            input,
            s.heartbeat_seconds.as_ref(),
            ("HeartbeatSecondsPath", s.heartbeat_seconds_path.as_deref()),
        )?;
        let (resource_type, resource) = split_resource(&s.resource);
        let mut scheduled = json!({"resourceType": resource_type, "resource": resource, "region": region(&s.resource), "parameters": payload_text(&payload)});
        if let Some(t) = timeout {
            scheduled["timeoutInSeconds"] = json!(t);
        }
        if let Some(h) = heartbeat {
            scheduled["heartbeatInSeconds"] = json!(h);
        }
        run.record(th, "TaskScheduled", Some(("taskScheduledEventDetails", scheduled)))?;
        run.record(
            th,
            "TaskStarted",
            Some(("taskStartedEventDetails", json!({"resourceType": resource_type, "resource": resource}))),
        )?;

        let request = TaskRequest {
            state_name: here.name.clone(),
            resource: s.resource.clone(),
            payload,
            task_token: token.clone(),
            retry_count: here.retry_count,
            context: run.context(here, task_ctx()),
        };
        let limits = Limits { timeout, heartbeat };
        let outcome = call(run, th, request, token.as_deref(), limits).await?;
        th.trace.now = run.clock.observe(th.trace.now);
        let result = match outcome {
            TaskOutcome::Success(v) => {
                check_size(&here.name, &v)?;
                run.record(
                    th,
                    "TaskSucceeded",
                    Some((
                        "taskSucceededEventDetails",
                        json!({"resourceType": resource_type, "resource": resource, "output": payload_text(&v)}),
                    )),
                )?;
                v
            }
            TaskOutcome::Failure { error, cause } => {
                let timed_out = matches!(error.as_deref(), Some(names::TIMEOUT | names::HEARTBEAT_TIMEOUT));
                let kind = if timed_out { "TaskTimedOut" } else { "TaskFailed" };
                let key = if timed_out { "taskTimedOutEventDetails" } else { "taskFailedEventDetails" };
                run.record(
                    th,
                    kind,
                    Some((
                        key,
                        json!({"resourceType": resource_type, "resource": resource, "error": error, "cause": cause}),
                    )),
                )?;
                return Err(Failure::new(error, cause));
            }
            // `call` takes durations off; only an AwaitCallback of a task without token is left here.
            TaskOutcome::AwaitCallback | TaskOutcome::Took { .. } => {
                return Err(Failure::runtime(format!(
                    "The resource '{}' is not a callback task but its resolver awaited a callback.",
                    s.resource
                )))
            }
        };
        finish(
            run,
            state,
            here,
            th,
            input,
            result,
            Finish { result_selector: s.result_selector.as_ref(), result_path: &s.result_path },
        )
    }
}

/// `("lambda", "invoke")` for `arn:aws:states:::lambda:invoke`; Lambda function ARNs keep the ARN.
fn split_resource(arn: &str) -> (String, String) {
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    match parts.as_slice() {
        ["arn", _, "states", _, _, rest] => match rest.split_once(':') {
            Some((service, action)) => (service.to_string(), action.to_string()),
            None => ("states".into(), rest.to_string()),
        },
        ["arn", _, service, ..] => (service.to_string(), arn.to_string()),
        _ => ("unknown".into(), arn.to_string()),
    }
}

fn region(arn: &str) -> String {
    match arn.split(':').nth(3) {
        Some(r) if !r.is_empty() => r.to_string(),
        _ => "us-east-1".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resources() {
        assert_eq!(
            split_resource("arn:aws:states:::lambda:invoke.waitForTaskToken"),
            ("lambda".into(), "invoke.waitForTaskToken".into())
        );
        assert_eq!(split_resource("arn:aws:lambda:eu-west-1:1:function:f").0, "lambda");
        assert_eq!(region("arn:aws:lambda:eu-west-1:1:function:f"), "eu-west-1");
    }
}
