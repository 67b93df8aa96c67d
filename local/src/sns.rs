//! SNS message attributes and filter policies (`FilterPolicyScope` `MessageAttributes`, AWS's default):
//! the attributes become a JSON document the policy is matched against, typed as SNS types them.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::pattern::Pattern;
use crate::LocalError;

/// A message attribute of SNS or SQS: `DataType` `String`, `Number`, `String.Array` or `Binary` (base64),
/// with an optional custom suffix (`Number.float`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageAttribute {
    #[serde(rename = "Type", alias = "DataType")]
    pub data_type: String,
    #[serde(rename = "Value", alias = "StringValue")]
    pub value: String,
}

impl MessageAttribute {
    pub fn string(value: impl Into<String>) -> Self {
        MessageAttribute { data_type: "String".into(), value: value.into() }
    }

    pub fn number(value: impl ToString) -> Self {
        MessageAttribute { data_type: "Number".into(), value: value.to_string() }
    }

    /// `String`, `Number`, `String.Array` or `Binary`: the type without its custom suffix.
    pub fn base_type(&self) -> &str {
        match self.data_type.split_once('.') {
            Some(("String", "Array")) => "String.Array",
            Some((base, _)) => base,
            None => &self.data_type,
        }
    }
}

pub type Attributes = BTreeMap<String, MessageAttribute>;

/// Checks attributes as `Publish` does; errors point at `/MessageAttributes/NAME`.
pub fn check_attributes(attributes: &Attributes) -> Result<(), LocalError> {
    document(attributes).map(|_| ())
}

/// The attributes as the JSON document a filter policy sees: numbers as numbers, arrays as arrays; binary
/// attributes are invisible to filter policies.
pub fn document(attributes: &Attributes) -> Result<Value, LocalError> {
    let mut out = Map::new();
    for (name, a) in attributes {
        let at = format!("/MessageAttributes/{name}");
        let value = match a.base_type() {
            "String" => Value::String(a.value.clone()),
            "Number" => match a.value.trim().parse::<f64>().ok().and_then(serde_json::Number::from_f64) {
                Some(n) => Value::Number(n),
                None => {
                    return Err(LocalError::invalid(
                        at,
                        format!("Number attribute value `{}` is not a number", a.value),
                    ))
                }
            },
            "String.Array" => match serde_json::from_str::<Value>(&a.value) {
                Ok(v @ Value::Array(_)) => v,
                _ => return Err(LocalError::invalid(at, "a String.Array attribute must hold a JSON array")),
            },
            "Binary" => continue,
            other => {
                return Err(LocalError::invalid(
                    at,
                    format!("DataType `{other}` is not String, Number, String.Array or Binary"),
                ))
            }
        };
        out.insert(name.clone(), value);
    }
    Ok(Value::Object(out))
}

/// A subscription's filter: none lets everything through.
#[derive(Debug, Clone, PartialEq)]
pub struct Filter(Option<Pattern>);

impl Filter {
    /// Checks a `MessageAttributes`-scope policy: attributes are flat, so every key (outside `$or`) maps to a
    /// list of conditions, never to a nested object.
    pub fn parse(policy: Option<&Value>) -> Result<Filter, LocalError> {
        fn flat(policy: &Value, at: &str) -> Result<(), LocalError> {
            for (key, value) in policy.as_object().into_iter().flatten() {
                let here = format!("{at}/{key}");
                match value {
                    Value::Array(alternatives) if key == "$or" => {
                        for (i, alt) in alternatives.iter().enumerate() {
                            flat(alt, &format!("{here}/{i}"))?;
                        }
                    }
                    Value::Object(_) => {
                        return Err(LocalError::invalid(
                            here,
                            "message attributes are flat: a policy of MessageAttributes scope cannot nest objects",
                        ))
                    }
                    _ => {}
                }
            }
            Ok(())
        }
        let Some(policy) = policy else { return Ok(Filter(None)) };
        let pattern = Pattern::parse(policy)?;
        flat(policy, "")?;
        Ok(Filter(Some(pattern)))
    }

    pub fn accepts(&self, attributes_document: &Value) -> bool {
        self.0.as_ref().is_none_or(|p| p.matches(attributes_document))
    }
}
