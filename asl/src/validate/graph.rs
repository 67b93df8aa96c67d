//! Transitions within one machine: every target exists, every state is reachable from StartAt,
//! and some state ends the execution.

use std::collections::{BTreeSet, VecDeque};

use serde_json::{Map, Value};

use super::pointer::Ptr;
use super::problem::Report;

pub(crate) fn check(states: &Map<String, Value>, start_at: Option<&str>, at: &Ptr, r: &mut Report) {
    for (name, state) in states {
        for (target, field) in edges(state, &at.key(name)) {
            if !states.contains_key(target) {
                r.push(&field, format!("'{target}' is not a state in this machine"));
            }
        }
    }
    if !states.values().any(is_terminal) && !states.is_empty() {
        r.push(at, "no state ends the execution: add a Succeed or Fail state, or \"End\": true");
    }
    let Some(start) = start_at.filter(|s| states.contains_key(*s)) else {
        return; // a missing or unknown StartAt is reported once, by the machine
    };
    let mut seen = BTreeSet::from([start]);
    let mut queue = VecDeque::from([start]);
    while let Some(name) = queue.pop_front() {
        for (target, _) in edges(&states[name], &Ptr::root()) {
            if states.contains_key(target) && seen.insert(target) {
                queue.push_back(target);
            }
        }
    }
    for name in states.keys() {
        if !seen.contains(name.as_str()) {
            r.push(&at.key(name), format!("state '{name}' can never be reached from StartAt"));
        }
    }
}

fn is_terminal(state: &Value) -> bool {
    matches!(state.get("Type").and_then(Value::as_str), Some("Succeed" | "Fail"))
        || state.get("End") == Some(&Value::Bool(true))
}

/// Every state name this state can move to, with the pointer of the field that names it.
fn edges<'a>(state: &'a Value, at: &Ptr) -> Vec<(&'a str, Ptr)> {
    let mut out = Vec::new();
    for field in ["Next", "Default"] {
        if let Some(target) = state.get(field).and_then(Value::as_str) {
            out.push((target, at.key(field)));
        }
    }
    for list in ["Choices", "Catch"] {
        let Some(rules) = state.get(list).and_then(Value::as_array) else {
            continue;
        };
        for (i, rule) in rules.iter().enumerate() {
            if let Some(target) = rule.get("Next").and_then(Value::as_str) {
                out.push((target, at.key(list).index(i).key("Next")));
            }
        }
    }
    out
}
