//! Task states: the resource, timeouts and heartbeats, and credentials.

use serde_json::{Map, Value};

use super::paths::{self, PathKind};
use super::pointer::Ptr;
use super::problem::Report;
use super::scope::{Lang, Scope};
use super::{resource, template, values};

const MAX_SECONDS: i64 = 99_999_999;

pub(crate) fn check(state: &Map<String, Value>, at: &Ptr, scope: Scope, r: &mut Report) {
    match state.get("Resource") {
        None => r.push(at, "'Resource' is required in a Task state"),
        Some(v) => check_resource(v, &at.key("Resource"), scope, r),
    }
    let timeout = seconds(state, "TimeoutSeconds", at, scope, r);
    let heartbeat = seconds(state, "HeartbeatSeconds", at, scope, r);
    if let (Some(t), Some(h)) = (timeout, heartbeat) {
        if h >= t {
            r.push(
                &at.key("HeartbeatSeconds"),
                format!("HeartbeatSeconds ({h}) must be smaller than TimeoutSeconds ({t})"),
            );
        }
    }
    if let Some(v) = state.get("Credentials") {
        credentials(v, &at.key("Credentials"), scope, r);
    }
}

fn check_resource(v: &Value, at: &Ptr, scope: Scope, r: &mut Report) {
    let Some(arn) = values::string(v, at, r) else {
        return;
    };
    if scope.substitutions && is_substitution(arn) {
        return;
    }
    for message in resource::problems(arn, scope.runs_as) {
        r.push(at, message);
    }
}

/// `${Name}`: a DefinitionSubstitutions placeholder.
fn is_substitution(s: &str) -> bool {
    s.strip_prefix("${")
        .and_then(|rest| rest.strip_suffix('}'))
        .is_some_and(|name| !name.is_empty() && !name.contains(['{', '}']))
}

/// `<field>` or `<field>Path`, never both; returns the literal number of seconds if there is one.
fn seconds(state: &Map<String, Value>, field: &str, at: &Ptr, scope: Scope, r: &mut Report) -> Option<i64> {
    let path_field = format!("{field}Path");
    let literal = state.get(field);
    if let (Some(p), Lang::JsonPath) = (state.get(&path_field), scope.lang) {
        let here = at.key(&path_field);
        if let Some(s) = values::string(p, &here, r) {
            paths::check(s, PathKind::Reference, &here, r);
        }
        if literal.is_some() {
            r.push(at, format!("{field} and {path_field} cannot both be set"));
        }
    }
    values::integer_or_expression(literal?, &at.key(field), r, scope, 1, MAX_SECONDS)
}

fn credentials(v: &Value, at: &Ptr, scope: Scope, r: &mut Report) {
    let Some(fields) = values::object(v, at, r) else {
        return;
    };
    let dynamic = scope.lang == Lang::JsonPath && fields.contains_key("RoleArn.$");
    match (fields.get("RoleArn"), dynamic) {
        (None, false) => r.push(at, "The field 'RoleArn' is required but was missing"),
        (Some(_), true) => r.push(at, "RoleArn and RoleArn.$ cannot both be set"),
        (Some(role), false) => values::string_or_expression(role, &at.key("RoleArn"), r, scope),
        (None, true) => {}
    }
    for (k, field) in fields {
        match k.as_str() {
            "RoleArn" => {}
            "RoleArn.$" if scope.lang == Lang::JsonPath => {
                template::check_dynamic(field, &at.key(k), r);
            }
            _ => r.push(&at.key(k), format!("unknown field '{k}' in Credentials; only RoleArn is allowed")),
        }
    }
}
