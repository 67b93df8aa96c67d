//! DynamoDB's `putItem`, `getItem`, `updateItem` and `deleteItem` as Step Functions calls them, over an
//! in-memory table. Items stay in DynamoDB's JSON (`{"id": {"S": "o-1"}}`), as the task's arguments and results
//! carry them.

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use super::services::IntegrationError;

/// One table: its key attribute names and items by key.
#[derive(Debug, Clone, Default)]
pub struct Table {
    pub partition_key: String,
    pub sort_key: Option<String>,
    pub items: BTreeMap<String, Map<String, Value>>,
}

fn invalid(message: impl Into<String>) -> IntegrationError {
    IntegrationError::new("DynamoDB.AmazonDynamoDBException", message)
}

fn object<'a>(payload: &'a Value, field: &str) -> Result<&'a Map<String, Value>, IntegrationError> {
    payload.get(field).and_then(Value::as_object).ok_or_else(|| invalid(format!("/{field} must be an object")))
}

impl Table {
    /// The item's key as one string; the key attributes must be present.
    fn key_of(&self, item: &Map<String, Value>, pointer: &str) -> Result<String, IntegrationError> {
        let mut parts = Vec::new();
        for name in std::iter::once(&self.partition_key).chain(self.sort_key.as_ref()) {
            let value = item.get(name).ok_or_else(|| {
                invalid(format!("One or more parameter values were invalid: missing the key {name} in {pointer}"))
            })?;
            parts.push(value.to_string());
        }
        Ok(parts.join("\u{0}"))
    }

    pub fn put_item(&mut self, payload: &Value) -> Result<Value, IntegrationError> {
        let item = object(payload, "Item")?.clone();
        let key = self.key_of(&item, "/Item")?;
        check_condition(payload, self.items.get(&key))?;
        let old = self.items.insert(key, item);
        Ok(with_return_values(payload, old, None))
    }

    pub fn get_item(&self, payload: &Value) -> Result<Value, IntegrationError> {
        let key = self.key_of(object(payload, "Key")?, "/Key")?;
        Ok(match self.items.get(&key) {
            Some(item) => json!({ "Item": item }),
            None => json!({}),
        })
    }

    pub fn delete_item(&mut self, payload: &Value) -> Result<Value, IntegrationError> {
        let key = self.key_of(object(payload, "Key")?, "/Key")?;
        check_condition(payload, self.items.get(&key))?;
        let old = self.items.remove(&key);
        Ok(with_return_values(payload, old, None))
    }

    pub fn update_item(&mut self, payload: &Value) -> Result<Value, IntegrationError> {
        let key_attrs = object(payload, "Key")?.clone();
        let key = self.key_of(&key_attrs, "/Key")?;
        check_condition(payload, self.items.get(&key))?;
        let old = self.items.get(&key).cloned();
        let mut item = old.clone().unwrap_or(key_attrs);
        let expression = payload
            .get("UpdateExpression")
            .and_then(Value::as_str)
            .ok_or_else(|| invalid("/UpdateExpression must be a string"))?;
        apply_update(&mut item, expression, payload)?;
        self.items.insert(key, item.clone());
        Ok(with_return_values(payload, old, Some(item)))
    }
}

/// `ReturnValues`: `NONE` (the default) answers `{}`, `ALL_OLD` the item before, `ALL_NEW` the item after.
fn with_return_values(payload: &Value, old: Option<Map<String, Value>>, new: Option<Map<String, Value>>) -> Value {
    let attributes = match payload.get("ReturnValues").and_then(Value::as_str) {
        Some("ALL_OLD") => old,
        Some("ALL_NEW") => new,
        _ => None,
    };
    match attributes {
        Some(a) => json!({ "Attributes": a }),
        None => json!({}),
    }
}

/// Resolves `#name` through `ExpressionAttributeNames`.
fn attribute_name(token: &str, payload: &Value) -> Result<String, IntegrationError> {
    if !token.starts_with('#') {
        return Ok(token.to_string());
    }
    payload
        .pointer(&format!("/ExpressionAttributeNames/{}", token.replace('~', "~0").replace('/', "~1")))
        .and_then(Value::as_str)
        .map(str::to_string)
        .ok_or_else(|| invalid(format!("/ExpressionAttributeNames has no {token}")))
}

fn attribute_value(token: &str, payload: &Value) -> Result<Value, IntegrationError> {
    payload
        .get("ExpressionAttributeValues")
        .and_then(|values| values.get(token))
        .cloned()
        .ok_or_else(|| invalid(format!("/ExpressionAttributeValues has no {token}")))
}

/// `attribute_exists(x)` and `attribute_not_exists(x)`, the guards workflows write; anything else is refused
/// rather than guessed.
fn check_condition(payload: &Value, current: Option<&Map<String, Value>>) -> Result<(), IntegrationError> {
    let Some(condition) = payload.get("ConditionExpression").and_then(Value::as_str) else { return Ok(()) };
    let condition = condition.trim();
    let (wanted, inner) = if let Some(inner) = condition.strip_prefix("attribute_not_exists(") {
        (false, inner)
    } else if let Some(inner) = condition.strip_prefix("attribute_exists(") {
        (true, inner)
    } else {
        return Err(invalid(format!(
            "lambdaform::testing evaluates only attribute_exists(..) and attribute_not_exists(..) conditions, not `{condition}`"
        )));
    };
    let name = attribute_name(inner.trim_end_matches(')').trim(), payload)?;
    let exists = current.is_some_and(|item| item.contains_key(&name));
    if exists == wanted {
        Ok(())
    } else {
        Err(IntegrationError::new("DynamoDB.ConditionalCheckFailedException", "The conditional request failed"))
    }
}

/// `SET a = :v, #b = :w`, `REMOVE a, b` and `ADD n :inc` clauses, in any order.
fn apply_update(item: &mut Map<String, Value>, expression: &str, payload: &Value) -> Result<(), IntegrationError> {
    let mut clause = "";
    for raw in split_clauses(expression) {
        let (keyword, body) = raw;
        clause = keyword;
        for action in body.split(',').map(str::trim).filter(|a| !a.is_empty()) {
            match keyword {
                "SET" => {
                    let (path, value) = action
                        .split_once('=')
                        .ok_or_else(|| invalid(format!("SET `{action}` needs `name = :value`")))?;
                    item.insert(attribute_name(path.trim(), payload)?, attribute_value(value.trim(), payload)?);
                }
                "REMOVE" => {
                    item.remove(&attribute_name(action, payload)?);
                }
                "ADD" => {
                    let mut parts = action.split_whitespace();
                    let (Some(path), Some(value), None) = (parts.next(), parts.next(), parts.next()) else {
                        return Err(invalid(format!("ADD `{action}` needs `name :value`")));
                    };
                    let name = attribute_name(path, payload)?;
                    let add = number(&attribute_value(value, payload)?)?;
                    let now = item.get(&name).map(number).transpose()?.unwrap_or(0.0);
                    item.insert(name, json!({ "N": format_number(now + add) }));
                }
                _ => unreachable!("split_clauses yields known keywords only"),
            }
        }
    }
    if clause.is_empty() {
        return Err(invalid(format!("UpdateExpression `{expression}` has no SET, REMOVE or ADD clause")));
    }
    Ok(())
}

fn split_clauses(expression: &str) -> Vec<(&'static str, &str)> {
    const KEYWORDS: [&str; 3] = ["SET", "REMOVE", "ADD"];
    let mut starts: Vec<(usize, &'static str)> = Vec::new();
    let bytes = expression.as_bytes();
    for keyword in KEYWORDS {
        let mut from = 0;
        while let Some(at) = expression[from..].find(keyword).map(|i| i + from) {
            let before_ok = at == 0 || bytes[at - 1].is_ascii_whitespace();
            let after = at + keyword.len();
            let after_ok = after < bytes.len() && bytes[after].is_ascii_whitespace();
            if before_ok && after_ok {
                starts.push((at, keyword));
            }
            from = after;
        }
    }
    starts.sort();
    starts
        .iter()
        .enumerate()
        .map(|(i, (at, keyword))| {
            let end = starts.get(i + 1).map(|(next, _)| *next).unwrap_or(expression.len());
            (*keyword, &expression[at + keyword.len()..end])
        })
        .collect()
}

fn number(value: &Value) -> Result<f64, IntegrationError> {
    value
        .get("N")
        .and_then(Value::as_str)
        .and_then(|n| n.parse().ok())
        .ok_or_else(|| invalid(format!("ADD takes numbers ({{\"N\": \"1\"}}), got {value}")))
}

fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        n.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn orders() -> Table {
        Table { partition_key: "id".into(), ..Default::default() }
    }

    #[test]
    fn put_get_update_delete_round_trip() {
        let mut t = orders();
        t.put_item(&json!({"Item": {"id": {"S": "o1"}, "total": {"N": "10"}}})).unwrap();
        assert_eq!(t.get_item(&json!({"Key": {"id": {"S": "o1"}}})).unwrap()["Item"]["total"]["N"], "10");
        let updated = t
            .update_item(&json!({"Key": {"id": {"S": "o1"}},
                "UpdateExpression": "SET #s = :s ADD total :inc",
                "ExpressionAttributeNames": {"#s": "status"},
                "ExpressionAttributeValues": {":s": {"S": "paid"}, ":inc": {"N": "5"}},
                "ReturnValues": "ALL_NEW"}))
            .unwrap();
        assert_eq!(updated["Attributes"]["status"]["S"], "paid");
        assert_eq!(updated["Attributes"]["total"]["N"], "15");
        let old = t.delete_item(&json!({"Key": {"id": {"S": "o1"}}, "ReturnValues": "ALL_OLD"})).unwrap();
        assert_eq!(old["Attributes"]["status"]["S"], "paid");
        assert_eq!(t.get_item(&json!({"Key": {"id": {"S": "o1"}}})).unwrap(), json!({}));
    }

    #[test]
    fn conditions_and_bad_input_fail_with_dynamodb_errors() {
        let mut t = orders();
        let put = json!({"Item": {"id": {"S": "o1"}}, "ConditionExpression": "attribute_not_exists(id)"});
        t.put_item(&put).unwrap();
        assert_eq!(t.put_item(&put).unwrap_err().error, "DynamoDB.ConditionalCheckFailedException");
        let missing_key = t.put_item(&json!({"Item": {"other": {"S": "x"}}})).unwrap_err();
        assert!(missing_key.cause.contains("missing the key id in /Item"), "{}", missing_key.cause);
        let odd = t.put_item(&json!({"Item": {"id": {"S": "o2"}}, "ConditionExpression": "size(a) > 1"}));
        assert!(odd.unwrap_err().cause.contains("not `size(a) > 1`"));
        let no_clause = t.update_item(&json!({"Key": {"id": {"S": "o1"}}, "UpdateExpression": "a = :b"}));
        assert!(no_clause.unwrap_err().cause.contains("no SET, REMOVE or ADD"));
    }
}
