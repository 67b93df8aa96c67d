//! Fail states: `Error`/`Cause` as text, or computed from a path or intrinsic function.

use serde_json::{Map, Value};

use super::intrinsic;
use super::paths::{self, PathKind};
use super::pointer::Ptr;
use super::problem::Report;
use super::scope::{Lang, Scope};
use super::values;

pub(crate) fn check(state: &Map<String, Value>, at: &Ptr, scope: Scope, r: &mut Report) {
    for field in ["Error", "Cause"] {
        if let Some(v) = state.get(field) {
            values::string_or_expression(v, &at.key(field), r, scope);
        }
        let path_field = format!("{field}Path");
        if let (Some(v), Lang::JsonPath) = (state.get(&path_field), scope.lang) {
            check_source(v, &at.key(&path_field), r);
            if state.contains_key(field) {
                r.push(at, format!("{field} and {path_field} cannot both be set"));
            }
        }
    }
}

/// `ErrorPath`/`CausePath`: a reference path, or an intrinsic function that yields a string.
fn check_source(v: &Value, at: &Ptr, r: &mut Report) {
    let Some(s) = values::string(v, at, r) else {
        return;
    };
    if intrinsic::looks_like_call(s) {
        match intrinsic::call_error(s) {
            Some(m) => r.push(at, m),
            None if !intrinsic::returns_string(s) => r.push(
                at,
                format!("'{s}' does not yield a string; use States.Format, States.JsonToString or another function that returns one"),
            ),
            None => {}
        }
    } else {
        paths::check(s, PathKind::Reference, at, r);
    }
}
