//! Pass and Succeed.

use std::sync::Arc;

use serde_json::Value;

use super::flow::{env_read, finish, finish_jsonata, input_path, output_path, states_var, Finish};
use crate::exec::error::Failure;
use crate::exec::run::{transition, Here, Run, Step, Thread};
use crate::model::{PassState, QueryLanguage, State};

pub(super) fn run(
    run: &Arc<Run>,
    state: &State,
    s: &PassState,
    here: &Here,
    input: Value,
    th: &mut Thread,
) -> Result<Step, Failure> {
    if run.language(state) == QueryLanguage::JSONata {
        let states = states_var(run, here, &input, None, None);
        let default = s.result.as_ref().unwrap_or(&input);
        let out = finish_jsonata(th, s.assign.as_ref(), s.output.as_ref(), &states, default)?;
        return Ok(transition(state, out));
    }
    let effective = input_path(run, state, here, &input, th)?;
    let result = match (&s.result, &s.parameters) {
        (Some(r), _) => r.clone(),
        (None, Some(p)) => env_read(run, here, th, None, |env| env.template(p, &effective))?,
        (None, None) => effective,
    };
    finish(run, state, here, th, &input, result, Finish { result_selector: None, result_path: &s.result_path })
}

pub(super) fn succeed(
    run: &Arc<Run>,
    state: &State,
    here: &Here,
    input: Value,
    th: &mut Thread,
) -> Result<Step, Failure> {
    if run.language(state) == QueryLanguage::JSONata {
        let states = states_var(run, here, &input, None, None);
        return finish_jsonata(th, None, state.output(), &states, &input).map(Step::End);
    }
    let effective = input_path(run, state, here, &input, th)?;
    output_path(run, state, here, effective, th).map(Step::End)
}
