//! `{% … %}` JSONata expressions, parsed with lambdaform-jsonata so syntax errors surface before deploy.

use serde_json::Value;

use super::pointer::Ptr;
use super::problem::Report;

const OPEN: &str = "{%";
const CLOSE: &str = "%}";

/// The expression text between `{%` and `%}`, when `s` is a JSONata expression string.
pub(crate) fn body(s: &str) -> Option<&str> {
    s.strip_prefix(OPEN)?.strip_suffix(CLOSE)
}

/// A string where JSONata is evaluated: parse it if it is an expression; a string opened with
/// `{%` but not closed with `%}` is almost surely a typo that would silently become a literal.
pub(crate) fn check_string(s: &str, at: &Ptr, r: &mut Report) {
    match body(s) {
        Some(expr) => check_body(expr, at, r),
        None if s.starts_with(OPEN) => {
            r.push(at, "a JSONata expression that starts with '{%' must end with '%}'");
        }
        None => {}
    }
}

/// A field that, when a string, can only be an expression (e.g. `TimeoutSeconds` under JSONata).
pub(crate) fn check_required_expression(s: &str, at: &Ptr, r: &mut Report) {
    match body(s) {
        Some(expr) => check_body(expr, at, r),
        None => r.push(
            at,
            format!(
                "must be a JSONata expression '{{% … %}}' or a literal of the field's type, found the string '{s}'"
            ),
        ),
    }
}

fn check_body(expr: &str, at: &Ptr, r: &mut Report) {
    if expr.trim().is_empty() {
        r.push(at, "empty JSONata expression");
        return;
    }
    if let Err(e) = lambdaform_jsonata::Expression::parse(expr) {
        let place = e.position.map(|p| format!(" (at character {p} of the expression)")).unwrap_or_default();
        r.push(at, format!("invalid JSONata expression: {} {}{place}", e.code, e.message));
    }
}

/// A JSONata state's `Arguments`, `Output`, `Assign` values, ...: any JSON whose strings may be
/// expressions. Keys ending in `.$` are JSONPath syntax and do nothing under JSONata.
pub(crate) fn check_template(v: &Value, at: &Ptr, r: &mut Report) {
    match v {
        Value::String(s) => check_string(s, at, r),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                check_template(item, &at.index(i), r);
            }
        }
        Value::Object(fields) => {
            for (k, item) in fields {
                let here = at.key(k);
                if k.ends_with(".$") {
                    r.push(&here, format!("field names ending in '.$' are JSONPath syntax; under JSONata write '{}' with a '{{% … %}}' value", k.trim_end_matches(".$")));
                }
                check_template(item, &here, r);
            }
        }
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}
