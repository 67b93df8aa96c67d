//! Map states: the item processor (a sub-machine, inline or distributed), items, concurrency,
//! failure tolerance, and the distributed-mode fields.

use serde_json::{Map, Value};

use super::machine::{self, Site};
use super::options::MachineKind;
use super::paths::{self, PathKind};
use super::pointer::Ptr;
use super::problem::Report;
use super::scope::{Lang, Scope};
use super::{distributed, jsonata, template, values};

const MAX_LABEL: usize = 40;

pub(crate) fn check(state: &Map<String, Value>, at: &Ptr, scope: Scope, r: &mut Report) {
    processor(state, at, scope, r);
    items(state, at, scope, r);
    bounded(state, "MaxConcurrency", at, scope, r, Bound::Count);
    bounded(state, "ToleratedFailureCount", at, scope, r, Bound::Count);
    bounded(state, "ToleratedFailurePercentage", at, scope, r, Bound::Percent);
    if let Some(v) = state.get("Label") {
        label(v, &at.key("Label"), r);
    }
    if state.contains_key("Parameters") && state.contains_key("ItemSelector") {
        r.push(at, "Parameters and ItemSelector cannot both be set (ItemSelector replaces Parameters)");
    }
    distributed::check(state, at, scope, r);
}

fn processor(state: &Map<String, Value>, at: &Ptr, scope: Scope, r: &mut Report) {
    let key = match (state.contains_key("ItemProcessor"), state.contains_key("Iterator")) {
        (true, true) => {
            r.push(at, "'ItemProcessor' and 'Iterator' cannot both be set");
            "ItemProcessor"
        }
        (true, false) => "ItemProcessor",
        (false, true) => "Iterator",
        (false, false) => {
            r.push(at, "'ItemProcessor' is required in a Map state");
            return;
        }
    };
    let v = &state[key];
    let here = at.key(key);
    let child = match v.get("ProcessorConfig") {
        Some(config) => processor_config(config, &here.key("ProcessorConfig"), scope, r),
        None => scope,
    };
    machine::check(v, &here, child, Site::Processor, r);
}

/// Returns the scope the iterations run in: a distributed Map's children run as their ExecutionType.
fn processor_config(v: &Value, at: &Ptr, scope: Scope, r: &mut Report) -> Scope {
    let Some(config) = values::object(v, at, r) else {
        return scope;
    };
    let mode = config.get("Mode").and_then(|m| values::string(m, &at.key("Mode"), r));
    let distributed = match mode {
        None | Some("INLINE") => false,
        Some("DISTRIBUTED") => true,
        Some(other) => {
            r.push(&at.key("Mode"), format!("must be INLINE or DISTRIBUTED, found '{other}'"));
            false
        }
    };
    if distributed && scope.runs_as == MachineKind::Express {
        r.push(&at.key("Mode"), "Express state machines do not support a DISTRIBUTED Map");
    }
    let execution = config.get("ExecutionType").and_then(|e| values::string(e, &at.key("ExecutionType"), r));
    let runs_as = match (execution, distributed) {
        (Some("STANDARD"), true) => MachineKind::Standard,
        (Some("EXPRESS"), true) => MachineKind::Express,
        (Some("STANDARD" | "EXPRESS"), false) => {
            r.push(&at.key("ExecutionType"), "ExecutionType applies only to a DISTRIBUTED Map");
            scope.runs_as
        }
        (Some(other), _) => {
            r.push(&at.key("ExecutionType"), format!("must be STANDARD or EXPRESS, found '{other}'"));
            scope.runs_as
        }
        (None, true) => {
            r.push(at, "a DISTRIBUTED Map needs 'ExecutionType' (STANDARD or EXPRESS)");
            scope.runs_as
        }
        (None, false) => scope.runs_as,
    };
    for k in config.keys() {
        if !matches!(k.as_str(), "Mode" | "ExecutionType") {
            r.push(&at.key(k), format!("unknown field '{k}' in ProcessorConfig"));
        }
    }
    Scope { runs_as, ..scope }
}

fn items(state: &Map<String, Value>, at: &Ptr, scope: Scope, r: &mut Report) {
    match scope.lang {
        Lang::JsonPath => {
            if let Some(v) = state.get("ItemsPath") {
                let here = at.key("ItemsPath");
                if let Some(s) = values::string(v, &here, r) {
                    paths::check(s, PathKind::Reference, &here, r);
                }
            }
            if let Some(v) = state.get("ItemSelector") {
                template::check_object(v, &at.key("ItemSelector"), r);
            }
        }
        Lang::Jsonata => {
            for field in ["Items", "ItemSelector"] {
                let Some(v) = state.get(field) else { continue };
                let here = at.key(field);
                match (field, v) {
                    (_, Value::String(s)) => jsonata::check_required_expression(s, &here, r),
                    ("Items", Value::Array(_)) | ("ItemSelector", Value::Object(_)) => {
                        jsonata::check_template(v, &here, r)
                    }
                    _ => {
                        let want = if field == "Items" { "an array" } else { "an object" };
                        r.push(&here, format!("must be {want} or a JSONata expression, found {}", values::kind_of(v)));
                    }
                }
            }
        }
    }
}

#[derive(Clone, Copy)]
enum Bound {
    Count,
    Percent,
}

/// A literal, a JSONata expression, or (JSONPath) a `…Path` to read it from; never both.
fn bounded(state: &Map<String, Value>, field: &str, at: &Ptr, scope: Scope, r: &mut Report, bound: Bound) {
    let path_field = format!("{field}Path");
    if let (Some(p), Lang::JsonPath) = (state.get(&path_field), scope.lang) {
        let here = at.key(&path_field);
        if let Some(s) = values::string(p, &here, r) {
            paths::check(s, PathKind::Reference, &here, r);
        }
        if state.contains_key(field) {
            r.push(at, format!("{field} and {path_field} cannot both be set"));
        }
    }
    let Some(v) = state.get(field) else { return };
    let here = at.key(field);
    match bound {
        Bound::Count => {
            values::integer_or_expression(v, &here, r, scope, 0, i64::MAX);
        }
        Bound::Percent => {
            values::number_or_expression(v, &here, r, scope, 0.0, 100.0);
        }
    }
}

/// Map Run labels appear in ARNs, so AWS limits their length and characters.
fn label(v: &Value, at: &Ptr, r: &mut Report) {
    let Some(s) = values::string(v, at, r) else { return };
    if s.is_empty() {
        r.push(at, "a Label cannot be empty");
    }
    if s.chars().count() > MAX_LABEL {
        r.push(at, format!("a Label cannot be longer than {MAX_LABEL} characters"));
    }
    if let Some(c) = s.chars().find(|c| is_forbidden_in_label(*c)) {
        r.push(at, format!("a Label cannot contain {c:?}"));
    }
}

fn is_forbidden_in_label(c: char) -> bool {
    c.is_whitespace()
        || c.is_control() // U+0000–001F and U+007F–009F
        || "<>{}[]?*\"#%\\^|~`$&,;:/".contains(c)
}
