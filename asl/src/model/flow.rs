//! Error handling: `Retry` and `Catch`.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// `JitterStrategy` of a retrier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "UPPERCASE")]
pub enum JitterStrategy {
    Full,
    #[default]
    None,
}

/// One element of `Retry`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Retrier {
    pub error_equals: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interval_seconds: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_attempts: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backoff_rate: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_delay_seconds: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jitter_strategy: Option<JitterStrategy>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

/// One element of `Catch`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Catcher {
    pub error_equals: Vec<String>,
    pub next: String,
    /// `Some(None)` is an explicit `null`: keep the state input unchanged.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "super::nullable")]
    pub result_path: Option<Option<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assign: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

impl Retrier {
    /// AWS's defaults: 1 second, 3 attempts, rate 2.0.
    pub fn interval(&self) -> u64 {
        self.interval_seconds.unwrap_or(1)
    }
    pub fn attempts(&self) -> u64 {
        self.max_attempts.unwrap_or(3)
    }
    pub fn rate(&self) -> f64 {
        self.backoff_rate.unwrap_or(2.0)
    }
}
