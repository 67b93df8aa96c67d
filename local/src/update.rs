//! DynamoDB `UpdateExpression`s on top-level attributes: `SET a = :v, b = b + :n, c = if_not_exists(c, :z)`
//! and `REMOVE d, #e`, with `ExpressionAttributeNames` and `ExpressionAttributeValues`.

use serde_json::{Map, Value};

use crate::dynamodb::Item;
use crate::LocalError;

/// One action of a checked expression.
#[derive(Debug, Clone, PartialEq)]
enum Action {
    Set(String, Operand),
    Remove(String),
}

#[derive(Debug, Clone, PartialEq)]
enum Operand {
    Value(Value),
    /// `attr + :v` or `attr - :v` on numbers.
    Arithmetic {
        attribute: String,
        plus: bool,
        value: Value,
    },
    /// `if_not_exists(attr, :v)`.
    IfNotExists {
        attribute: String,
        value: Value,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Update(Vec<Action>);

fn invalid(message: impl Into<String>) -> LocalError {
    LocalError::invalid("/UpdateExpression", message)
}

impl Update {
    pub fn parse(
        expression: &str,
        names: &Map<String, Value>,
        values: &Map<String, Value>,
    ) -> Result<Update, LocalError> {
        let name = |token: &str| -> Result<String, LocalError> {
            let token = token.trim();
            if token.starts_with('#') {
                return names
                    .get(token)
                    .and_then(Value::as_str)
                    .map(String::from)
                    .ok_or_else(|| invalid(format!("`{token}` is not in ExpressionAttributeNames")));
            }
            if token.is_empty() || !token.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                return Err(invalid(format!("`{token}` is not an attribute name (nested paths are not emulated)")));
            }
            Ok(token.to_string())
        };
        let value = |token: &str| -> Result<Value, LocalError> {
            let token = token.trim();
            values.get(token).cloned().ok_or_else(|| invalid(format!("`{token}` is not in ExpressionAttributeValues")))
        };
        let mut actions = Vec::new();
        for (keyword, body) in clauses(expression)? {
            for item in split_top_level(&body) {
                match keyword.as_str() {
                    "SET" => {
                        let (target, operand) =
                            item.split_once('=').ok_or_else(|| invalid(format!("`{item}` needs `=`")))?;
                        let operand = operand.trim();
                        let parsed = if let Some(args) =
                            operand.strip_prefix("if_not_exists(").and_then(|o| o.strip_suffix(')'))
                        {
                            let (a, v) = args
                                .split_once(',')
                                .ok_or_else(|| invalid("if_not_exists takes an attribute and a value"))?;
                            Operand::IfNotExists { attribute: name(a)?, value: value(v)? }
                        } else if let Some((a, v)) = operand.split_once('+') {
                            Operand::Arithmetic { attribute: name(a)?, plus: true, value: value(v)? }
                        } else if let Some((a, v)) = operand.split_once('-') {
                            Operand::Arithmetic { attribute: name(a)?, plus: false, value: value(v)? }
                        } else {
                            Operand::Value(value(operand)?)
                        };
                        actions.push(Action::Set(name(target)?, parsed));
                    }
                    "REMOVE" => actions.push(Action::Remove(name(&item)?)),
                    other => return Err(invalid(format!("`{other}` clauses are not emulated (SET and REMOVE are)"))),
                }
            }
        }
        if actions.is_empty() {
            return Err(invalid("the expression has no action"));
        }
        Ok(Update(actions))
    }

    /// The item after the update; `item` is the current one (or just its key when it did not exist).
    pub fn apply(&self, item: &Item) -> Result<Item, LocalError> {
        let mut out = item.clone();
        for action in &self.0 {
            match action {
                Action::Remove(a) => {
                    out.remove(a);
                }
                Action::Set(a, Operand::Value(v)) => {
                    out.insert(a.clone(), v.clone());
                }
                Action::Set(a, Operand::IfNotExists { attribute, value }) => {
                    let v = item.get(attribute).cloned().unwrap_or_else(|| value.clone());
                    out.insert(a.clone(), v);
                }
                Action::Set(a, Operand::Arithmetic { attribute, plus, value }) => {
                    let number = |v: Option<&Value>, what: &str| {
                        v.and_then(|v| v.get("N"))
                            .and_then(Value::as_str)
                            .and_then(|n| n.trim().parse::<f64>().ok())
                            .ok_or_else(|| invalid(format!("{what} must be a number ({{\"N\": ...}}) for `+` and `-`")))
                    };
                    let left = number(item.get(attribute), &format!("attribute `{attribute}`"))?;
                    let right = number(Some(value), "the value")?;
                    let result = if *plus { left + right } else { left - right };
                    out.insert(a.clone(), serde_json::json!({"N": format_number(result)}));
                }
            }
        }
        Ok(out)
    }
}

fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        n.to_string()
    }
}

/// `SET a = :v REMOVE b` → [("SET", "a = :v"), ("REMOVE", "b")].
fn clauses(expression: &str) -> Result<Vec<(String, String)>, LocalError> {
    let mut out: Vec<(String, String)> = Vec::new();
    for word in expression.split_whitespace() {
        let upper = word.to_ascii_uppercase();
        if ["SET", "REMOVE", "ADD", "DELETE"].contains(&upper.as_str()) {
            out.push((upper, String::new()));
        } else {
            let Some((_, body)) = out.last_mut() else {
                return Err(invalid("an update expression starts with SET or REMOVE"));
            };
            body.push(' ');
            body.push_str(word);
        }
    }
    Ok(out)
}

/// Splits on commas outside parentheses.
fn split_top_level(body: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut depth = 0;
    let mut current = String::new();
    for c in body.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth == 0 => {
                out.push(current.trim().to_string());
                current.clear();
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    if !current.trim().is_empty() {
        out.push(current.trim().to_string());
    }
    out
}
