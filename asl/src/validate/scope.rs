//! What a state inherits from where it sits: query language and how its machine runs.

use super::options::MachineKind;

/// The query language a state's fields are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Lang {
    JsonPath,
    Jsonata,
}

impl Lang {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Lang::JsonPath => "JSONPath",
            Lang::Jsonata => "JSONata",
        }
    }
}

/// Inherited settings, passed down (by value) into nested states and sub-machines.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Scope {
    pub(crate) lang: Lang,
    /// How the enclosing workflow executes; a distributed Map's child workflows run as their
    /// `ExecutionType`, so the integration limits of Express apply inside an EXPRESS child too.
    pub(crate) runs_as: MachineKind,
    /// Whether `${Name}` definition substitutions stand in for values that are filled in at deploy time.
    pub(crate) substitutions: bool,
}
