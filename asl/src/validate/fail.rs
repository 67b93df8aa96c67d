//! Fail states: `Error`/`Cause` as text, or computed from a path or intrinsic function.

use serde_json::{Map, Value};

use super::pointer::Ptr;
use super::problem::Report;
use super::scope::{Lang, Scope};
use super::{template, values};

pub(crate) fn check(state: &Map<String, Value>, at: &Ptr, scope: Scope, r: &mut Report) {
    for field in ["Error", "Cause"] {
        if let Some(v) = state.get(field) {
            values::string_or_expression(v, &at.key(field), r, scope);
        }
        let path_field = format!("{field}Path");
        if let (Some(v), Lang::JsonPath) = (state.get(&path_field), scope.lang) {
            template::check_dynamic(v, &at.key(&path_field), r);
            if state.contains_key(field) {
                r.push(at, format!("{field} and {path_field} cannot both be set"));
            }
        }
    }
}
