//! JSONPath payload templates (`Parameters`, `ResultSelector`, `ItemSelector`): fields whose names
//! end in `.$` are evaluated, so their values must be a path or an intrinsic function.

use serde_json::Value;

use super::intrinsic;
use super::paths::{self, PathKind};
use super::pointer::Ptr;
use super::problem::Report;
use super::values;

/// A template field that must be a JSON object (Parameters, ResultSelector, ItemSelector).
pub(crate) fn check_object(v: &Value, at: &Ptr, r: &mut Report) {
    if values::object(v, at, r).is_some() {
        check_payload(v, at, r);
    }
}

/// Any JSON value inside a template; only `.$` fields are evaluated.
pub(crate) fn check_payload(v: &Value, at: &Ptr, r: &mut Report) {
    match v {
        Value::Object(fields) => {
            for (k, item) in fields {
                let here = at.key(k);
                if let Some(name) = k.strip_suffix(".$") {
                    if name.is_empty() {
                        r.push(&here, "a field name needs characters before '.$'");
                    } else if fields.contains_key(name) {
                        r.push(
                            &here,
                            format!("'{name}' is also set: both fields would be named '{name}' once '.$' is stripped"),
                        );
                    }
                    check_dynamic(item, &here, r);
                } else {
                    check_payload(item, &here, r);
                }
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                check_payload(item, &at.index(i), r);
            }
        }
        Value::Null | Value::Bool(_) | Value::Number(_) | Value::String(_) => {}
    }
}

/// The value of a `.$` field (also `ErrorPath`, `CausePath`): a path or an intrinsic function.
pub(crate) fn check_dynamic(v: &Value, at: &Ptr, r: &mut Report) {
    let Some(s) = values::string(v, at, r) else {
        return;
    };
    if intrinsic::looks_like_call(s) {
        if let Some(m) = intrinsic::call_error(s) {
            r.push(at, m);
        }
    } else if s.starts_with('$') {
        paths::check(s, PathKind::Any, at, r);
    } else {
        r.push(
            at,
            format!("'{s}' must be a JSONPath starting with '$' or an intrinsic function such as States.Format(...)"),
        );
    }
}
