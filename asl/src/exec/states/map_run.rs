//! A Distributed Map's map run: every item (or batch) runs as a child execution with its own ARN,
//! context object and history; the parent records `MapRunStarted` and `MapRunSucceeded` / `MapRunFailed`.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use futures::stream::{self, StreamExt};
use serde_json::{json, Value};

use super::result_writer;
use super::tolerance::Tolerance;
use crate::exec::clock::Clock;
use crate::exec::error::Failure;
use crate::exec::execution::{execute, new_run, ExecutionResult, RunSpec, Status, ACCOUNT, REGION};
use crate::exec::history::Trace;
use crate::exec::run::{Here, Run, Thread};
use crate::model::{ExecutionType, ItemProcessor, MapState, StateMachine};

/// One map run of a Distributed Map state.
#[derive(Debug, Clone, PartialEq)]
pub struct MapRun {
    /// `arn:aws:states:<region>:<account>:mapRun:<machine>/<label>:<uuid>`.
    pub arn: String,
    /// The Map state's name.
    pub state_name: String,
    /// Child executions in item order; those never started are absent.
    pub executions: Vec<ChildExecution>,
}

/// One child execution of a map run.
#[derive(Debug, Clone, PartialEq)]
pub struct ChildExecution {
    /// `arn:aws:states:<region>:<account>:execution:<machine>/<label>:<uuid>` (`express:` for Express).
    pub arn: String,
    pub name: String,
    /// The item's index in the map run.
    pub index: usize,
    pub input: Value,
    pub result: ExecutionResult,
}

/// What the Map state decided before its map run.
pub(super) struct Plan<'a> {
    pub state: &'a MapState,
    pub processor: &'a ItemProcessor,
    pub tolerance: Tolerance,
    pub limit: usize,
    /// The state's raw and effective input, for `ResultWriter` parameters.
    pub inputs: (&'a Value, &'a Value),
}

/// Child executions started and not yet finished, by item index, with their input.
type Running = BTreeMap<usize, (Arc<Run>, Value)>;

/// AWS's maximum duration of an Express execution.
const EXPRESS_SECONDS: i64 = 300;

/// Runs the map run; returns the state's result (outputs in item order, or the `ResultWriter` manifest
/// reference) and the Map's failure, if any.
pub(super) async fn run(
    run: &Arc<Run>,
    here: &Here,
    th: &mut Thread,
    plan: Plan<'_>,
    items: Vec<Value>,
) -> Result<(Value, Option<Failure>), Failure> {
    let parent_name = run.state_machine["Name"].as_str().unwrap_or_default().to_string();
    let label = plan.label(&here.name);
    let run_id = uuid::Uuid::new_v4().to_string();
    let arn = format!("arn:aws:states:{REGION}:{ACCOUNT}:mapRun:{parent_name}/{label}:{run_id}");
    run.record(th, "MapRunStarted", Some(("mapRunStartedEventDetails", json!({"mapRunArn": arn}))))?;

    let express =
        plan.processor.processor_config.as_ref().and_then(|c| c.execution_type) == Some(ExecutionType::Express);
    let child_machine = Arc::new(StateMachine {
        start_at: plan.processor.start_at.clone(),
        states: plan.processor.states.clone(),
        query_language: plan.processor.query_language.or(run.machine.query_language),
        ..Default::default()
    });
    let kind = if express { "express" } else { "execution" };
    // Children still running when the map run fails are reported ABORTED; they register here.
    let running: Arc<Mutex<Running>> = Arc::default();
    let total = items.len();
    let start = th.trace.now;
    let children = items.into_iter().enumerate().map(|(index, input)| {
        let (run, machine, running) = (run.clone(), child_machine.clone(), running.clone());
        let name = uuid::Uuid::new_v4().to_string();
        let machine_name = format!("{parent_name}/{label}");
        async move {
            let clock = if run.clock.is_real() { Clock::Real } else { Clock::Virtual(start) };
            let started = clock.start();
            let express_end = started + chrono::Duration::seconds(EXPRESS_SECONDS);
            let child = Arc::new(new_run(RunSpec {
                machine,
                resolver: run.resolver.clone(),
                store: run.store.clone(),
                callbacks: run.callbacks.clone(),
                clock,
                started,
                execution_arn: format!("arn:aws:states:{REGION}:{ACCOUNT}:{kind}:{machine_name}:{name}"),
                name: name.clone(),
                machine_name,
                input: &input,
                deadline: Some(if express { run.deadline.min(express_end) } else { run.deadline }),
            }));
            running.lock().unwrap_or_else(|e| e.into_inner()).insert(index, (child.clone(), input.clone()));
            let result = execute(child.clone(), input.clone()).await;
            running.lock().unwrap_or_else(|e| e.into_inner()).remove(&index);
            let arn = child.execution["Id"].as_str().unwrap_or_default().to_string();
            ChildExecution { arn, name, index, input, result }
        }
    });
    let mut results = stream::iter(children).buffer_unordered(plan.limit);
    let mut done: Vec<ChildExecution> = Vec::with_capacity(total);
    let (mut failed, mut failure) = (0usize, None);
    while let Some(child) = results.next().await {
        if let Some(end) = child.result.history.last().map(|e| e.timestamp) {
            th.trace.now = th.trace.now.max(end);
        }
        let status = child.result.status;
        done.push(child);
        match status {
            Status::Succeeded => {}
            // A child cut by the parent's own deadline means the parent times out.
            Status::TimedOut if th.trace.now >= run.deadline => {
                failure = Some(Failure::execution_timeout());
                break;
            }
            _ => {
                failed += 1;
                // Without a threshold a Distributed Map tolerates no failure, and says so.
                if !plan.tolerance.allows(failed) {
                    failure = Some(Tolerance::exceeded());
                    break;
                }
            }
        }
    }
    drop(results);
    let stopped = std::mem::take(&mut *running.lock().unwrap_or_else(|e| e.into_inner()));
    done.extend(stopped.into_iter().map(|(index, (child, input))| aborted(index, &child, input)));
    done.sort_by_key(|c| c.index);

    let result = match &plan.state.result_writer {
        Some(writer) if writer.resource.is_some() => {
            result_writer::write(run, here, th, writer, plan.inputs, &arn, &run_id, &done).await?
        }
        _ => Value::Array(done.iter().filter_map(child_output).collect()),
    };
    th.trace.prev = run.history.len() as u64;
    match &failure {
        Some(f) => run.record(
            th,
            "MapRunFailed",
            Some(("mapRunFailedEventDetails", json!({"error": f.error, "cause": f.cause}))),
        )?,
        None => run.record(th, "MapRunSucceeded", None)?,
    };
    run.map_runs.lock().unwrap_or_else(|e| e.into_inner()).push(MapRun {
        arn,
        state_name: here.name.clone(),
        executions: done,
    });
    Ok((result, failure))
}

impl Plan<'_> {
    /// The map run's label: the state's `Label`, or its name.
    fn label(&self, state_name: &str) -> String {
        self.state.label.clone().unwrap_or_else(|| state_name.to_string())
    }
}

/// A child's entry in the Map's output: its output, or `{"Error", "Cause"}` for a tolerated failure.
fn child_output(c: &ChildExecution) -> Option<Value> {
    match c.result.status {
        Status::Succeeded => c.result.output.clone(),
        Status::Failed | Status::TimedOut => {
            Some(Failure::new(c.result.error.clone(), c.result.cause.clone()).error_output())
        }
        Status::Aborted => None,
    }
}

/// A child stopped mid-way: `ExecutionAborted` closes its history.
fn aborted(index: usize, child: &Run, input: Value) -> ChildExecution {
    let mut history = child.history.snapshot();
    if let Some(last) = history.last() {
        let mut trace = Trace { prev: last.id, now: last.timestamp };
        if child.history.record(&mut trace, "ExecutionAborted", None).is_some() {
            history = child.history.snapshot();
        }
    }
    let name = child.execution["Name"].as_str().unwrap_or_default().to_string();
    let arn = child.execution["Id"].as_str().unwrap_or_default().to_string();
    let result =
        ExecutionResult { status: Status::Aborted, output: None, error: None, cause: None, history, map_runs: vec![] };
    ChildExecution { arn, name, index, input, result }
}
