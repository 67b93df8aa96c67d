//! JSONPath as Step Functions reads it (Jayway-compatible): `$` input, `$$` context object,
//! `$name` variables; child, index, wildcard, slice, union, deep scan and filter selectors.

mod eval;
mod filter;
mod parse;
mod reference;

pub use eval::select;
pub use parse::{parse, Path, Root, Segment, Selector};
pub use reference::set_at;

/// Why a path could not be parsed or read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathError {
    /// The text is not a JSONPath.
    Syntax { path: String, message: String },
    /// A definite path matched nothing; `normalized` is AWS's `$['a']['b']` spelling.
    NoResults { normalized: String },
    /// A `ResultPath` cannot be written into the given value.
    NotWritable { path: String, message: String },
}

impl std::fmt::Display for PathError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PathError::Syntax { path, message } => write!(f, "Invalid path '{path}': {message}"),
            PathError::NoResults { normalized } => write!(f, "No results for path: {normalized}"),
            PathError::NotWritable { path, message } => write!(f, "Invalid path '{path}': {message}"),
        }
    }
}

impl std::error::Error for PathError {}
