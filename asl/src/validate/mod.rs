//! The strict ASL validator: refuses, before deploy, what AWS would refuse at `CreateStateMachine`.
//!
//! It walks the raw JSON (not the typed model) so each problem carries an exact RFC 6901 pointer,
//! and it collects every problem rather than stopping at the first.

mod assign;
mod choice;
mod distributed;
mod fail;
mod fields;
mod graph;
mod intrinsic;
mod jsonata;
mod machine;
mod map;
mod options;
mod parallel;
mod paths;
mod pointer;
mod problem;
mod resource;
mod retry;
mod scope;
mod state;
mod task;
mod template;
mod timestamp;
mod values;
mod wait;

pub use options::{MachineKind, Options};
pub use problem::Problem;

use serde_json::Value;

use machine::Site;
use pointer::Ptr;
use problem::Report;
use scope::{Lang, Scope};

/// AWS refuses definitions larger than 1 MB (1,048,576 bytes of JSON).
const MAX_DEFINITION_BYTES: usize = 1_048_576;

/// Validates a Standard state machine definition; see [`validate_with`].
pub fn validate(definition: &Value) -> Vec<Problem> {
    validate_with(definition, &Options::default())
}

/// Every problem in `definition`, sorted by pointer; empty when AWS would accept it.
pub fn validate_with(definition: &Value, options: &Options) -> Vec<Problem> {
    let mut report = Report::default();
    let root = Ptr::root();
    // Compact serialization is what gets uploaded, so that is what the limit applies to.
    let size = serde_json::to_string(definition).map_or(0, |s| s.len());
    if size > MAX_DEFINITION_BYTES {
        report.push(&root, format!("the definition is {size} bytes; AWS accepts at most {MAX_DEFINITION_BYTES}"));
    }
    let scope = Scope { lang: Lang::JsonPath, runs_as: options.kind, substitutions: options.allow_substitutions };
    machine::check(definition, &root, scope, Site::Top, &mut report);
    report.into_sorted()
}
