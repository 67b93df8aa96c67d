//! State machine executions as Step Functions answers for them: the documents of `StartExecution`,
//! `DescribeExecution`, `GetExecutionHistory`, `ListExecutions`, `ListStateMachines` and the `SendTask*`
//! calls, with epoch-second timestamps as the JSON protocol carries them. The Step Functions endpoint
//! (`aws/sfn.rs`), the admin routes and a machine's `#[http]` routes all answer with these.

use super::app::App;
use super::http_api::HttpResponse;
use lambdaform_local::LocalError;
use lambdaform_manifest::MachineKind;
use serde_json::{json, Value};

/// A refused call: Step Functions' error code and a message.
#[derive(Debug, PartialEq)]
pub struct Refusal {
    pub code: &'static str,
    pub message: String,
}

impl Refusal {
    pub fn new(code: &'static str, message: impl Into<String>) -> Refusal {
        Refusal { code, message: message.into() }
    }

    /// True for the codes that mean "no such thing" (404 on the admin routes).
    pub fn is_missing(&self) -> bool {
        matches!(self.code, "ExecutionDoesNotExist" | "StateMachineDoesNotExist" | "TaskDoesNotExist")
    }
}

/// An answer to a task token.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    Success(Value),
    Failure { error: Option<String>, cause: Option<String> },
    Heartbeat,
}

/// AWS's limit on execution names.
const MAX_NAME_CHARS: usize = 80;

/// ISO-8601 (as the local crate writes times) to epoch seconds with milliseconds, as the JSON protocol's
/// timestamps are.
fn epoch(value: &Value) -> Value {
    value
        .as_str()
        .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
        .map_or(Value::Null, |t| json!(t.timestamp_millis() as f64 / 1000.0))
}

fn with_epochs(mut document: Value, fields: &[&str]) -> Value {
    for field in fields {
        if let Some(value) = document.get(*field).filter(|v| v.is_string()).cloned() {
            document[*field] = epoch(&value);
        }
    }
    document
}

fn machine<'a>(app: &'a App, spelling: &str) -> Result<&'a str, Refusal> {
    app.local
        .state_machine(spelling)
        .ok_or_else(|| Refusal::new("StateMachineDoesNotExist", format!("State Machine Does Not Exist: '{spelling}'")))
}

fn execution_missing(arn: &str) -> Refusal {
    Refusal::new("ExecutionDoesNotExist", format!("Execution Does Not Exist: '{arn}'"))
}

/// `StartExecution`: `{"executionArn", "startDate"}`.
pub async fn start(app: &App, machine_spelling: &str, input: Value, name: Option<&str>) -> Result<Value, Refusal> {
    let machine = machine(app, machine_spelling)?;
    let started = match name {
        Some(name) => {
            let valid = (1..=MAX_NAME_CHARS).contains(&name.chars().count())
                && !name.chars().any(|c| c.is_whitespace() || "<>{}[]?*\"#%\\^|~`$&,;:/".contains(c));
            if !valid {
                return Err(Refusal::new("InvalidName", format!("Invalid Name: '{name}'")));
            }
            app.local.start_named_execution(machine, name, input).await
        }
        None => app.local.start_execution(machine, input).await,
    };
    let arn = started.map_err(|e| match e {
        LocalError::Invalid { .. } => Refusal::new("ExecutionAlreadyExists", e.to_string()),
        other => Refusal::new("InvalidArn", other.to_string()),
    })?;
    let described = describe(app, &arn)?;
    Ok(json!({ "executionArn": arn, "startDate": described["startDate"] }))
}

/// `DescribeExecution`.
pub fn describe(app: &App, arn: &str) -> Result<Value, Refusal> {
    let mut document = app.local.describe_execution(arn).map_err(|_| execution_missing(arn))?;
    document["inputDetails"] = json!({ "included": true });
    if document.get("output").is_some() {
        document["outputDetails"] = json!({ "included": true });
    }
    Ok(with_epochs(document, &["startDate", "stopDate"]))
}

/// `GetExecutionHistory`'s events, oldest first. The executor hands the history over when the execution
/// ends; until then it is the empty list.
pub fn history(app: &App, arn: &str) -> Result<Vec<Value>, Refusal> {
    let events = app.local.execution_history(arn).map_err(|_| execution_missing(arn))?;
    Ok(events.into_iter().map(|event| with_epochs(event, &["timestamp"])).collect())
}

/// `ListExecutions` summaries, newest first: of one machine or all, with one status or any.
pub fn list(app: &App, machine_spelling: Option<&str>, status: Option<&str>) -> Result<Vec<Value>, Refusal> {
    let machine = machine_spelling.map(|spelling| machine(app, spelling)).transpose()?;
    Ok(app
        .local
        .list_executions(machine)
        .into_iter()
        .filter(|summary| status.is_none_or(|status| summary["status"] == status))
        .map(|summary| with_epochs(summary, &["startDate", "stopDate"]))
        .collect())
}

/// The task tokens callback tasks wait on now: `[{"taskToken", "executionArn"}]`, of one execution or all.
pub fn pending(app: &App, execution: Option<&str>) -> Vec<Value> {
    app.local
        .pending_tokens()
        .into_iter()
        .filter(|(arn, _)| execution.is_none_or(|wanted| wanted == arn.as_str()))
        .map(|(arn, token)| json!({ "taskToken": token, "executionArn": arn }))
        .collect()
}

/// `ListStateMachines`.
pub fn machines(app: &App) -> Vec<Value> {
    let created = json!(app.local.created().timestamp_millis() as f64 / 1000.0);
    app.manifest
        .state_machines
        .iter()
        .map(|m| {
            let kind = match m.kind {
                MachineKind::Standard => "STANDARD",
                MachineKind::Express => "EXPRESS",
            };
            json!({
                "stateMachineArn": app.local.names().state_machine_arn(&m.name),
                "name": app.local.names().physical(&m.name),
                "type": kind,
                "creationDate": created,
            })
        })
        .collect()
}

/// `SendTaskSuccess`, `SendTaskFailure`, `SendTaskHeartbeat`: `{}` once delivered.
pub fn send(app: &App, token: &str, answer: Answer) -> Result<Value, Refusal> {
    let sent = match answer {
        Answer::Success(output) => app.local.send_task_success(token, output),
        Answer::Failure { error, cause } => app.local.send_task_failure(token, error, cause),
        Answer::Heartbeat => app.local.send_task_heartbeat(token),
    };
    sent.map(|()| json!({}))
        .map_err(|_| Refusal::new("TaskDoesNotExist", format!("Task Token does not exist or has expired: {token}")))
}

/// A machine's `#[http]` route, as API Gateway's `StepFunctions-StartExecution` integration answers it: the
/// body is the input; 200 with `StartExecution`'s answer. An Express machine's route
/// (`StartSyncExecution`) answers once the execution ends, with its status and output.
pub async fn from_route(app: &App, machine_name: &str, kind: MachineKind, body: &[u8]) -> HttpResponse {
    let input = if body.iter().all(u8::is_ascii_whitespace) {
        Ok(json!({}))
    } else {
        serde_json::from_slice::<Value>(body)
            .map_err(|e| Refusal::new("InvalidExecutionInput", format!("Invalid State Machine Execution Input: {e}")))
    };
    let started = match input {
        Ok(input) => start(app, machine_name, input, None).await,
        Err(refusal) => Err(refusal),
    };
    let document = match (started, kind) {
        (Err(refusal), _) => return refused(&refusal),
        (Ok(started), MachineKind::Standard) => started,
        (Ok(started), MachineKind::Express) => {
            let arn = started["executionArn"].as_str().unwrap_or_default().to_owned();
            if let Err(e) = app.local.wait_execution(&arn).await {
                return refused(&Refusal::new("ExecutionDoesNotExist", e.to_string()));
            }
            match describe(app, &arn) {
                Ok(described) => described,
                Err(refusal) => return refused(&refusal),
            }
        }
    };
    HttpResponse {
        status: 200,
        headers: vec![("content-type".into(), "application/json".into())],
        body: document.to_string().into_bytes(),
    }
}

fn refused(refusal: &Refusal) -> HttpResponse {
    HttpResponse {
        status: 400,
        headers: vec![("content-type".into(), "application/json".into())],
        body: json!({ "__type": refusal.code, "message": refusal.message }).to_string().into_bytes(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_times_become_epoch_seconds() {
        let document = json!({ "startDate": "2026-11-27T07:00:00.250Z", "name": "x" });
        let converted = with_epochs(document, &["startDate", "stopDate"]);
        assert_eq!(converted["startDate"], json!(1_795_762_800.25));
        assert_eq!(converted["name"], "x");
        assert!(converted.get("stopDate").is_none());
    }
}
