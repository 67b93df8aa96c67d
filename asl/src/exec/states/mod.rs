//! One module per state type; `flow` holds what several share (result processing, Retry, Catch).

mod choice;
mod fail;
mod flow;
mod item_reader;
mod map;
pub(crate) mod map_run;
mod parallel;
mod pass;
mod result_writer;
mod rules;
mod task;
mod task_time;
mod tolerance;
mod wait;

use std::sync::Arc;

use serde_json::Value;

use super::error::Failure;
use super::run::{Here, Run, Step, Thread};
use crate::model::State;

/// Runs one state on its raw input.
pub(crate) async fn run_state(
    run: &Arc<Run>,
    state: &State,
    here: &Here,
    input: Value,
    th: &mut Thread,
) -> Result<Step, Failure> {
    match state {
        State::Pass(s) => pass::run(run, state, s, here, input, th),
        State::Choice(s) => choice::run(run, state, s, here, input, th),
        State::Wait(s) => wait::run(run, state, s, here, input, th).await,
        State::Succeed(_) => pass::succeed(run, state, here, input, th),
        State::Fail(s) => Err(fail::run(run, state, s, here, &input, th)),
        State::Task(s) => flow::with_retry_catch(run, state, &**s, here, input, th).await,
        State::Parallel(s) => flow::with_retry_catch(run, state, s, here, input, th).await,
        State::Map(s) => flow::with_retry_catch(run, state, &**s, here, input, th).await,
    }
}
