//! Plain JSON (what a workflow body reads and writes natively) to DynamoDB's attribute values and back, so the
//! native run and the ASL run store items in one shape.

use serde_json::{json, Map, Value};

/// `{"id": "a", "n": 1}` → `{"id": {"S": "a"}, "n": {"N": "1"}}`; an object that is not a map of attributes
/// comes back as `None`.
pub fn to_item(plain: &Value) -> Option<Map<String, Value>> {
    plain.as_object().map(|fields| fields.iter().map(|(k, v)| (k.clone(), to_attribute(v))).collect())
}

pub fn to_attribute(v: &Value) -> Value {
    match v {
        Value::Null => json!({ "NULL": true }),
        Value::Bool(b) => json!({ "BOOL": b }),
        Value::Number(n) => json!({ "N": n.to_string() }),
        Value::String(s) => json!({ "S": s }),
        Value::Array(items) => json!({ "L": items.iter().map(to_attribute).collect::<Vec<_>>() }),
        Value::Object(fields) => {
            json!({ "M": fields.iter().map(|(k, v)| (k.clone(), to_attribute(v))).collect::<Map<_, _>>() })
        }
    }
}

/// The reverse of [`to_item`]; sets (`SS`, `NS`) become arrays and binary (`B`) stays its base64 text.
pub fn from_item(item: &Map<String, Value>) -> Value {
    Value::Object(item.iter().map(|(k, v)| (k.clone(), from_attribute(v))).collect())
}

pub fn from_attribute(v: &Value) -> Value {
    let Some((kind, inner)) = v.as_object().and_then(|m| m.iter().next()) else { return v.clone() };
    match kind.as_str() {
        "NULL" => Value::Null,
        "S" | "BOOL" | "B" => inner.clone(),
        "N" => number(inner),
        "L" => Value::Array(inner.as_array().map(|l| l.iter().map(from_attribute).collect()).unwrap_or_default()),
        "M" => inner.as_object().map(from_item).unwrap_or(Value::Null),
        "NS" => Value::Array(inner.as_array().map(|l| l.iter().map(number).collect()).unwrap_or_default()),
        _ => inner.clone(),
    }
}

fn number(text: &Value) -> Value {
    let text = text.as_str().unwrap_or_default();
    text.parse::<i64>()
        .map(Value::from)
        .or_else(|_| text.parse::<f64>().map(Value::from))
        .unwrap_or_else(|_| Value::String(text.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_every_json_shape() {
        let plain = json!({"id": "a", "n": 1, "x": 1.5, "ok": true, "none": null, "tags": ["a", 2], "m": {"k": "v"}});
        let item = to_item(&plain).unwrap();
        assert_eq!(item["n"], json!({"N": "1"}));
        assert_eq!(item["m"], json!({"M": {"k": {"S": "v"}}}));
        assert_eq!(from_item(&item), plain);
        assert_eq!(to_item(&json!([1])), None);
    }
}
