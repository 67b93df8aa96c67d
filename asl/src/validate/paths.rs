//! JSONPath fields, checked with the executor's own parser so both agree on what a path is.

use crate::path::{self, PathError, Root};

use super::pointer::Ptr;
use super::problem::Report;

/// What a path field is allowed to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PathKind {
    /// `InputPath`, `OutputPath`, `Variable`, `.$` values: any JSONPath.
    Any,
    /// A reference path names exactly one node: no filter, wildcard, slice, union or `..`.
    Reference,
    /// `ResultPath` writes into the state input: a reference path rooted at `$`.
    Result,
}

/// Returns the reason `text` is not a path of this kind, if it is not.
pub(crate) fn path_error(text: &str, kind: PathKind) -> Option<String> {
    let parsed = match path::parse(text) {
        Ok(p) => p,
        Err(PathError::Syntax { message, .. }) => return Some(format!("'{text}' is not a valid JSONPath: {message}")),
        Err(other) => return Some(format!("'{text}' is not a valid JSONPath: {other}")),
    };
    if parsed.root == Root::Current {
        return Some(format!("'{text}' is not a valid JSONPath: '@' is only meaningful inside a filter"));
    }
    if kind != PathKind::Any && !parsed.is_definite() {
        return Some(format!(
            "'{text}' must be a reference path: filters, wildcards, slices, unions and '..' can select more than one value"
        ));
    }
    if kind == PathKind::Result && parsed.root != Root::Input {
        return Some(format!(
            "'{text}' must start with '$': a result can be written only into the state input, not the context object or a variable"
        ));
    }
    None
}

/// Reports a problem at `at` unless `text` is a path of this kind.
pub(crate) fn check(text: &str, kind: PathKind, at: &Ptr, r: &mut Report) {
    if let Some(message) = path_error(text, kind) {
        r.push(at, message);
    }
}
