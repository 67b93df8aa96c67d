//! Content filtering as SNS filter policies and EventBridge event patterns do it: every key of the pattern
//! must match (AND), any condition in a key's array may (OR), nested objects match nested fields, `$or`
//! takes alternatives. Conditions: exact strings, numbers and `null`, `prefix`, `suffix`,
//! `equals-ignore-case`, `anything-but` (a value, a list, or a `prefix`/`suffix`), `numeric` comparisons and
//! `exists`. A field holding an array matches when any element does (for `anything-but`: when none is
//! excluded). An absent field matches only `{"exists": false}`.

use serde_json::Value;

use crate::LocalError;

/// A checked pattern; [`Pattern::matches`] never fails.
#[derive(Debug, Clone, PartialEq)]
pub struct Pattern(Value);

const OPERATORS: &str = "prefix, suffix, equals-ignore-case, anything-but, numeric, exists";

impl Pattern {
    /// Checks a pattern; errors carry a JSON pointer into it.
    pub fn parse(pattern: &Value) -> Result<Pattern, LocalError> {
        check_object(pattern, "")?;
        Ok(Pattern(pattern.clone()))
    }

    pub fn matches(&self, document: &Value) -> bool {
        match_object(&self.0, document)
    }
}

fn check_object(pattern: &Value, at: &str) -> Result<(), LocalError> {
    let Value::Object(map) = pattern else {
        return Err(LocalError::invalid(at, "a pattern must be a JSON object"));
    };
    for (key, value) in map {
        let here = format!("{at}/{}", key.replace('~', "~0").replace('/', "~1"));
        match value {
            Value::Array(alternatives) if key == "$or" => {
                if alternatives.len() < 2 {
                    return Err(LocalError::invalid(here, "`$or` needs at least two alternatives"));
                }
                for (i, alt) in alternatives.iter().enumerate() {
                    check_object(alt, &format!("{here}/{i}"))?;
                }
            }
            Value::Array(conditions) => {
                if conditions.is_empty() {
                    return Err(LocalError::invalid(here, "an empty list of conditions matches nothing"));
                }
                for (i, c) in conditions.iter().enumerate() {
                    check_condition(c, &format!("{here}/{i}"))?;
                }
            }
            Value::Object(_) => check_object(value, &here)?,
            _ => return Err(LocalError::invalid(here, "each key must map to a list of conditions or a nested object")),
        }
    }
    Ok(())
}

fn check_condition(condition: &Value, at: &str) -> Result<(), LocalError> {
    let Value::Object(map) = condition else {
        return match condition {
            Value::Array(_) => Err(LocalError::invalid(at, "a condition cannot be a list")),
            _ => Ok(()),
        };
    };
    let mut entries = map.iter();
    let (Some((op, operand)), None) = (entries.next(), entries.next()) else {
        return Err(LocalError::invalid(at, format!("a condition object has exactly one operator: {OPERATORS}")));
    };
    let at = format!("{at}/{op}");
    match op.as_str() {
        "prefix" | "suffix" | "equals-ignore-case" if operand.is_string() => Ok(()),
        "prefix" | "suffix" | "equals-ignore-case" => Err(LocalError::invalid(at, format!("`{op}` takes a string"))),
        "exists" if operand.is_boolean() => Ok(()),
        "exists" => Err(LocalError::invalid(at, "`exists` takes true or false")),
        "anything-but" => match operand {
            Value::String(_) | Value::Number(_) => Ok(()),
            Value::Array(items) if items.iter().all(|i| i.is_string() || i.is_number()) && !items.is_empty() => Ok(()),
            Value::Object(inner)
                if inner.len() == 1 && inner.iter().all(|(k, v)| (k == "prefix" || k == "suffix") && v.is_string()) =>
            {
                Ok(())
            }
            _ => Err(LocalError::invalid(
                at,
                "`anything-but` takes a string, a number, a list of them, or {\"prefix\": ...} / {\"suffix\": ...}",
            )),
        },
        "numeric" => check_numeric(operand, &at),
        _ => Err(LocalError::invalid(at, format!("`{op}` is not a filter operator ({OPERATORS})"))),
    }
}

fn check_numeric(operand: &Value, at: &str) -> Result<(), LocalError> {
    let items = operand.as_array().map(Vec::as_slice).unwrap_or_default();
    if items.is_empty() || !items.len().is_multiple_of(2) || items.len() > 4 {
        return Err(LocalError::invalid(at, "`numeric` takes one or two pairs of an operator and a number"));
    }
    for (i, pair) in items.chunks(2).enumerate() {
        let op_ok = matches!(pair[0].as_str(), Some("=" | "<" | "<=" | ">" | ">="));
        if !op_ok {
            return Err(LocalError::invalid(format!("{at}/{}", 2 * i), "the operator must be =, <, <=, > or >="));
        }
        if !pair[1].is_number() {
            return Err(LocalError::invalid(format!("{at}/{}", 2 * i + 1), "must be a number"));
        }
    }
    Ok(())
}

fn match_object(pattern: &Value, document: &Value) -> bool {
    let Value::Object(map) = pattern else { return false };
    map.iter().all(|(key, p)| match p {
        Value::Array(alternatives) if key == "$or" => alternatives.iter().any(|alt| match_object(alt, document)),
        Value::Array(conditions) => match_field(conditions, document.get(key)),
        nested => match_object(nested, document.get(key).unwrap_or(&Value::Null)),
    })
}

fn match_field(conditions: &[Value], field: Option<&Value>) -> bool {
    let values: Vec<&Value> = match field {
        None => Vec::new(),
        Some(Value::Array(items)) => items.iter().collect(),
        Some(v) => vec![v],
    };
    conditions.iter().any(|c| match c.as_object().and_then(|m| m.iter().next()) {
        Some((op, operand)) if op == "exists" => field.is_some() == (operand == &Value::Bool(true)),
        Some((op, excluded)) if op == "anything-but" => {
            !values.is_empty() && values.iter().all(|v| !excluded_by(excluded, v))
        }
        _ => values.iter().any(|v| match_value(c, v)),
    })
}

fn excluded_by(excluded: &Value, v: &Value) -> bool {
    match excluded {
        Value::Array(items) => items.iter().any(|i| equal(i, v)),
        Value::Object(inner) => inner.iter().any(|(op, s)| match_operator(op, s, v)),
        single => equal(single, v),
    }
}

fn match_value(condition: &Value, v: &Value) -> bool {
    match condition {
        Value::Object(map) => map.iter().any(|(op, operand)| match_operator(op, operand, v)),
        literal => equal(literal, v),
    }
}

fn match_operator(op: &str, operand: &Value, v: &Value) -> bool {
    let (s, text) = (operand.as_str().unwrap_or_default(), v.as_str());
    match op {
        "prefix" => text.is_some_and(|t| t.starts_with(s)),
        "suffix" => text.is_some_and(|t| t.ends_with(s)),
        "equals-ignore-case" => text.is_some_and(|t| t.to_lowercase() == s.to_lowercase()),
        "numeric" => v.as_f64().is_some_and(|n| {
            let items = operand.as_array().map(Vec::as_slice).unwrap_or_default();
            items.chunks(2).all(|pair| {
                let bound = pair[1].as_f64().unwrap_or(f64::NAN);
                match pair[0].as_str() {
                    Some("=") => n == bound,
                    Some("<") => n < bound,
                    Some("<=") => n <= bound,
                    Some(">") => n > bound,
                    Some(">=") => n >= bound,
                    _ => false,
                }
            })
        }),
        _ => false,
    }
}

/// Numbers compare by value (`5` matches `5.0`); everything else exactly.
fn equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        _ => a == b,
    }
}
