//! The interpreter loop: runs a workflow's states one after another, recording history.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use futures::future::BoxFuture;
use indexmap::IndexMap;
use serde_json::{json, Map, Value};

use super::callback::CallbackHandle;
use super::clock::{iso, Clock};
use super::error::{names, Failure};
use super::history::{History, Trace};
use super::resolver::TaskResolver;
use super::states;
use crate::model::{QueryLanguage, State, StateMachine};

/// AWS's maximum payload size in bytes.
pub const MAX_PAYLOAD_BYTES: usize = 262_144;

pub(crate) type States = Arc<IndexMap<String, State>>;

/// What every branch of one execution shares.
pub(crate) struct Run {
    pub machine: Arc<StateMachine>,
    pub resolver: Arc<dyn TaskResolver>,
    pub clock: Clock,
    pub history: History,
    pub callbacks: CallbackHandle,
    pub store: Arc<dyn super::store::ObjectStore>,
    /// Map runs of this execution's Distributed Maps, as they finish.
    pub map_runs: std::sync::Mutex<Vec<super::states::map_run::MapRun>>,
    /// `$$.Execution` without per-state parts.
    pub execution: Value,
    /// `$$.StateMachine`.
    pub state_machine: Value,
    pub started: DateTime<Utc>,
    /// When the execution times out: its `TimeoutSeconds`, or AWS's one-year maximum duration.
    pub deadline: DateTime<Utc>,
}

/// One line of execution: where it is in history, its time, and the variables it sees.
#[derive(Clone)]
pub(crate) struct Thread {
    pub trace: Trace,
    pub vars: Map<String, Value>,
    /// The trace as of this line's last event, shared with its abort guards.
    pub tip: super::abort::Tip,
}

impl Thread {
    pub fn new(trace: Trace) -> Thread {
        Thread { trace, vars: Map::new(), tip: Arc::new(std::sync::Mutex::new(trace)) }
    }

    /// A new line of execution (a Parallel branch, a Map iteration) starting where this one is.
    pub fn branch(&self) -> Thread {
        Thread { trace: self.trace, vars: self.vars.clone(), tip: Arc::new(std::sync::Mutex::new(self.trace)) }
    }
}

/// Where the current state is, for the context object and error locations.
#[derive(Clone)]
pub(crate) struct Here {
    pub name: String,
    pub entered_id: u64,
    pub entered_time: DateTime<Utc>,
    pub retry_count: u32,
}

impl Here {
    /// Adds AWS's "An error occurred while executing the state ..." prefix to interpreter errors.
    pub fn locate(&self, mut f: Failure) -> Failure {
        if f.located {
            f.located = false;
            f.cause = Some(format!(
                "An error occurred while executing the state '{}' (entered at the event id #{}). {}",
                self.name,
                self.entered_id,
                f.cause.unwrap_or_default()
            ));
        }
        f
    }
}

/// What a state decided.
pub(crate) enum Step {
    Next(String, Value),
    End(Value),
}

impl Run {
    /// The context object `$$` for a state.
    pub fn context(&self, here: &Here, extra: Option<(&str, Value)>) -> Value {
        self.context_parts(here, extra, true)
    }

    /// The context object, without `Execution` (which holds the whole execution input) unless asked.
    pub fn context_parts(&self, here: &Here, extra: Option<(&str, Value)>, with_execution: bool) -> Value {
        let mut m = Map::new();
        if with_execution {
            m.insert("Execution".into(), self.execution.clone());
        }
        m.insert(
            "State".into(),
            json!({"EnteredTime": iso(here.entered_time), "Name": here.name, "RetryCount": here.retry_count}),
        );
        m.insert("StateMachine".into(), self.state_machine.clone());
        if let Some((k, v)) = extra {
            m.insert(k.into(), v);
        }
        Value::Object(m)
    }

    pub fn language(&self, state: &State) -> QueryLanguage {
        state.query_language().unwrap_or(self.machine.language())
    }

    /// Records an event; fails the execution once the history quota is used up.
    pub fn record(&self, th: &mut Thread, kind: &str, details: Option<(&str, Value)>) -> Result<u64, Failure> {
        let id = self.history.record(&mut th.trace, kind, details);
        super::abort::write(&th.tip, th.trace);
        id.ok_or_else(|| {
            Failure::new(
                Some(names::RUNTIME.into()),
                Some(format!(
                    "The execution reached the maximum number of history events ({}).",
                    super::history::MAX_EVENTS
                )),
            )
        })
    }

    /// Fails with States.Timeout once the execution's TimeoutSeconds has passed.
    fn check_timeout(&self, th: &mut Thread) -> Result<(), Failure> {
        th.trace.now = self.clock.observe(th.trace.now);
        if th.trace.now > self.deadline {
            return Err(Failure::execution_timeout());
        }
        Ok(())
    }

    /// Lets `d` pass on this thread (Wait, retry backoff). On virtual time, time stops at the execution's
    /// deadline and the execution times out there, not at the end of the wait.
    pub async fn pass_time(&self, th: &mut Thread, d: std::time::Duration) -> Result<(), Failure> {
        let until = self.clock.sleep(th.trace.now, d).await;
        if !self.clock.is_real() && until > self.deadline {
            th.trace.now = self.deadline;
            return Err(Failure::execution_timeout());
        }
        th.trace.now = until;
        Ok(())
    }
}

/// Runs a workflow from `start` until it ends; returns the thread so callers see its trace.
pub(crate) fn run_workflow(
    run: Arc<Run>,
    states: States,
    start: String,
    input: Value,
    mut th: Thread,
) -> BoxFuture<'static, (Result<Value, Failure>, Thread)> {
    Box::pin(async move {
        let mut current = start;
        let mut input = input;
        loop {
            if let Err(f) = run.check_timeout(&mut th) {
                return (Err(f), th);
            }
            let Some(state) = states.get(&current) else {
                return (Err(Failure::new(Some(names::RUNTIME.into()), Some(format!("No such state: {current}")))), th);
            };
            match run_one(&run, &current, state, input, &mut th).await {
                Ok(Step::Next(next, output)) => {
                    current = next;
                    input = output;
                }
                Ok(Step::End(output)) => return (Ok(output), th),
                Err(f) => return (Err(f), th),
            }
        }
    })
}

async fn run_one(run: &Arc<Run>, name: &str, state: &State, input: Value, th: &mut Thread) -> Result<Step, Failure> {
    th.trace.now = run.clock.observe(th.trace.now);
    let entered_id = run.record(
        th,
        &format!("{}StateEntered", state.type_name()),
        Some((
            "stateEnteredEventDetails",
            json!({"name": name, "input": payload_text(&input), "inputDetails": {"truncated": false}}),
        )),
    )?;
    let here = Here { name: name.to_string(), entered_id, entered_time: th.trace.now, retry_count: 0 };
    let step = states::run_state(run, state, &here, input, th).await.map_err(|f| here.locate(f))?;
    let output = match &step {
        Step::Next(_, v) | Step::End(v) => v,
    };
    check_size(name, output)?;
    th.trace.now = run.clock.observe(th.trace.now);
    run.record(
        th,
        &format!("{}StateExited", state.type_name()),
        Some((
            "stateExitedEventDetails",
            json!({"name": name, "output": payload_text(output), "outputDetails": {"truncated": false}}),
        )),
    )?;
    Ok(step)
}

/// States.DataLimitExceeded when a payload is over AWS's quota.
pub(crate) fn check_size(name: &str, payload: &Value) -> Result<(), Failure> {
    if payload_text(payload).len() > MAX_PAYLOAD_BYTES {
        return Err(Failure::new(
            Some(names::DATA_LIMIT_EXCEEDED.into()),
            Some(format!(
                "The state/task '{name}' returned a result with a size exceeding the maximum number of bytes service limit."
            )),
        ));
    }
    Ok(())
}

/// A payload as the string AWS stores in history events.
pub(crate) fn payload_text(v: &Value) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

/// The transition after a state that has `Next` or `End`.
pub(crate) fn transition(state: &State, output: Value) -> Step {
    match state.next() {
        Some(n) => Step::Next(n.to_string(), output),
        None => Step::End(output),
    }
}
