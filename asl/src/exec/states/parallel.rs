//! Parallel: every branch runs concurrently on the same input; outputs are kept in branch order.

use std::sync::Arc;

use futures::future::join_all;
use serde_json::{json, Value};

use super::flow::{env_read, finish, input_path, states_var, with_retry_catch, Finish};
use crate::exec::error::Failure;
use crate::exec::jsonata;
use crate::exec::run::{run_workflow, Here, Run, Step, Thread};
use crate::model::{ParallelState, QueryLanguage, State};

pub(super) async fn run(
    run: &Arc<Run>,
    state: &State,
    s: &ParallelState,
    here: &Here,
    input: Value,
    th: &mut Thread,
) -> Result<Step, Failure> {
    let attempt = |here: Here, mut th: Thread| {
        let input = input.clone();
        async move {
            let r = attempt(run, state, s, &here, &input, &mut th).await;
            (r, th)
        }
    };
    with_retry_catch(run, state, here, th, &input, (s.retry.as_deref(), s.catch.as_deref()), attempt).await
}

async fn attempt(
    run: &Arc<Run>,
    state: &State,
    s: &ParallelState,
    here: &Here,
    input: &Value,
    th: &mut Thread,
) -> Result<Step, Failure> {
    let branch_input = if run.language(state) == QueryLanguage::JSONata {
        match &s.arguments {
            Some(a) => jsonata::evaluate(a, "Arguments", &states_var(run, here, input, None, None), &th.vars)?,
            None => input.clone(),
        }
    } else {
        let effective = input_path(run, state, here, input, th)?;
        match &s.parameters {
            Some(p) => env_read(run, here, th, None, |env| env.template(p, &effective))?,
            None => effective,
        }
    };
    run.record(th, "ParallelStateStarted", None)?;
    let runs = s.branches.iter().map(|b| {
        let child = th.clone();
        run_workflow(run.clone(), Arc::new(b.states.clone()), b.start_at.clone(), branch_input.clone(), child)
    });
    let results = join_all(runs).await;
    let mut outputs = Vec::with_capacity(results.len());
    let mut failure = None;
    for (r, child) in results {
        th.trace.now = th.trace.now.max(child.trace.now);
        match r {
            Ok(v) => outputs.push(v),
            Err(f) => {
                failure.get_or_insert(f);
            }
        }
    }
    th.trace.prev = run.history.len() as u64;
    if let Some(f) = failure {
        run.record(
            th,
            "ParallelStateFailed",
            Some(("parallelStateFailedEventDetails", json!({"error": f.error, "cause": f.cause}))),
        )?;
        return Err(f);
    }
    run.record(th, "ParallelStateSucceeded", None)?;
    finish(
        run,
        state,
        here,
        th,
        input,
        Value::Array(outputs),
        Finish { result_selector: s.result_selector.as_ref(), result_path: &s.result_path },
    )
}
