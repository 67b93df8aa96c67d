//! JSONata-mode data flow: `{% %}` templates evaluated with `$states` and the variables.

use lambdaform_jsonata::{Bindings, Expression};
use serde_json::{Map, Value};

use super::error::Failure;

/// `{% expr %}` → `Some("expr")`.
pub(crate) fn expression_text(s: &str) -> Option<&str> {
    s.strip_prefix("{%")?.strip_suffix("%}")
}

/// Evaluates a field whose value may contain `{% %}` strings anywhere inside it.
/// `field` names it in errors, e.g. `Output` or `Assign/result`.
pub(crate) fn evaluate(
    value: &Value,
    field: &str,
    states: &Value,
    vars: &Map<String, Value>,
) -> Result<Value, Failure> {
    match value {
        Value::String(s) => match expression_text(s) {
            Some(expr) => expression(expr, field, states, vars),
            None => Ok(value.clone()),
        },
        Value::Object(m) => {
            let mut out = Map::new();
            for (k, v) in m {
                out.insert(k.clone(), evaluate(v, &format!("{field}/{k}"), states, vars)?);
            }
            Ok(Value::Object(out))
        }
        Value::Array(a) => a
            .iter()
            .enumerate()
            .map(|(i, v)| evaluate(v, &format!("{field}[{i}]"), states, vars))
            .collect::<Result<Vec<_>, _>>()
            .map(Value::Array),
        other => Ok(other.clone()),
    }
}

/// Evaluates one expression; undefined is an error as in AWS.
pub(crate) fn expression(expr: &str, field: &str, states: &Value, vars: &Map<String, Value>) -> Result<Value, Failure> {
    let shown = expr.trim();
    let parsed = Expression::parse(expr).map_err(|e| {
        Failure::query(format!(
            "The JSONata expression '{shown}' specified for the field '{field}' is invalid: {} {}",
            e.code, e.message
        ))
    })?;
    let mut bindings = Bindings::new();
    for (k, v) in vars {
        bindings.set(k, v.clone());
    }
    bindings.set("states", states.clone());
    let input = states.get("input");
    match parsed.evaluate(input, &bindings) {
        Ok(Some(v)) => Ok(v),
        Ok(None) => Err(Failure::query(format!(
            "The JSONata expression '{shown}' specified for the field '{field}' returned nothing (undefined)."
        ))),
        Err(e) => Err(Failure::query(format!(
            "An error occurred while evaluating the JSONata expression '{shown}' specified for the field '{field}': {} {}",
            e.code, e.message
        ))),
    }
}

/// The JSONata type name AWS uses in "unexpected result type" messages.
pub(crate) fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}
