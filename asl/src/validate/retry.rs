//! `Retry` and `Catch`: error matching, retry bounds, and catcher transitions.

use serde_json::{Map, Value};

use super::assign;
use super::jsonata;
use super::paths::{self, PathKind};
use super::pointer::Ptr;
use super::problem::Report;
use super::scope::{Lang, Scope};
use super::values;

const ALL: &str = "States.ALL";

/// Error names Step Functions itself raises; other `States.` names are reserved and never match.
const PREDEFINED: &[&str] = &[
    "States.ALL",
    "States.BranchFailed",
    "States.DataLimitExceeded",
    "States.ExceedToleratedFailureThreshold",
    "States.HeartbeatTimeout",
    "States.Http.Socket",
    "States.IntrinsicFailure",
    "States.ItemReaderFailed",
    "States.NoChoiceMatched",
    "States.ParameterPathFailure",
    "States.Permissions",
    "States.QueryEvaluationError",
    "States.ResultPathMatchFailure",
    "States.ResultWriterFailed",
    "States.Runtime",
    "States.TaskFailed",
    "States.Timeout",
];

/// AWS's upper bound for second counts and attempts.
const MAX_COUNT: i64 = 99_999_999;
/// `MaxDelaySeconds` may not exceed one year (366 days).
const MAX_DELAY: i64 = 31_622_400;

pub(crate) fn check_retry(v: &Value, at: &Ptr, r: &mut Report) {
    check_list(v, at, r, |rule, at, r| {
        for (k, field) in rule {
            let here = at.key(k);
            match k.as_str() {
                "ErrorEquals" => {}
                "Comment" => {
                    values::string(field, &here, r);
                }
                "IntervalSeconds" => {
                    values::integer(field, &here, r, 1, MAX_COUNT);
                }
                "MaxAttempts" => {
                    values::integer(field, &here, r, 0, MAX_COUNT);
                }
                "BackoffRate" => {
                    values::number(field, &here, r, 1.0, f64::MAX);
                }
                "MaxDelaySeconds" => {
                    values::integer(field, &here, r, 1, MAX_DELAY);
                }
                "JitterStrategy" => {
                    if let Some(s) = values::string(field, &here, r) {
                        if !matches!(s, "FULL" | "NONE") {
                            r.push(&here, format!("must be FULL or NONE, found '{s}'"));
                        }
                    }
                }
                _ => r.push(&here, format!("unknown field '{k}' in a retrier")),
            }
        }
    });
}

pub(crate) fn check_catch(v: &Value, at: &Ptr, scope: Scope, r: &mut Report) {
    check_list(v, at, r, |rule, at, r| {
        if !rule.contains_key("Next") {
            r.push(at, "a catcher needs 'Next'");
        }
        for (k, field) in rule {
            let here = at.key(k);
            match (k.as_str(), scope.lang) {
                ("ErrorEquals", _) => {}
                ("Comment" | "Next", _) => {
                    values::string(field, &here, r);
                }
                ("Assign", _) => assign::check(field, &here, scope, r),
                ("ResultPath", Lang::JsonPath) => {
                    if !field.is_null() {
                        if let Some(s) = values::string(field, &here, r) {
                            paths::check(s, PathKind::Result, &here, r);
                        }
                    }
                }
                ("Output", Lang::Jsonata) => jsonata::check_template(field, &here, r),
                ("ResultPath" | "Output", lang) => r.push(
                    &here,
                    format!("field '{k}' is not supported in a catcher when the query language is {}", lang.name()),
                ),
                _ => r.push(&here, format!("unknown field '{k}' in a catcher")),
            }
        }
    });
}

/// Shared by both lists: objects with a well-formed `ErrorEquals`, and `States.ALL` last and alone.
fn check_list(v: &Value, at: &Ptr, r: &mut Report, mut each: impl FnMut(&Map<String, Value>, &Ptr, &mut Report)) {
    let Some(rules) = values::array(v, at, r) else {
        return;
    };
    for (i, rule) in rules.iter().enumerate() {
        let here = at.index(i);
        let Some(fields) = values::object(rule, &here, r) else {
            continue;
        };
        match fields.get("ErrorEquals") {
            None => r.push(&here, "'ErrorEquals' is required"),
            Some(errors) => {
                let has_all = check_error_equals(errors, &here.key("ErrorEquals"), r);
                if has_all && i + 1 != rules.len() {
                    r.push(&here.key("ErrorEquals"), "States.ALL must appear only in the last rule");
                }
            }
        }
        each(fields, &here, r);
    }
}

/// Returns whether the list contains `States.ALL`.
fn check_error_equals(v: &Value, at: &Ptr, r: &mut Report) -> bool {
    let Some(errors) = values::array(v, at, r) else {
        return false;
    };
    if errors.is_empty() {
        r.push(at, "must name at least one error");
    }
    let mut has_all = false;
    for (i, e) in errors.iter().enumerate() {
        let here = at.index(i);
        let Some(name) = values::string(e, &here, r) else {
            continue;
        };
        if name.is_empty() {
            r.push(&here, "an error name cannot be empty");
        } else if name == ALL {
            has_all = true;
            if errors.len() > 1 {
                r.push(&here, "States.ALL must be the only error in its ErrorEquals");
            }
        } else if name.starts_with("States.") && !PREDEFINED.contains(&name) {
            r.push(&here, format!("'{name}' is not a predefined error; names starting with 'States.' are reserved"));
        }
    }
    has_all
}
