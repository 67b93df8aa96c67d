//! Answers the Task states of an execution: Lambda invocations go to a step's mock or its real handler,
//! service integrations to the in-memory services, `startExecution` to another machine of the binary.

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, MutexGuard, Weak};

use lambdaform_asl::exec::{Clock, Executor, Status, TaskOutcome, TaskRequest, TaskResolver};
use serde_json::{json, Value};

use super::arns;
use super::callbacks::Registry;
use super::machines::Machines;
use super::native::Answerer;
use super::services::Services;

/// A step that failed: the `errorType` Lambda reports (the error enum's variant name) and its message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepFailure {
    pub error_type: String,
    pub message: String,
}

pub type StepFuture = Pin<Box<dyn Future<Output = Result<Value, StepFailure>> + Send>>;
/// A step's handler at the JSON level: the Lambda payload in, its answer or failure out.
pub type StepFn = Arc<dyn Fn(Value) -> StepFuture + Send + Sync>;
/// Invokes a function of the binary by name (the real handlers); `None` when there is no such function.
pub type Invoker = Arc<dyn Fn(&str, Value) -> Option<StepFuture> + Send + Sync>;

/// One call of a Lambda function, mocked or real, in the order they happened.
#[derive(Debug, Clone, PartialEq)]
pub struct Invocation {
    pub function: String,
    pub payload: Value,
    /// Set for `.waitForTaskToken` invocations.
    pub task_token: Option<String>,
}

/// Everything the executions of one test share.
pub struct Shared {
    pub steps: HashMap<String, StepFn>,
    pub integrations: HashMap<String, StepFn>,
    pub invoker: Option<Invoker>,
    pub services: Services,
    pub machines: Machines,
    pub clock: Clock,
    /// Answers callback tasks without the test's help, when set.
    pub answerer: Option<Answerer>,
    /// Where nested executions' callback handles go while the test can still answer.
    pub registry: Weak<Registry>,
    pub invocations: Mutex<Vec<Invocation>>,
    pub children: Mutex<u64>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Shared {
    pub fn invocations(&self) -> Vec<Invocation> {
        lock(&self.invocations).clone()
    }

    /// The handler a function name runs: its mock, else the binary's real handler.
    fn step(&self, function: &str, payload: Value) -> StepFuture {
        if let Some(mock) = self.steps.get(function) {
            return mock(payload);
        }
        if let Some(future) = self.invoker.as_ref().and_then(|invoke| invoke(function, payload)) {
            return future;
        }
        let mut known: Vec<&str> = self.steps.keys().map(String::as_str).collect();
        known.sort_unstable();
        let message = format!(
            "Function not found: {} (no mock for step `{function}` and no function of that name in this binary; mocked: {})",
            arns::fake("function", function),
            if known.is_empty() { "none".to_string() } else { known.join(", ") }
        );
        Box::pin(async move { Err(StepFailure { error_type: "Lambda.ResourceNotFoundException".into(), message }) })
    }
}

/// The executor's resolver over the shared state (cloned into nested executions).
#[derive(Clone)]
pub struct Resolver(pub Arc<Shared>);

fn failure(error: impl Into<String>, cause: impl Into<String>) -> TaskOutcome {
    TaskOutcome::Failure { error: Some(error.into()), cause: Some(cause.into()) }
}

/// How Lambda reports a function error to Step Functions: the error type as the error, and the runtime's error
/// document as the cause.
fn step_failure(f: StepFailure) -> TaskOutcome {
    let cause = json!({ "errorMessage": f.message, "errorType": f.error_type }).to_string();
    failure(f.error_type, cause)
}

impl TaskResolver for Resolver {
    fn resolve(&self, request: TaskRequest) -> Pin<Box<dyn Future<Output = TaskOutcome> + Send>> {
        let shared = self.0.clone();
        let resolver = self.clone();
        Box::pin(async move { resolver.answer(shared, request).await })
    }
}

impl Resolver {
    async fn answer(&self, shared: Arc<Shared>, request: TaskRequest) -> TaskOutcome {
        let resource = request.resource.as_str();
        if let Some(mock) = shared.integrations.get(resource) {
            return match mock(request.payload.clone()).await {
                Ok(v) => TaskOutcome::Success(v),
                Err(f) => failure(f.error_type, f.message),
            };
        }
        if let Some(rest) = resource.strip_prefix("arn:aws:states:::lambda:invoke") {
            return self.invoke_optimized(&shared, &request, rest == ".waitForTaskToken").await;
        }
        if resource.starts_with("arn:aws:lambda:") {
            let function = arns::function_name(resource).to_string();
            return self
                .invoke(&shared, function, request.payload.clone(), None)
                .await
                .map_or_else(step_failure, TaskOutcome::Success);
        }
        if let Some(pattern) = resource.strip_prefix("arn:aws:states:::states:startExecution") {
            return self.start_execution(&shared, &request, pattern).await;
        }
        match shared.services.call(resource, &request.payload) {
            Some(Ok(v)) => TaskOutcome::Success(v),
            Some(Err(e)) => failure(e.error, e.cause),
            None => failure(
                "States.TaskFailed",
                format!(
                    "lambdaform::testing has no stand-in for resource '{resource}' (state '{}'); mock it with `integration(\"{resource}\", ..)`",
                    request.state_name
                ),
            ),
        }
    }

    async fn invoke(
        &self,
        shared: &Shared,
        function: String,
        payload: Value,
        task_token: Option<String>,
    ) -> Result<Value, StepFailure> {
        lock(&shared.invocations).push(Invocation { function: function.clone(), payload: payload.clone(), task_token });
        shared.step(&function, payload).await
    }

    /// `arn:aws:states:::lambda:invoke`: `{FunctionName, Payload}` in, Lambda's Invoke response out.
    async fn invoke_optimized(&self, shared: &Shared, request: &TaskRequest, callback: bool) -> TaskOutcome {
        let Some(function) = request.payload.get("FunctionName").and_then(Value::as_str) else {
            return failure("Lambda.InvalidParameterValueException", "/FunctionName must be a string");
        };
        let function = arns::function_name(function).to_string();
        let payload = request.payload.get("Payload").cloned().unwrap_or(json!({}));
        // Lambda takes text; a string payload holding JSON reaches the function as that JSON.
        let payload = match payload {
            Value::String(s) => serde_json::from_str(&s).unwrap_or(Value::String(s)),
            other => other,
        };
        match self.invoke(shared, function, payload, request.task_token.clone()).await {
            Err(f) => step_failure(f),
            Ok(_) if callback => match &shared.answerer {
                Some(answer) => match answer() {
                    Ok(output) => TaskOutcome::Success(output),
                    Err((error, cause)) => failure(error, cause),
                },
                None => TaskOutcome::AwaitCallback,
            },
            Ok(answer) => TaskOutcome::Success(json!({
                "ExecutedVersion": "$LATEST",
                "Payload": answer,
                "SdkHttpMetadata": { "HttpStatusCode": 200 },
                "SdkResponseMetadata": { "RequestId": format!("{:08x}-local", lock(&shared.invocations).len()) },
                "StatusCode": 200,
            })),
        }
    }

    /// `states:startExecution` (fire-and-forget), `.sync` (output as text) and `.sync:2` (output as JSON). A
    /// fire-and-forget child runs to completion before the parent goes on: on virtual time nothing can tell.
    async fn start_execution(&self, shared: &Arc<Shared>, request: &TaskRequest, pattern: &str) -> TaskOutcome {
        let Some(arn) = request.payload.get("StateMachineArn").and_then(Value::as_str) else {
            return failure("StepFunctions.InvalidArnException", "/StateMachineArn must be a string");
        };
        let name = arns::last_segment(arn);
        let Some(machine) = shared.machines.get(name) else {
            return failure(
                "StepFunctions.StateMachineDoesNotExistException",
                format!("State Machine Does Not Exist: '{arn}' (known: {})", shared.machines.names().join(", ")),
            );
        };
        let input = match request.payload.get("Input").cloned().unwrap_or(json!({})) {
            Value::String(s) => match serde_json::from_str(&s) {
                Ok(v) => v,
                Err(e) => {
                    return failure("StepFunctions.InvalidExecutionInputException", format!("/Input is not JSON: {e}"))
                }
            },
            other => other,
        };
        if pattern.is_empty() {
            // As natively: only a start without waiting is a side effect; `.sync` is a call.
            shared.services.record_start(name, input.clone());
        }
        let execution_name = match request.payload.get("Name").and_then(Value::as_str) {
            Some(n) => n.to_string(),
            None => {
                let mut n = lock(&shared.children);
                *n += 1;
                format!("child-{n}")
            }
        };
        let clock = match shared.clock {
            Clock::Real => Clock::Real,
            Clock::Virtual(start) => Clock::Virtual(entered_time(&request.context).unwrap_or(start)),
        };
        let execution = Executor::shared(machine, Arc::new(self.clone()))
            .with_clock(clock)
            .with_object_store(shared.services.object_store())
            .with_state_machine_name(name)
            .with_execution_name(&execution_name)
            .start(input.clone());
        Registry::track(&shared.registry, execution.callbacks());
        let result = execution.await;
        let execution_arn =
            format!("arn:aws:states:{}:{}:execution:{name}:{execution_name}", arns::REGION, arns::ACCOUNT);
        if pattern.is_empty() {
            return TaskOutcome::Success(
                json!({ "ExecutionArn": execution_arn, "StartDate": request.context["State"]["EnteredTime"] }),
            );
        }
        let v2 = pattern == ".sync:2";
        let as_text = |v: &Value| if v2 { v.clone() } else { Value::String(v.to_string()) };
        let mut description = json!({
            "ExecutionArn": execution_arn,
            "StateMachineArn": arn,
            "Name": execution_name,
            "Status": result.status.as_str(),
            "Input": as_text(&input),
        });
        match result.status {
            Status::Succeeded => {
                description["Output"] = as_text(result.output.as_ref().unwrap_or(&Value::Null));
                TaskOutcome::Success(description)
            }
            // Failed, timed out or aborted: every other status ends with an error and a cause.
            _ => {
                description["Error"] = json!(result.error);
                description["Cause"] = json!(result.cause);
                failure("States.TaskFailed", description.to_string())
            }
        }
    }
}

fn entered_time(context: &Value) -> Option<chrono::DateTime<chrono::Utc>> {
    let text = context.pointer("/State/EnteredTime")?.as_str()?;
    chrono::DateTime::parse_from_rfc3339(text).ok().map(|t| t.with_timezone(&chrono::Utc))
}
