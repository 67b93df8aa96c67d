//! State machines: executions on the ASL executor, their records, and callbacks by task token.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, SecondsFormat, Utc};
use lambdaform_asl::exec::{CallbackHandle, CallbackMessage, ExecutionResult, Executor};
use lambdaform_asl::model::StateMachine;
use lambdaform_manifest::{Manifest, Placeholder};
use serde_json::{json, Value};
use tokio::sync::{watch, Notify};

use crate::local::{lock, Inner, Local};
use crate::log::LogEntry;
use crate::names::Names;
use crate::tasks::Tasks;
use crate::LocalError;

struct Record {
    machine: String,
    name: String,
    input: Value,
    start: DateTime<Utc>,
    stop: Option<DateTime<Utc>>,
    /// Held while the execution runs, so callback tasks wait for an answer instead of timing out.
    callbacks: Option<CallbackHandle>,
    result: watch::Receiver<Option<ExecutionResult>>,
}

pub(crate) struct Workflows {
    machines: BTreeMap<String, Arc<StateMachine>>,
    /// By execution ARN, in start order.
    executions: Mutex<Vec<(String, Record)>>,
    /// Woken whenever a task token is answered, for callback tasks waiting on the virtual clock.
    answered: Notify,
}

/// Replaces `${function:X}` and its kin with what a deployed definition holds there: ARNs, a queue's URL, a
/// table's or bucket's name.
fn substitute(v: &Value, names: &Names) -> Value {
    match v {
        Value::String(s) => match Placeholder::parse(s) {
            Some(p) => Value::String(match p.kind {
                "function" => names.function_arn(p.name),
                "table" => names.physical(p.name),
                "bucket" => names.bucket(p.name),
                "topic" => names.topic_arn(p.name),
                "queue" => names.queue_url(p.name),
                _ => names.state_machine_arn(p.name),
            }),
            None => v.clone(),
        },
        Value::Array(items) => Value::Array(items.iter().map(|i| substitute(i, names)).collect()),
        Value::Object(map) => Value::Object(map.iter().map(|(k, i)| (k.clone(), substitute(i, names))).collect()),
        other => other.clone(),
    }
}

fn iso(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

impl Workflows {
    pub(crate) fn new(manifest: &Manifest, names: &Names) -> Result<Workflows, LocalError> {
        let mut machines = BTreeMap::new();
        for (i, m) in manifest.state_machines.iter().enumerate() {
            let definition = substitute(&m.definition, names);
            let parsed: StateMachine = serde_json::from_value(definition)
                .map_err(|e| LocalError::invalid(format!("/state_machines/{i}/definition"), e.to_string()))?;
            machines.insert(m.name.clone(), Arc::new(parsed));
        }
        Ok(Workflows { machines, executions: Mutex::default(), answered: Notify::new() })
    }

    fn summary(arn: &str, r: &Record, names: &Names) -> Value {
        let result = r.result.borrow();
        let mut out = json!({
            "executionArn": arn,
            "stateMachineArn": names.state_machine_arn(&r.machine),
            "name": r.name,
            "status": result.as_ref().map_or("RUNNING", |x| x.status.as_str()),
            "startDate": iso(r.start),
        });
        if let Some(stop) = r.stop {
            out["stopDate"] = json!(iso(stop));
        }
        out
    }
}

impl Inner {
    /// Starts an execution of a declared machine; returns its ARN.
    pub(crate) fn start_execution(
        self: &Arc<Self>,
        machine: &str,
        input: Value,
        name: Option<String>,
    ) -> Result<String, LocalError> {
        let definition =
            self.workflows.machines.get(machine).ok_or_else(|| LocalError::unknown("state machine", machine))?;
        let name = name.unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
        let arn = self.names.execution_arn(machine, &name);
        let mut executions = lock(&self.workflows.executions);
        if executions.iter().any(|(a, _)| *a == arn) {
            return Err(LocalError::invalid(
                "/name",
                format!("ExecutionAlreadyExists: execution `{name}` already exists"),
            ));
        }
        let resolver = Tasks { inner: Arc::downgrade(self), execution_arn: arn.clone() };
        let execution = Executor::shared(definition.clone(), Arc::new(resolver))
            .with_clock(self.clock.for_executor())
            .with_state_machine_name(self.names.physical(machine))
            .with_execution_name(name.clone())
            .start(input.clone());
        let (sender, result) = watch::channel(None);
        let callbacks = Some(execution.callbacks());
        let start = self.clock.now();
        executions.push((
            arn.clone(),
            Record { machine: machine.to_string(), name, input, start, stop: None, callbacks, result },
        ));
        drop(executions);
        let status = "RUNNING".to_string();
        self.log.push(start, LogEntry::Execution { machine: machine.to_string(), execution_arn: arn.clone(), status });
        let inner = self.clone();
        let (machine, execution_arn) = (machine.to_string(), arn.clone());
        tokio::spawn(async move {
            let result = execution.await;
            let now = inner.clock.now();
            if let Some((_, r)) = lock(&inner.workflows.executions).iter_mut().find(|(a, _)| *a == execution_arn) {
                r.stop = Some(now);
                r.callbacks = None;
            }
            let status = result.status.as_str().to_string();
            let _ = sender.send(Some(result));
            // Callback tasks of this execution that were still waiting will never be answered now.
            inner.workflows.answered.notify_waiters();
            inner.log.push(now, LogEntry::Execution { machine, execution_arn, status });
        });
        Ok(arn)
    }

    fn result_receiver(&self, arn: &str) -> Result<watch::Receiver<Option<ExecutionResult>>, LocalError> {
        let executions = lock(&self.workflows.executions);
        let (_, r) = executions.iter().find(|(a, _)| a == arn).ok_or_else(|| LocalError::unknown("execution", arn))?;
        Ok(r.result.clone())
    }

    /// Waits for an execution to end.
    pub(crate) async fn wait_execution(&self, arn: &str) -> Result<ExecutionResult, LocalError> {
        let mut rx = self.result_receiver(arn)?;
        let done = rx.wait_for(Option::is_some).await.map_err(|_| LocalError::unknown("execution", arn))?;
        done.clone().ok_or_else(|| LocalError::unknown("execution", arn))
    }

    /// Sends `message` for a waiting task token and wakes the callback tasks watching for answers.
    pub(crate) fn answer(&self, token: &str, message: CallbackMessage) -> Result<(), LocalError> {
        let handle = self.callback_for(token)?;
        let unknown = |_| LocalError::UnknownToken(token.to_string());
        let sent = match message {
            CallbackMessage::Success(output) => handle.send_success(token, output).map_err(unknown),
            CallbackMessage::Failure { error, cause } => handle.send_failure(token, error, cause).map_err(unknown),
            CallbackMessage::Heartbeat => handle.send_heartbeat(token).map_err(unknown),
        };
        self.workflows.answered.notify_waiters();
        sent
    }

    /// Returns once `token` is no longer waiting: answered, or its execution ended.
    pub(crate) async fn answered(&self, token: &str) {
        loop {
            let woken = self.workflows.answered.notified();
            tokio::pin!(woken);
            // Registered before the check, so an answer between the check and the await is not missed.
            woken.as_mut().enable();
            if self.callback_for(token).is_err() {
                return;
            }
            woken.await;
        }
    }

    pub(crate) fn callback_for(&self, token: &str) -> Result<CallbackHandle, LocalError> {
        let executions = lock(&self.workflows.executions);
        executions
            .iter()
            .filter_map(|(_, r)| r.callbacks.as_ref())
            .find(|h| h.pending_tokens().iter().any(|t| t == token))
            .cloned()
            .ok_or_else(|| LocalError::UnknownToken(token.to_string()))
    }
}

impl Local {
    /// `StartExecution`: returns the execution's ARN at once; the execution runs on the runtime.
    pub async fn start_execution(&self, machine: &str, input: Value) -> Result<String, LocalError> {
        self.inner.start_execution(machine, input, None)
    }

    /// `StartExecution` with a name of your choosing (unique per machine).
    pub async fn start_named_execution(&self, machine: &str, name: &str, input: Value) -> Result<String, LocalError> {
        self.inner.start_execution(machine, input, Some(name.to_string()))
    }

    /// Waits until the execution ends and returns its result with the full history.
    pub async fn wait_execution(&self, execution_arn: &str) -> Result<ExecutionResult, LocalError> {
        self.inner.wait_execution(execution_arn).await
    }

    /// `ListExecutions`: summaries, newest first, of one machine or all.
    pub fn list_executions(&self, machine: Option<&str>) -> Vec<Value> {
        let executions = lock(&self.inner.workflows.executions);
        executions
            .iter()
            .rev()
            .filter(|(_, r)| machine.is_none_or(|m| r.machine == m))
            .map(|(arn, r)| Workflows::summary(arn, r, &self.inner.names))
            .collect()
    }

    /// `DescribeExecution`: status, input, and output or error and cause once ended.
    pub fn describe_execution(&self, execution_arn: &str) -> Result<Value, LocalError> {
        let executions = lock(&self.inner.workflows.executions);
        let (arn, r) = executions
            .iter()
            .find(|(a, _)| a == execution_arn)
            .ok_or_else(|| LocalError::unknown("execution", execution_arn))?;
        let mut out = Workflows::summary(arn, r, &self.inner.names);
        out["input"] = json!(r.input.to_string());
        if let Some(result) = r.result.borrow().as_ref() {
            if let Some(output) = &result.output {
                out["output"] = json!(output.to_string());
            }
            if let Some(error) = &result.error {
                out["error"] = json!(error);
            }
            if let Some(cause) = &result.cause {
                out["cause"] = json!(cause);
            }
        }
        Ok(out)
    }

    /// `GetExecutionHistory` of an ended execution (empty while it runs: the executor hands its history over
    /// at the end).
    pub fn execution_history(&self, execution_arn: &str) -> Result<Vec<Value>, LocalError> {
        let rx = self.inner.result_receiver(execution_arn)?;
        let result = rx.borrow();
        Ok(result.as_ref().map(|r| r.history.iter().map(|e| e.to_json()).collect()).unwrap_or_default())
    }

    /// Task tokens of callback tasks waiting now, with their execution's ARN.
    pub fn pending_tokens(&self) -> Vec<(String, String)> {
        let executions = lock(&self.inner.workflows.executions);
        executions
            .iter()
            .filter_map(|(arn, r)| r.callbacks.as_ref().map(|h| (arn, h.pending_tokens())))
            .flat_map(|(arn, tokens)| tokens.into_iter().map(move |t| (arn.clone(), t)))
            .collect()
    }

    /// `SendTaskSuccess`.
    pub fn send_task_success(&self, token: &str, output: Value) -> Result<(), LocalError> {
        self.inner.answer(token, CallbackMessage::Success(output))
    }

    /// `SendTaskFailure`.
    pub fn send_task_failure(
        &self,
        token: &str,
        error: Option<String>,
        cause: Option<String>,
    ) -> Result<(), LocalError> {
        self.inner.answer(token, CallbackMessage::Failure { error, cause })
    }

    /// `SendTaskHeartbeat`.
    pub fn send_task_heartbeat(&self, token: &str) -> Result<(), LocalError> {
        self.inner.answer(token, CallbackMessage::Heartbeat)
    }

    /// The declared state machine a name or ARN refers to.
    pub fn state_machine(&self, spelling: &str) -> Option<&str> {
        let names = &self.inner.names;
        self.inner
            .manifest
            .state_machines
            .iter()
            .map(|m| m.name.as_str())
            .find(|name| *name == spelling || names.state_machine_arn(name) == spelling)
    }
}
