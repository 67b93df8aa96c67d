//! Parallel states: each branch is a complete sub-machine.

use serde_json::{Map, Value};

use super::machine::{self, Site};
use super::pointer::Ptr;
use super::problem::Report;
use super::scope::Scope;
use super::values;

pub(crate) fn check(state: &Map<String, Value>, at: &Ptr, scope: Scope, r: &mut Report) {
    let Some(v) = state.get("Branches") else {
        r.push(at, "'Branches' is required in a Parallel state");
        return;
    };
    let here = at.key("Branches");
    let Some(branches) = values::array(v, &here, r) else {
        return;
    };
    if branches.is_empty() {
        r.push(&here, "a Parallel state needs at least one branch");
    }
    for (i, branch) in branches.iter().enumerate() {
        machine::check(branch, &here.index(i), scope, Site::Branch, r);
    }
}
