//! Wait states: exactly one way to say how long, and real RFC 3339 timestamps.

use serde_json::{Map, Value};

use super::paths::{self, PathKind};
use super::pointer::Ptr;
use super::problem::Report;
use super::scope::{Lang, Scope};
use super::{jsonata, timestamp, values};

const MAX_SECONDS: i64 = 99_999_999;

pub(crate) fn check(state: &Map<String, Value>, at: &Ptr, scope: Scope, r: &mut Report) {
    let choices: &[&str] = match scope.lang {
        Lang::JsonPath => &["Seconds", "Timestamp", "SecondsPath", "TimestampPath"],
        Lang::Jsonata => &["Seconds", "Timestamp"],
    };
    let present: Vec<&str> = choices.iter().copied().filter(|k| state.contains_key(*k)).collect();
    // Under JSONata a SecondsPath/TimestampPath is already refused as a field; do not add "found none".
    let refused_path =
        scope.lang == Lang::Jsonata && (state.contains_key("SecondsPath") || state.contains_key("TimestampPath"));
    if present.len() != 1 && !(present.is_empty() && refused_path) {
        let found = if present.is_empty() { "none".to_owned() } else { present.join(", ") };
        r.push(at, format!("a Wait state needs exactly one of {}; found {found}", choices.join(", ")));
    }
    for field in present {
        let (v, here) = (&state[field], at.key(field));
        match field {
            "Seconds" => {
                values::integer_or_expression(v, &here, r, scope, 0, MAX_SECONDS);
            }
            "Timestamp" => check_timestamp(v, &here, scope, r),
            _ => {
                if let Some(s) = values::string(v, &here, r) {
                    paths::check(s, PathKind::Reference, &here, r);
                }
            }
        }
    }
}

fn check_timestamp(v: &Value, at: &Ptr, scope: Scope, r: &mut Report) {
    let Some(s) = values::string(v, at, r) else {
        return;
    };
    if scope.lang == Lang::Jsonata && jsonata::body(s).is_some() {
        jsonata::check_string(s, at, r);
    } else if let Some(why) = timestamp::rfc3339_error(s) {
        r.push(at, format!("'{s}' {why}"));
    }
}
