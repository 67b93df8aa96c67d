//! Caller-chosen settings: which kind of state machine the definition will be created as.

/// Standard or Express: AWS accepts a narrower set of integrations in Express machines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MachineKind {
    #[default]
    Standard,
    Express,
}

/// Settings for [`validate_with`](super::validate_with).
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub kind: MachineKind,
    /// Accept a Task `Resource` that is exactly one `${Name}` placeholder, as written in a template
    /// whose `DefinitionSubstitutions` supply the ARN at deploy time.
    pub allow_substitutions: bool,
}
