//! JSONata-mode data flow: `{% %}` templates evaluated with `$states` and the variables.

use lambdaform_jsonata::{Bindings, Expression};
use serde_json::{Map, Value};

use super::error::Failure;
use super::jsonata_reads::{mentions, reads_input, Reads};
use super::run::{Here, Run};

/// `$states` for JSONata expressions. Its parts are copied into each evaluation only when the
/// expression's text reads them: `context.Execution` holds the whole execution input and a Map's
/// `input` all its items, so building them for every expression made a Map over n items cost O(n²),
/// as the JSONPath context object once did.
pub(crate) struct StatesVar<'a> {
    pub run: &'a Run,
    pub here: &'a Here,
    pub input: &'a Value,
    pub result: Option<&'a Value>,
    pub error_output: Option<&'a Value>,
    /// A part of the context object only this state has (`Task` with its token, `Map` with the item).
    pub context_extra: Option<(&'a str, Value)>,
}

impl<'a> StatesVar<'a> {
    pub fn with_context(mut self, extra: Option<(&'a str, Value)>) -> Self {
        self.context_extra = extra;
        self
    }

    /// The `$states` object with the parts `expr` may read.
    fn build(&self, expr: &str) -> Option<Value> {
        let reads = Reads::of(expr)?;
        let mut m = Map::new();
        if reads.input {
            m.insert("input".into(), self.input.clone());
        }
        if reads.context {
            let context = self.run.context_parts(self.here, self.context_extra.clone(), reads.execution);
            m.insert("context".into(), context);
        }
        if let (true, Some(r)) = (reads.result, self.result) {
            m.insert("result".into(), r.clone());
        }
        if let (true, Some(e)) = (reads.error_output, self.error_output) {
            m.insert("errorOutput".into(), e.clone());
        }
        Some(Value::Object(m))
    }
}

/// `{% expr %}` → `Some("expr")`.
pub(crate) fn expression_text(s: &str) -> Option<&str> {
    s.strip_prefix("{%")?.strip_suffix("%}")
}

/// Evaluates a field whose value may contain `{% %}` strings anywhere inside it.
/// `field` names it in errors, e.g. `Output` or `Assign/result`.
pub(crate) fn evaluate(
    value: &Value,
    field: &str,
    states: &StatesVar,
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
pub(crate) fn expression(
    expr: &str,
    field: &str,
    states: &StatesVar,
    vars: &Map<String, Value>,
) -> Result<Value, Failure> {
    let shown = expr.trim();
    let parsed = Expression::parse(expr).map_err(|e| {
        Failure::query(format!(
            "The JSONata expression '{shown}' specified for the field '{field}' is invalid: {} {}",
            e.code, e.message
        ))
    })?;
    // Only what the text names is copied in: the engine converts every binding on each evaluation.
    let mut bindings = Bindings::new();
    for (k, v) in vars.iter().filter(|(k, _)| mentions(expr, k)) {
        bindings.set(k, v.clone());
    }
    if let Some(states) = states.build(expr) {
        bindings.set("states", states);
    }
    // `$` is the state input too; the engine converts it on each evaluation, so only when it may be read.
    let input = reads_input(expr).then_some(states.input);
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
