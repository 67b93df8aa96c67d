//! One state: its type, query language, allowed fields, transition, and the fields most types share.

use serde_json::{Map, Value};

use super::fields::{self, StateType};
use super::paths::{self, PathKind};
use super::pointer::Ptr;
use super::problem::Report;
use super::scope::{Lang, Scope};
use super::{assign, choice, fail, jsonata, map, parallel, retry, task, template, values, wait};

pub(crate) fn check(v: &Value, at: &Ptr, parent: Scope, r: &mut Report) {
    let Some(state) = values::object(v, at, r) else {
        return;
    };
    let scope = Scope { lang: language(state, at, parent.lang, r), ..parent };
    let Some(t) = state_type(state, at, r) else {
        return;
    };
    for (k, field) in state {
        let here = at.key(k);
        match fields::refusal(t, scope.lang, k) {
            Some(message) => r.push(&here, message),
            None => shared_field(k, field, &here, scope, r),
        }
    }
    if t.has_next() {
        transition(t, state, at, r);
    }
    match t {
        StateType::Pass | StateType::Succeed => {}
        StateType::Task => task::check(state, at, scope, r),
        StateType::Choice => choice::check(state, at, scope, r),
        StateType::Wait => wait::check(state, at, scope, r),
        StateType::Fail => fail::check(state, at, scope, r),
        StateType::Parallel => parallel::check(state, at, scope, r),
        StateType::Map => map::check(state, at, scope, r),
    }
}

/// A state may switch to JSONata inside a JSONPath machine, but not the other way round.
fn language(state: &Map<String, Value>, at: &Ptr, inherited: Lang, r: &mut Report) -> Lang {
    let Some(v) = state.get("QueryLanguage") else {
        return inherited;
    };
    let here = at.key("QueryLanguage");
    match values::string(v, &here, r) {
        Some("JSONata") => Lang::Jsonata,
        Some("JSONPath") if inherited == Lang::Jsonata => {
            r.push(&here, "a state cannot use JSONPath when its state machine's QueryLanguage is JSONata");
            Lang::Jsonata
        }
        Some("JSONPath") => Lang::JsonPath,
        Some(other) => {
            r.push(&here, format!("must be JSONPath or JSONata, found '{other}'"));
            inherited
        }
        None => inherited,
    }
}

fn state_type(state: &Map<String, Value>, at: &Ptr, r: &mut Report) -> Option<StateType> {
    let Some(v) = state.get("Type") else {
        r.push(at, "'Type' is required");
        return None;
    };
    let here = at.key("Type");
    let name = values::string(v, &here, r)?;
    let t = StateType::parse(name);
    if t.is_none() {
        r.push(
            &here,
            format!("'{name}' is not a state type; use Pass, Task, Choice, Wait, Succeed, Fail, Parallel or Map"),
        );
    }
    t
}

/// Exactly one of `Next` and `"End": true`.
fn transition(t: StateType, state: &Map<String, Value>, at: &Ptr, r: &mut Report) {
    match (state.get("Next"), state.get("End")) {
        (Some(_), Some(_)) => r.push(at, "a state cannot have both 'Next' and 'End'"),
        (None, None) => r.push(at, format!("a {} state needs 'Next' or \"End\": true", t.name())),
        (None, Some(end)) => {
            if values::boolean(end, &at.key("End"), r) == Some(false) {
                r.push(&at.key("End"), "'End' must be true when the state has no 'Next'");
            }
        }
        (Some(_), None) => {}
    }
}

/// Fields whose meaning is the same in every state type that allows them.
fn shared_field(k: &str, v: &Value, at: &Ptr, scope: Scope, r: &mut Report) {
    match k {
        "Comment" | "Next" => {
            values::string(v, at, r);
        }
        "End" => {} // checked with Next in `transition`
        "InputPath" | "OutputPath" => nullable_path(v, at, PathKind::Any, r),
        "ResultPath" => nullable_path(v, at, PathKind::Result, r),
        "Parameters" | "ResultSelector" => template::check_object(v, at, r),
        "Arguments" => {
            if let Value::String(s) = v {
                jsonata::check_required_expression(s, at, r);
            } else if values::object(v, at, r).is_some() {
                jsonata::check_template(v, at, r);
            }
        }
        "Output" => jsonata::check_template(v, at, r),
        "Assign" => assign::check(v, at, scope, r),
        "Retry" => retry::check_retry(v, at, r),
        "Catch" => retry::check_catch(v, at, scope, r),
        _ => {} // type-specific: checked by the state type's own module
    }
}

/// `InputPath`, `OutputPath` and `ResultPath` may be null (meaning "{}" or "discard").
fn nullable_path(v: &Value, at: &Ptr, kind: PathKind, r: &mut Report) {
    if v.is_null() {
        return;
    }
    if let Some(s) = values::string(v, at, r) {
        paths::check(s, kind, at, r);
    }
}
