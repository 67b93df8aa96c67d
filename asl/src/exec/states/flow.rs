//! Shared steps: JSONPath and JSONata result processing, Assign, Retry and Catch.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use serde_json::{json, Map, Value};

use super::super::error::Failure;
use super::super::jsonata::{self, StatesVar};
use super::super::jsonpath::Env;
use super::super::run::{transition, Here, Run, Step, Thread};
use crate::model::{Catcher, QueryLanguage, Retrier, State};
use crate::path;

/// `InputPath`: absent means `$`, `null` means `{}`.
pub(crate) fn input_path(run: &Run, state: &State, here: &Here, input: &Value, th: &Thread) -> Result<Value, Failure> {
    match state.input_path() {
        None => Ok(input.clone()),
        Some(None) => Ok(json!({})),
        Some(Some(p)) => env_read(run, here, th, None, |env| env.apply_path(p, input)),
    }
}

/// `OutputPath`: absent means `$`, `null` means `{}`.
pub(crate) fn output_path(run: &Run, state: &State, here: &Here, value: Value, th: &Thread) -> Result<Value, Failure> {
    match state.output_path() {
        None => Ok(value),
        Some(None) => Ok(json!({})),
        Some(Some(p)) => env_read(run, here, th, None, |env| env.apply_path(p, &value)),
    }
}

/// Runs `f` with a JSONPath environment for this state.
pub(crate) fn env_read<T>(
    run: &Run,
    here: &Here,
    th: &Thread,
    extra: Option<(&str, Value)>,
    f: impl FnOnce(&Env) -> Result<T, Failure>,
) -> Result<T, Failure> {
    let make_context = || run.context(here, extra.clone());
    f(&Env::new(&make_context, &th.vars))
}

/// `ResultPath`: absent means replace, `null` keeps the input, a path merges into the input.
pub(crate) fn result_path(spec: &Option<Option<String>>, input: &Value, result: Value) -> Result<Value, Failure> {
    match spec {
        None => Ok(result),
        Some(None) => Ok(input.clone()),
        Some(Some(p)) => {
            let parsed = path::parse(p).map_err(|e| Failure::runtime(e.to_string()))?;
            path::set_at(input.clone(), &parsed, result)
                .map_err(|e| Failure::in_state(super::super::error::names::RESULT_PATH_MATCH_FAILURE, e.to_string()))
        }
    }
}

/// JSONPath `Assign`: evaluated against `value` with the variables as they were before.
pub(crate) fn assign_jsonpath(
    run: &Run,
    here: &Here,
    th: &mut Thread,
    assign: Option<&Value>,
    value: &Value,
) -> Result<(), Failure> {
    let Some(assign) = assign else { return Ok(()) };
    let computed = env_read(run, here, th, None, |env| env.template(assign, value))?;
    if let Value::Object(m) = computed {
        th.vars.extend(m);
    }
    Ok(())
}

/// The `$states` of a JSONata expression, built per expression only as far as it reads it.
pub(crate) fn states_var<'a>(
    run: &'a Run,
    here: &'a Here,
    input: &'a Value,
    result: Option<&'a Value>,
    error: Option<&'a Value>,
) -> StatesVar<'a> {
    StatesVar { run, here, input, result, error_output: error, context_extra: None }
}

/// JSONata `Assign` then `Output`, both seeing the variables as they were before the state.
pub(crate) fn finish_jsonata(
    th: &mut Thread,
    assign: Option<&Value>,
    output: Option<&Value>,
    states: &StatesVar,
    default: &Value,
) -> Result<Value, Failure> {
    let new_vars = match assign {
        Some(a) => Some(evaluate_assign(a, states, &th.vars)?),
        None => None,
    };
    let out = match output {
        Some(o) => jsonata::evaluate(o, "Output", states, &th.vars)?,
        None => default.clone(),
    };
    if let Some(v) = new_vars {
        th.vars.extend(v);
    }
    Ok(out)
}

fn evaluate_assign(
    assign: &Value,
    states: &StatesVar,
    vars: &Map<String, Value>,
) -> Result<Map<String, Value>, Failure> {
    match jsonata::evaluate(assign, "Assign", states, vars)? {
        Value::Object(m) => Ok(m),
        other => Err(Failure::query(format!("Assign must be an object, but was: {other}"))),
    }
}

/// Result processing of Task, Parallel and Map (and Pass without the selector):
/// JSONPath: ResultSelector → Assign → ResultPath → OutputPath; JSONata: Assign and Output.
pub(crate) struct Finish<'a> {
    pub result_selector: Option<&'a Value>,
    pub result_path: &'a Option<Option<String>>,
}

pub(crate) fn finish(
    run: &Run,
    state: &State,
    here: &Here,
    th: &mut Thread,
    input: &Value,
    result: Value,
    f: Finish,
) -> Result<Step, Failure> {
    if run.language(state) == QueryLanguage::JSONata {
        let states = states_var(run, here, input, Some(&result), None);
        let out = finish_jsonata(th, state.assign(), state.output(), &states, &result)?;
        return Ok(transition(state, out));
    }
    let result = match f.result_selector {
        Some(sel) => env_read(run, here, th, None, |env| env.template(sel, &result))?,
        None => result,
    };
    assign_jsonpath(run, here, th, state.assign(), &result)?;
    let merged = result_path(f.result_path, input, result)?;
    let out = output_path(run, state, here, merged, th)?;
    Ok(transition(state, out))
}

/// A state whose work can fail and be retried or caught: Task, Parallel and Map.
pub(crate) trait Attempt: Sync {
    /// Its `Retry` and `Catch`.
    fn policy(&self) -> (Option<&[Retrier]>, Option<&[Catcher]>);

    /// One try of the state on its raw input, on its own copy of the thread.
    fn attempt(
        &self,
        run: &Arc<Run>,
        state: &State,
        here: &Here,
        input: &Value,
        th: &mut Thread,
    ) -> impl Future<Output = Result<Step, Failure>> + Send;
}

/// Runs `s` under its `Retry`, then its `Catch`; returns the state's step.
pub(crate) async fn with_retry_catch<S: Attempt>(
    run: &Arc<Run>,
    state: &State,
    s: &S,
    here: &Here,
    input: Value,
    th: &mut Thread,
) -> Result<Step, Failure> {
    let (retriers, catchers) = s.policy();
    let mut counts = vec![0u64; retriers.map_or(0, |r| r.len())];
    let mut here = here.clone();
    loop {
        // Each try starts from the variables as they were: a failed try's assignments are dropped.
        let mut attempt_th = th.clone();
        let result = s.attempt(run, state, &here, &input, &mut attempt_th).await;
        th.trace = attempt_th.trace;
        let failure = match result {
            Ok(step) => {
                th.vars = attempt_th.vars;
                return Ok(step);
            }
            Err(f) => here.locate(f),
        };
        if let Some(delay) = retry_delay(retriers.unwrap_or(&[]), &mut counts, &failure) {
            run.pass_time(th, delay).await?;
            here.retry_count += 1;
            continue;
        }
        return catch(run, state, &here, th, &input, catchers.unwrap_or(&[]), failure);
    }
}

/// The delay before the next attempt, or `None` when no retrier applies any more.
fn retry_delay(retriers: &[Retrier], counts: &mut [u64], failure: &Failure) -> Option<Duration> {
    let i = retriers.iter().position(|r| failure.matches(&r.error_equals))?;
    let r = &retriers[i];
    if counts[i] >= r.attempts() {
        return None;
    }
    let mut secs = r.interval() as f64 * r.rate().powi(counts[i] as i32);
    if let Some(max) = r.max_delay_seconds {
        secs = secs.min(max as f64);
    }
    if r.jitter_strategy == Some(crate::model::JitterStrategy::Full) {
        secs *= rand::random::<f64>();
    }
    counts[i] += 1;
    // A large BackoffRate can overflow to infinity; cap the delay at a year.
    Some(Duration::from_secs_f64(secs.clamp(0.0, 365.0 * 86_400.0)))
}

fn catch(
    run: &Run,
    state: &State,
    here: &Here,
    th: &mut Thread,
    input: &Value,
    catchers: &[Catcher],
    failure: Failure,
) -> Result<Step, Failure> {
    let Some(c) = catchers.iter().find(|c| failure.matches(&c.error_equals)) else {
        return Err(failure);
    };
    let error_output = failure.error_output();
    let out = if run.language(state) == QueryLanguage::JSONata {
        let states = states_var(run, here, input, None, Some(&error_output));
        finish_jsonata(th, c.assign.as_ref(), c.output.as_ref(), &states, &error_output)?
    } else {
        assign_jsonpath(run, here, th, c.assign.as_ref(), &error_output)?;
        result_path(&c.result_path, input, error_output)?
    };
    Ok(Step::Next(c.next.clone(), out))
}

/// Reads a non-negative integer field that may be given literally, by path, or as JSONata.
pub(crate) fn integer_field(
    run: &Run,
    state: &State,
    here: &Here,
    th: &Thread,
    input: &Value,
    literal: Option<&Value>,
    path_field: (&str, Option<&str>),
) -> Result<Option<i64>, Failure> {
    if let Some(v) = literal {
        let v = if run.language(state) == QueryLanguage::JSONata {
            let states = states_var(run, here, input, None, None);
            jsonata::evaluate(v, path_field.0.trim_end_matches("Path"), &states, &th.vars)?
        } else {
            v.clone()
        };
        return match v.as_i64() {
            Some(n) => Ok(Some(n)),
            None => Err(Failure::runtime(format!(
                "The {} field must be an integer but was {v}.",
                path_field.0.trim_end_matches("Path")
            ))),
        };
    }
    let Some(p) = path_field.1 else { return Ok(None) };
    let v = env_read(run, here, th, None, |env| env.apply_path(p, input))?;
    let n = match &v {
        Value::String(s) => s.trim().parse::<i64>().ok(),
        _ => v.as_i64().or_else(|| v.as_f64().filter(|f| f.fract() == 0.0).map(|f| f as i64)),
    };
    match n {
        Some(n) => Ok(Some(n)),
        None => {
            let shown = match &v {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            Err(Failure::runtime(format!(
                "The {} field refers to value \"{shown}\" which is not a valid integer: {p}",
                path_field.0
            )))
        }
    }
}
