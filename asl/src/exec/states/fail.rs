//! Fail: ends the workflow with an error and a cause, given literally, by path, or as JSONata.

use std::sync::Arc;

use serde_json::Value;

use super::flow::{env_read, states_var};
use crate::exec::error::Failure;
use crate::exec::jsonata;
use crate::exec::run::{Here, Run, Thread};
use crate::model::{FailState, QueryLanguage, State};

pub(super) fn run(run: &Arc<Run>, state: &State, s: &FailState, here: &Here, input: &Value, th: &Thread) -> Failure {
    let field = |literal: &Option<Value>, path: &Option<String>, name: &str| -> Result<Option<String>, Failure> {
        if let Some(v) = literal {
            let v = if run.language(state) == QueryLanguage::JSONata {
                let states = states_var(run, here, input, None, None);
                jsonata::evaluate(v, name, &states, &th.vars)?
            } else {
                v.clone()
            };
            return Ok(Some(text(v)));
        }
        match path {
            Some(p) => {
                env_read(run, here, th, None, |env| env.dollar(&format!("{name}Path"), p, input)).map(|v| Some(text(v)))
            }
            None => Ok(None),
        }
    };
    let error = match field(&s.error, &s.error_path, "Error") {
        Ok(e) => e,
        Err(f) => return f,
    };
    match field(&s.cause, &s.cause_path, "Cause") {
        Ok(cause) => Failure::new(error, cause),
        Err(f) => f,
    }
}

fn text(v: Value) -> String {
    match v {
        Value::String(s) => s,
        other => other.to_string(),
    }
}
