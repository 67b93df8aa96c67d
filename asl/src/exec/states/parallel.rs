//! Parallel: every branch runs concurrently on the same input; outputs are kept in branch order.

use std::sync::Arc;

use futures::future::try_join_all;
use serde_json::{json, Value};

use super::flow::{env_read, finish, input_path, states_var, Attempt, Finish};
use crate::exec::abort::{AbortGuard, After};
use crate::exec::error::Failure;
use crate::exec::jsonata;
use crate::exec::run::{run_workflow, Here, Run, Step, Thread};
use crate::model::{Catcher, ParallelState, QueryLanguage, Retrier, State};

impl Attempt for ParallelState {
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
        let aborted = AbortGuard::new(run, th, After::Children, "ParallelStateAborted", None);
        let runs = s.branches.iter().map(|b| {
            let child = th.branch();
            let branch =
                run_workflow(run.clone(), Arc::new(b.states.clone()), b.start_at.clone(), branch_input.clone(), child);
            async move {
                match branch.await {
                    (Ok(v), child) => Ok((v, child)),
                    (Err(f), child) => Err((f, child)),
                }
            }
        });
        // The first failing branch ends the state; the others stop where they are, as in AWS, and the
        // Map and Parallel states running inside them record their own aborted events.
        let outputs = match try_join_all(runs).await {
            Ok(done) => done
                .into_iter()
                .map(|(v, child)| {
                    th.trace.now = th.trace.now.max(child.trace.now);
                    v
                })
                .collect(),
            Err((f, child)) => {
                th.trace.now = th.trace.now.max(child.trace.now);
                th.trace.prev = run.history.len() as u64;
                if f.is_execution_timeout() {
                    aborted.abort(th);
                    return Err(f);
                }
                aborted.disarm();
                run.record(
                    th,
                    "ParallelStateFailed",
                    Some(("parallelStateFailedEventDetails", json!({"error": f.error, "cause": f.cause}))),
                )?;
                return Err(f);
            }
        };
        aborted.disarm();
        th.trace.prev = run.history.len() as u64;
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
}
