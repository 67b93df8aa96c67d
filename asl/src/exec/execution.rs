//! The public entry point: `Executor::new(definition, resolver).start(input).await`.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use chrono::{DateTime, Utc};
use futures::future::BoxFuture;
use serde_json::{json, Map, Value};

use super::callback::CallbackHandle;
use super::clock::{iso, Clock};
use super::error::names;
use super::history::{History, HistoryEvent, Trace};
use super::resolver::TaskResolver;
use super::run::{payload_text, run_workflow, Run, Thread, MAX_PAYLOAD_BYTES};
use super::states::map_run::MapRun;
use super::store::{MemoryStore, ObjectStore};
use crate::model::StateMachine;

pub(crate) const ACCOUNT: &str = "000000000000";
pub(crate) const REGION: &str = "us-east-1";

/// How an execution ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Succeeded,
    Failed,
    TimedOut,
    /// Only for a Distributed Map's child executions still running when their map run failed.
    Aborted,
}

impl Status {
    /// AWS's spelling: `SUCCEEDED`, `FAILED`, `TIMED_OUT`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Status::Succeeded => "SUCCEEDED",
            Status::Failed => "FAILED",
            Status::TimedOut => "TIMED_OUT",
            Status::Aborted => "ABORTED",
        }
    }
}

/// The outcome of an execution with its history.
#[derive(Debug, Clone, PartialEq)]
pub struct ExecutionResult {
    pub status: Status,
    /// Set when `status` is `Succeeded`.
    pub output: Option<Value>,
    pub error: Option<String>,
    pub cause: Option<String>,
    pub history: Vec<HistoryEvent>,
    /// The map runs of this execution's Distributed Map states, with their child executions.
    pub map_runs: Vec<MapRun>,
}

impl ExecutionResult {
    /// `{"status", "output"}` or `{"status", "error", "cause"}`, plus `history` when asked.
    pub fn to_json(&self, with_history: bool) -> Value {
        let mut m = Map::new();
        m.insert("status".into(), json!(self.status.as_str()));
        match self.status {
            Status::Succeeded => {
                m.insert("output".into(), self.output.clone().unwrap_or(Value::Null));
            }
            Status::Failed | Status::TimedOut | Status::Aborted => {
                m.insert("error".into(), json!(self.error));
                m.insert("cause".into(), json!(self.cause));
            }
        }
        if with_history {
            m.insert("history".into(), Value::Array(self.history.iter().map(HistoryEvent::to_json).collect()));
        }
        Value::Object(m)
    }
}

/// Runs executions of one definition.
#[derive(Clone)]
pub struct Executor {
    machine: Arc<StateMachine>,
    resolver: Arc<dyn TaskResolver>,
    clock: Option<Clock>,
    machine_name: String,
    execution_name: Option<String>,
    store: Arc<dyn ObjectStore>,
}

impl Executor {
    pub fn new(machine: StateMachine, resolver: impl TaskResolver + 'static) -> Self {
        Self::shared(Arc::new(machine), Arc::new(resolver))
    }

    /// Like [`Executor::new`], for a definition and a resolver shared with other executors.
    pub fn shared(machine: Arc<StateMachine>, resolver: Arc<dyn TaskResolver>) -> Self {
        Executor {
            machine,
            resolver,
            clock: None,
            machine_name: "StateMachine".into(),
            execution_name: None,
            store: Arc::new(MemoryStore::default()),
        }
    }

    /// Virtual time (the default) or real time.
    pub fn with_clock(mut self, clock: Clock) -> Self {
        self.clock = Some(clock);
        self
    }

    /// The state machine's name in `$$.StateMachine` and ARNs.
    pub fn with_state_machine_name(mut self, name: impl Into<String>) -> Self {
        self.machine_name = name.into();
        self
    }

    /// The S3 that Distributed Maps read (`ItemReader`) and write (`ResultWriter`); a fresh
    /// [`MemoryStore`] otherwise. Pass a `MemoryStore` clone to seed objects and read results back.
    pub fn with_object_store(mut self, store: impl ObjectStore + 'static) -> Self {
        self.store = Arc::new(store);
        self
    }

    /// The execution's name (a fresh UUID otherwise).
    pub fn with_execution_name(mut self, name: impl Into<String>) -> Self {
        self.execution_name = Some(name.into());
        self
    }

    /// Starts an execution; await the returned value for its result.
    pub fn start(&self, input: Value) -> Execution {
        let clock = self.clock.unwrap_or_default();
        let name = self.execution_name.clone().unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
        let callbacks = CallbackHandle::default();
        let run = Arc::new(new_run(RunSpec {
            machine: self.machine.clone(),
            resolver: self.resolver.clone(),
            store: self.store.clone(),
            callbacks: callbacks.clone(),
            clock,
            started: clock.start(),
            execution_arn: format!("arn:aws:states:{REGION}:{ACCOUNT}:execution:{}:{name}", self.machine_name),
            name,
            machine_name: self.machine_name.clone(),
            input: &input,
            deadline: None,
        }));
        Execution { future: Box::pin(execute(run, input)), callbacks }
    }
}

/// What makes one execution, the top one or a Distributed Map's child.
pub(crate) struct RunSpec<'a> {
    pub machine: Arc<StateMachine>,
    pub resolver: Arc<dyn TaskResolver>,
    pub store: Arc<dyn ObjectStore>,
    pub callbacks: CallbackHandle,
    pub clock: Clock,
    pub started: DateTime<Utc>,
    pub execution_arn: String,
    pub name: String,
    /// `$$.StateMachine.Name`, also the base of ARNs.
    pub machine_name: String,
    pub input: &'a Value,
    /// An earlier deadline than the machine's own `TimeoutSeconds` (a parent's, or Express's 5 minutes).
    pub deadline: Option<DateTime<Utc>>,
}

pub(crate) fn new_run(spec: RunSpec) -> Run {
    let machine_arn = format!("arn:aws:states:{REGION}:{ACCOUNT}:stateMachine:{}", spec.machine_name);
    let own = deadline(spec.started, spec.machine.timeout_seconds);
    Run {
        resolver: spec.resolver,
        clock: spec.clock,
        history: History::default(),
        callbacks: spec.callbacks,
        store: spec.store,
        map_runs: Default::default(),
        execution: json!({
            "Id": spec.execution_arn,
            "Input": spec.input,
            "Name": spec.name,
            "RoleArn": format!("arn:aws:iam::{ACCOUNT}:role/lambdaform-local"),
            "StartTime": iso(spec.started),
            "RedriveCount": 0,
        }),
        state_machine: json!({"Id": machine_arn, "Name": spec.machine_name}),
        started: spec.started,
        deadline: spec.deadline.map_or(own, |d| d.min(own)),
        machine: spec.machine,
    }
}

/// A running execution: a future of its result, plus the handle for callback tasks.
pub struct Execution {
    future: BoxFuture<'static, ExecutionResult>,
    callbacks: CallbackHandle,
}

impl Execution {
    /// Answers `.waitForTaskToken` tasks of this execution.
    pub fn callbacks(&self) -> CallbackHandle {
        self.callbacks.answerer()
    }
}

impl Future for Execution {
    type Output = ExecutionResult;
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<ExecutionResult> {
        self.future.as_mut().poll(cx)
    }
}

/// AWS ends a Standard execution after one year when the definition sets no `TimeoutSeconds`.
const MAX_EXECUTION_SECONDS: u64 = 365 * 24 * 60 * 60;

fn deadline(started: DateTime<Utc>, timeout_seconds: Option<u64>) -> DateTime<Utc> {
    let secs = timeout_seconds.unwrap_or(MAX_EXECUTION_SECONDS).min(MAX_EXECUTION_SECONDS * 100);
    started
        .checked_add_signed(chrono::Duration::seconds(secs as i64))
        .unwrap_or(chrono::DateTime::<chrono::Utc>::MAX_UTC)
}

pub(crate) async fn execute(run: Arc<Run>, input: Value) -> ExecutionResult {
    let mut th = Thread::new(Trace { prev: 0, now: run.started });
    let input_text = payload_text(&input);
    let role = run.execution["RoleArn"].clone();
    let _ = run.history.record(
        &mut th.trace,
        "ExecutionStarted",
        Some((
            "executionStartedEventDetails",
            json!({"input": input_text, "inputDetails": {"truncated": false}, "roleArn": role}),
        )),
    );
    let outcome = if input_text.len() > MAX_PAYLOAD_BYTES {
        (
            Err(super::error::Failure::new(
                Some(names::DATA_LIMIT_EXCEEDED.into()),
                Some("The execution input exceeds the maximum number of bytes service limit.".into()),
            )),
            th.clone(),
        )
    } else {
        let states = Arc::new(run.machine.states.clone());
        let work = run_workflow(run.clone(), states, run.machine.start_at.clone(), input, th.clone());
        match run.machine.timeout_seconds.filter(|_| run.clock.is_real()) {
            Some(limit) => match tokio::time::timeout(std::time::Duration::from_secs(limit), work).await {
                Ok(r) => r,
                Err(_) => (Err(super::error::Failure::execution_timeout()), th.clone()),
            },
            None => work.await,
        }
    };
    let (result, mut th) = outcome;
    th.trace.prev = run.history.len() as u64;
    th.trace.now = run.clock.observe(th.trace.now);
    let (status, output, error, cause) = match result {
        Ok(v) => {
            let _ = run.history.record(
                &mut th.trace,
                "ExecutionSucceeded",
                Some((
                    "executionSucceededEventDetails",
                    json!({"output": payload_text(&v), "outputDetails": {"truncated": false}}),
                )),
            );
            (Status::Succeeded, Some(v), None, None)
        }
        Err(f) if f.is_execution_timeout() => {
            let _ = run.history.record(
                &mut th.trace,
                "ExecutionTimedOut",
                Some(("executionTimedOutEventDetails", json!({"error": f.error}))),
            );
            (Status::TimedOut, None, f.error, f.cause)
        }
        Err(f) => {
            let _ = run.history.record(
                &mut th.trace,
                "ExecutionFailed",
                Some(("executionFailedEventDetails", json!({"error": f.error, "cause": f.cause}))),
            );
            (Status::Failed, None, f.error, f.cause)
        }
    };
    let map_runs = std::mem::take(&mut *run.map_runs.lock().unwrap_or_else(|e| e.into_inner()));
    ExecutionResult { status, output, error, cause, history: run.history.snapshot(), map_runs }
}
