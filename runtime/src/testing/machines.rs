//! The state machines a test can run: the binary's own `#[state_machine]`s (read from its manifest fragments,
//! so a nested `startExecution` finds its target) plus any the test adds, each checked by the ASL validator.

use std::collections::BTreeMap;
use std::sync::Arc;

use lambdaform_asl::model::StateMachine;
use lambdaform_manifest::{Fragment, Resource};

use super::arns;
use super::error::TestError;

/// Machines by name, ready to run: placeholders replaced, validated and parsed.
#[derive(Debug, Clone, Default)]
pub struct Machines {
    by_name: BTreeMap<String, Arc<StateMachine>>,
}

impl Machines {
    /// Prepares a definition with placeholders; every validator problem is an error, pointers included.
    pub fn prepare(name: &str, definition: &serde_json::Value) -> Result<Arc<StateMachine>, TestError> {
        let definition = arns::substitute(definition);
        let problems = lambdaform_asl::validate::validate(&definition);
        if !problems.is_empty() {
            let listed: Vec<String> = problems.iter().map(|p| format!("{}: {}", p.pointer, p.message)).collect();
            return Err(TestError::InvalidDefinition { machine: name.to_string(), problems: listed });
        }
        serde_json::from_value(definition)
            .map(Arc::new)
            .map_err(|e| TestError::InvalidDefinition { machine: name.to_string(), problems: vec![e.to_string()] })
    }

    pub fn insert(&mut self, name: &str, machine: Arc<StateMachine>) {
        self.by_name.insert(name.to_string(), machine);
    }

    pub fn get(&self, name: &str) -> Option<Arc<StateMachine>> {
        self.by_name.get(name).cloned()
    }

    pub fn names(&self) -> Vec<String> {
        self.by_name.keys().cloned().collect()
    }
}

/// The binary's manifest, as its fragments decode: its machines (with placeholders) and resources.
pub struct Declared {
    pub machines: Vec<(String, serde_json::Value)>,
    pub resources: Vec<Resource>,
}

pub fn declared() -> Result<Declared, TestError> {
    let mut declared = Declared { machines: Vec::new(), resources: Vec::new() };
    for fragment in crate::dispatch::MANIFEST.iter() {
        let decoded = Fragment::decode_section(fragment).map_err(|e| TestError::Manifest(e.to_string()))?;
        for item in decoded {
            match item {
                Fragment::StateMachine(m) => declared.machines.push((m.name, m.definition)),
                Fragment::Resource(r) => declared.resources.push(r),
                Fragment::Function(_) | Fragment::Service { .. } => {}
            }
        }
    }
    Ok(declared)
}
