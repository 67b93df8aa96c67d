//! A state machine or sub-machine (Parallel branch, Map processor): StartAt, States, names, and
//! top-level settings.

use serde_json::{Map, Value};

use super::pointer::Ptr;
use super::problem::Report;
use super::scope::{Lang, Scope};
use super::{graph, state, values};

/// State names are capped at 80 characters by AWS.
const MAX_STATE_NAME: usize = 80;
const MAX_TIMEOUT: i64 = 99_999_999;

/// Where a machine sits; each place allows different top-level fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Site {
    Top,
    Branch,
    Processor,
}

impl Site {
    fn allows(self, field: &str) -> bool {
        match field {
            "StartAt" | "States" | "Comment" => true,
            "Version" | "TimeoutSeconds" | "QueryLanguage" => self == Site::Top,
            "ProcessorConfig" => self == Site::Processor,
            _ => false,
        }
    }
}

pub(crate) fn check(v: &Value, at: &Ptr, inherited: Scope, site: Site, r: &mut Report) {
    let Some(machine) = values::object(v, at, r) else {
        return;
    };
    let mut scope = inherited;
    for (k, field) in machine {
        let here = at.key(k);
        match k.as_str() {
            _ if !site.allows(k) => r.push(&here, format!("unknown field '{k}' here")),
            "Comment" => {
                values::string(field, &here, r);
            }
            "Version" => {
                let version = values::string(field, &here, r);
                if version.is_some_and(|s| s != "1.0") {
                    r.push(&here, "the only ASL version is \"1.0\"");
                }
            }
            "TimeoutSeconds" => {
                values::integer(field, &here, r, 1, MAX_TIMEOUT);
            }
            "QueryLanguage" => match values::string(field, &here, r) {
                Some("JSONPath") => scope.lang = Lang::JsonPath,
                Some("JSONata") => scope.lang = Lang::Jsonata,
                Some(other) => r.push(&here, format!("must be JSONPath or JSONata, found '{other}'")),
                None => {}
            },
            _ => {} // StartAt, States, ProcessorConfig: below, or by the Map state
        }
    }
    let start_at = match machine.get("StartAt") {
        None => {
            r.push(at, "'StartAt' is required");
            None
        }
        Some(s) => values::string(s, &at.key("StartAt"), r),
    };
    let Some(states_value) = machine.get("States") else {
        r.push(at, "'States' is required");
        return;
    };
    let states_at = at.key("States");
    let Some(states) = values::object(states_value, &states_at, r) else {
        return;
    };
    if states.is_empty() {
        r.push(&states_at, "a state machine needs at least one state");
    }
    if let Some(start) = start_at {
        if !states.is_empty() && !states.contains_key(start) {
            r.push(&at.key("StartAt"), format!("StartAt names '{start}', which is not a state in States"));
        }
    }
    check_states(states, &states_at, scope, r);
    graph::check(states, start_at, &states_at, r);
}

fn check_states(states: &Map<String, Value>, at: &Ptr, scope: Scope, r: &mut Report) {
    for (name, v) in states {
        let here = at.key(name);
        if name.is_empty() {
            r.push(&here, "a state name cannot be empty");
        } else if name.chars().count() > MAX_STATE_NAME {
            r.push(&here, format!("state name is longer than {MAX_STATE_NAME} characters"));
        }
        if let Some(first) = r.claim_state_name(name, &here) {
            r.push(
                &here,
                format!(
                    "state name '{name}' is already used at {first}; names must be unique in the whole state machine"
                ),
            );
        }
        state::check(v, &here, scope, r);
    }
}
