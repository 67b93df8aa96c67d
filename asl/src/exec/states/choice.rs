//! Choice: the first matching rule picks `Next`; otherwise `Default`, else States.NoChoiceMatched.

use std::sync::Arc;

use serde_json::Value;

use super::flow::{assign_jsonpath, env_read, finish_jsonata, input_path, output_path, states_var};
use super::rules;
use crate::exec::error::{names, Failure};
use crate::exec::jsonata;
use crate::exec::run::{Here, Run, Step, Thread};
use crate::model::{ChoiceRule, ChoiceState, QueryLanguage, State};

pub(super) fn run(
    run: &Arc<Run>,
    state: &State,
    s: &ChoiceState,
    here: &Here,
    input: Value,
    th: &mut Thread,
) -> Result<Step, Failure> {
    if run.language(state) == QueryLanguage::JSONata {
        return run_jsonata(run, s, here, input, th);
    }
    let effective = input_path(run, state, here, &input, th)?;
    let mut matched: Option<&ChoiceRule> = None;
    for rule in &s.choices {
        if env_read(run, here, th, None, |env| rules::matches(rule, env, &effective))? {
            matched = Some(rule);
            break;
        }
    }
    let (next, assign) = match matched {
        Some(rule) => (rule.next.clone().unwrap_or_default(), rule.assign.as_ref()),
        None => (default_next(s)?, s.assign.as_ref()),
    };
    assign_jsonpath(run, here, th, assign, &effective)?;
    let out = output_path(run, state, here, effective, th)?;
    Ok(Step::Next(next, out))
}

fn run_jsonata(run: &Arc<Run>, s: &ChoiceState, here: &Here, input: Value, th: &mut Thread) -> Result<Step, Failure> {
    let states = states_var(run, here, &input, None, None);
    for (i, rule) in s.choices.iter().enumerate() {
        let field = format!("Choices[{i}]/Condition");
        let cond = match &rule.condition {
            Some(c) => jsonata::evaluate(c, &field, &states, &th.vars)?,
            None => Value::Bool(false),
        };
        let Value::Bool(hit) = cond else {
            return Err(Failure::query(format!(
                "The JSONata expression specified for the field '{field}' returned an unexpected result type. Expected 'boolean', but was '{}' for value: {}",
                jsonata::type_name(&cond),
                crate::exec::jsonpath::compact(&cond)
            )));
        };
        if hit {
            let (assign, output) =
                (rule.assign.as_ref().or(s.assign.as_ref()), rule.output.as_ref().or(s.output.as_ref()));
            let out = finish_jsonata(th, assign, output, &states, &input)?;
            return Ok(Step::Next(rule.next.clone().unwrap_or_default(), out));
        }
    }
    let next = default_next(s)?;
    let out = finish_jsonata(th, s.assign.as_ref(), s.output.as_ref(), &states, &input)?;
    Ok(Step::Next(next, out))
}

fn default_next(s: &ChoiceState) -> Result<String, Failure> {
    s.default.clone().ok_or_else(|| Failure::new(Some(names::NO_CHOICE_MATCHED.into()), Some("No Matches!".into())))
}
