//! Choice rules: a comparison on a `Variable`, a boolean combination, or a JSONata `Condition`.

use serde::{Deserialize, Serialize};
use serde_json::{Number, Value};

/// One rule of `Choices` (with `Next`) or a nested rule inside `And`/`Or`/`Not` (without).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ChoiceRule {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variable: Option<String>,
    #[serde(flatten, default, skip_serializing_if = "Option::is_none")]
    pub comparison: Option<Comparison>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub and: Option<Vec<ChoiceRule>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub or: Option<Vec<ChoiceRule>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not: Option<Box<ChoiceRule>>,
    /// JSONata: a boolean or a `{% %}` expression.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assign: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

/// Every comparison operator; `...Path` variants compare with a value read from a path.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Comparison {
    StringEquals(String),
    StringEqualsPath(String),
    StringLessThan(String),
    StringLessThanPath(String),
    StringGreaterThan(String),
    StringGreaterThanPath(String),
    StringLessThanEquals(String),
    StringLessThanEqualsPath(String),
    StringGreaterThanEquals(String),
    StringGreaterThanEqualsPath(String),
    StringMatches(String),
    NumericEquals(Number),
    NumericEqualsPath(String),
    NumericLessThan(Number),
    NumericLessThanPath(String),
    NumericGreaterThan(Number),
    NumericGreaterThanPath(String),
    NumericLessThanEquals(Number),
    NumericLessThanEqualsPath(String),
    NumericGreaterThanEquals(Number),
    NumericGreaterThanEqualsPath(String),
    BooleanEquals(bool),
    BooleanEqualsPath(String),
    TimestampEquals(String),
    TimestampEqualsPath(String),
    TimestampLessThan(String),
    TimestampLessThanPath(String),
    TimestampGreaterThan(String),
    TimestampGreaterThanPath(String),
    TimestampLessThanEquals(String),
    TimestampLessThanEqualsPath(String),
    TimestampGreaterThanEquals(String),
    TimestampGreaterThanEqualsPath(String),
    IsNull(bool),
    IsPresent(bool),
    IsNumeric(bool),
    IsString(bool),
    IsBoolean(bool),
    IsTimestamp(bool),
}
