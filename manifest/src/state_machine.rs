use serde::{Deserialize, Serialize};

use crate::{Event, Source};

/// One `#[state_machine]`: a Step Functions workflow compiled from a Rust body to ASL by the macro.
///
/// The definition names the service's own functions, resources and machines through placeholders
/// (see [`Placeholder`]), which synth turns into `DefinitionSubstitutions` and the local executor into its own
/// targets, so the manifest never holds an account, a region or a stage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StateMachine {
    /// The machine's logical name (1-80 of `[A-Za-z0-9-_]`).
    pub name: String,
    /// `module::path::fn_name` of the Rust workflow, for messages.
    pub rust_path: String,
    pub kind: MachineKind,
    /// The ASL definition (JSONata query language), with placeholders.
    pub definition: serde_json::Value,
    /// Triggers that start an execution: `http`, `schedule` and `event_bridge` only.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub events: Vec<Event>,
    pub source: Source,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MachineKind {
    Standard,
    Express,
}

/// A reference inside a definition to something the service declares: the string `${function:NAME}`,
/// `${table:NAME}`, `${bucket:NAME}`, `${topic:NAME}`, `${queue:NAME}` or `${state_machine:NAME}`, standing for
/// that item's ARN (a queue's URL for `queue`, a table's or bucket's name for `table` and `bucket`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Placeholder<'a> {
    pub kind: &'a str,
    pub name: &'a str,
}

impl<'a> Placeholder<'a> {
    pub const KINDS: [&'static str; 6] = ["function", "table", "bucket", "topic", "queue", "state_machine"];

    /// Reads a placeholder out of a whole JSON string value; `None` for any other string.
    pub fn parse(s: &'a str) -> Option<Placeholder<'a>> {
        let inner = s.strip_prefix("${")?.strip_suffix('}')?;
        let (kind, name) = inner.split_once(':')?;
        (Self::KINDS.contains(&kind) && !name.is_empty()).then_some(Placeholder { kind, name })
    }

    /// Every placeholder in a definition, sorted and without repeats.
    pub fn all_in(definition: &'a serde_json::Value) -> Vec<Placeholder<'a>> {
        fn walk<'a>(v: &'a serde_json::Value, out: &mut std::collections::BTreeSet<Placeholder<'a>>) {
            match v {
                serde_json::Value::String(s) => out.extend(Placeholder::parse(s)),
                serde_json::Value::Array(items) => items.iter().for_each(|i| walk(i, out)),
                serde_json::Value::Object(map) => map.values().for_each(|i| walk(i, out)),
                _ => {}
            }
        }
        let mut out = std::collections::BTreeSet::new();
        walk(definition, &mut out);
        out.into_iter().collect()
    }
}

impl std::fmt::Display for Placeholder<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "${{{}:{}}}", self.kind, self.name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_found_and_sorted() {
        let def = serde_json::json!({"States": {"A": {"Arguments": {"FunctionName": "${function:validate}",
            "TableName": "${table:Orders}", "Other": "${nope:x}", "Again": "${function:validate}"}}}});
        let found: Vec<String> = Placeholder::all_in(&def).iter().map(|p| p.to_string()).collect();
        assert_eq!(found, ["${function:validate}", "${table:Orders}"]);
        assert_eq!(Placeholder::parse("${function:}"), None);
        assert_eq!(Placeholder::parse("prefix ${function:a}"), None);
    }
}
