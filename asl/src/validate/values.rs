//! Typed reads of JSON fields that report a problem, rather than fail, when the type is wrong.

use serde_json::Value;

use super::jsonata;
use super::pointer::Ptr;
use super::problem::Report;
use super::scope::{Lang, Scope};

/// "a string", "an object", ... for messages that say what was found.
pub(crate) fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "an integer",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

pub(crate) fn string<'a>(v: &'a Value, at: &Ptr, r: &mut Report) -> Option<&'a str> {
    match v {
        Value::String(s) => Some(s),
        other => {
            r.push(at, format!("must be a string, found {}", kind_of(other)));
            None
        }
    }
}

pub(crate) fn object<'a>(v: &'a Value, at: &Ptr, r: &mut Report) -> Option<&'a serde_json::Map<String, Value>> {
    match v {
        Value::Object(o) => Some(o),
        other => {
            r.push(at, format!("must be an object, found {}", kind_of(other)));
            None
        }
    }
}

pub(crate) fn array<'a>(v: &'a Value, at: &Ptr, r: &mut Report) -> Option<&'a Vec<Value>> {
    match v {
        Value::Array(a) => Some(a),
        other => {
            r.push(at, format!("must be an array, found {}", kind_of(other)));
            None
        }
    }
}

pub(crate) fn boolean(v: &Value, at: &Ptr, r: &mut Report) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(*b),
        other => {
            r.push(at, format!("must be a boolean, found {}", kind_of(other)));
            None
        }
    }
}

/// An integer within `min..=max`; floats such as `1.5` are refused (AWS's schema says integer).
pub(crate) fn integer(v: &Value, at: &Ptr, r: &mut Report, min: i64, max: i64) -> Option<i64> {
    let n = match v {
        Value::Number(n) => n,
        other => {
            r.push(at, format!("must be an integer, found {}", kind_of(other)));
            return None;
        }
    };
    let Some(i) = n.as_i64() else {
        let what = if n.is_u64() { "an integer that is too large" } else { "a number with a fraction" };
        r.push(at, format!("must be an integer, found {what}"));
        return None;
    };
    if i < min || i > max {
        r.push(at, out_of_range(min, max, i, i64::MAX));
        return None;
    }
    Some(i)
}

/// A number within `min..=max`.
pub(crate) fn number(v: &Value, at: &Ptr, r: &mut Report, min: f64, max: f64) -> Option<f64> {
    let Some(x) = v.as_f64() else {
        r.push(at, format!("must be a number, found {}", kind_of(v)));
        return None;
    };
    if x < min || x > max {
        r.push(at, out_of_range(min, max, x, f64::MAX));
        return None;
    }
    Some(x)
}

/// "must be between 1 and 100", or "must be at least 1" when there is no upper bound.
fn out_of_range<T: PartialEq + std::fmt::Display>(min: T, max: T, found: T, unbounded: T) -> String {
    if max == unbounded {
        format!("must be at least {min}, found {found}")
    } else {
        format!("must be between {min} and {max}, found {found}")
    }
}

/// Under JSONata a numeric field may instead hold a `{% %}` expression evaluated at run time.
/// Returns the literal when there is one.
pub(crate) fn integer_or_expression(
    v: &Value,
    at: &Ptr,
    r: &mut Report,
    scope: Scope,
    min: i64,
    max: i64,
) -> Option<i64> {
    if let (Lang::Jsonata, Value::String(s)) = (scope.lang, v) {
        jsonata::check_required_expression(s, at, r);
        return None;
    }
    integer(v, at, r, min, max)
}

/// Like [`integer_or_expression`] for fields that accept fractions.
pub(crate) fn number_or_expression(
    v: &Value,
    at: &Ptr,
    r: &mut Report,
    scope: Scope,
    min: f64,
    max: f64,
) -> Option<f64> {
    if let (Lang::Jsonata, Value::String(s)) = (scope.lang, v) {
        jsonata::check_required_expression(s, at, r);
        return None;
    }
    number(v, at, r, min, max)
}

/// A string field that under JSONata may also be an expression (`Error`, `Cause`, ...).
pub(crate) fn string_or_expression(v: &Value, at: &Ptr, r: &mut Report, scope: Scope) {
    if let Some(s) = string(v, at, r) {
        if scope.lang == Lang::Jsonata {
            jsonata::check_string(s, at, r);
        }
    }
}
