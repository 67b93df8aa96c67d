//! The top level of a definition and the nested workflows of Parallel branches.

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

use super::{ProcessorConfig, State};

/// `QueryLanguage` at the top level or on one state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum QueryLanguage {
    #[default]
    JSONPath,
    JSONata,
}

/// A whole state machine definition.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct StateMachine {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    pub start_at: String,
    /// In definition order.
    pub states: IndexMap<String, State>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout_seconds: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub query_language: Option<QueryLanguage>,
}

/// A Parallel branch, a Map `ItemProcessor` or a legacy `Iterator`: a nested workflow.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Branch {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    pub start_at: String,
    pub states: IndexMap<String, State>,
    /// Only in a Map's `ItemProcessor` (or legacy `Iterator`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub processor_config: Option<ProcessorConfig>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub query_language: Option<QueryLanguage>,
}

impl StateMachine {
    /// Parses a definition from JSON text.
    pub fn from_json(text: &str) -> Result<Self, serde_json::Error> {
        serde_json::from_str(text)
    }

    /// Parses a definition from a JSON value.
    pub fn from_value(value: serde_json::Value) -> Result<Self, serde_json::Error> {
        serde_json::from_value(value)
    }

    /// The top-level query language, JSONPath when unspecified.
    pub fn language(&self) -> QueryLanguage {
        self.query_language.unwrap_or_default()
    }
}

impl Branch {
    /// True for a Map `ItemProcessor` with `ProcessorConfig.Mode` `DISTRIBUTED`.
    pub fn is_distributed(&self) -> bool {
        self.processor_config.as_ref().and_then(|c| c.mode) == Some(super::ProcessorMode::Distributed)
    }
}
