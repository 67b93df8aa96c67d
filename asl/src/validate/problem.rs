//! What the validator reports, and the collector that gathers every problem before sorting.

use std::collections::HashMap;

use super::pointer::Ptr;

/// One thing wrong with a definition: where (an RFC 6901 pointer) and what.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Problem {
    pub pointer: String,
    pub message: String,
}

/// Collects problems so the user sees all of them at once, not only the first; also remembers
/// where each state name was first declared, since names are unique across nested machines too.
#[derive(Debug, Default)]
pub(crate) struct Report {
    problems: Vec<Problem>,
    state_names: HashMap<String, String>,
}

impl Report {
    pub(crate) fn push(&mut self, at: &Ptr, message: impl Into<String>) {
        self.problems.push(Problem { pointer: at.as_str().to_owned(), message: message.into() });
    }

    /// Records a state name; returns the pointer of an earlier state with the same name.
    pub(crate) fn claim_state_name(&mut self, name: &str, at: &Ptr) -> Option<String> {
        match self.state_names.get(name) {
            Some(first) => Some(first.clone()),
            None => {
                self.state_names.insert(name.to_owned(), at.as_str().to_owned());
                None
            }
        }
    }

    /// Sorted by pointer (then message) so output is stable across runs and versions.
    pub(crate) fn into_sorted(mut self) -> Vec<Problem> {
        self.problems
            .sort_by(|a, b| (a.pointer.as_str(), a.message.as_str()).cmp(&(b.pointer.as_str(), b.message.as_str())));
        self.problems.dedup();
        self.problems
    }
}
