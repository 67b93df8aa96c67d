use std::fmt;

/// Why a test could not run a workflow at all (as opposed to the workflow failing, which is an outcome).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TestError {
    /// The generated ASL does not pass the validator, or does not parse into the executor's model.
    InvalidDefinition { machine: String, problems: Vec<String> },
    /// A manifest fragment of the binary does not decode.
    Manifest(String),
    /// No machine of this name in the binary or the test.
    UnknownMachine { name: String, known: Vec<String> },
    /// The input does not serialize, or the output does not deserialize into the workflow's type.
    Data(String),
}

impl fmt::Display for TestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TestError::InvalidDefinition { machine, problems } => {
                write!(f, "the ASL of state machine `{machine}` is invalid:")?;
                problems.iter().try_for_each(|p| write!(f, "\n  {p}"))
            }
            TestError::Manifest(message) => write!(f, "the binary's manifest does not decode: {message}"),
            TestError::UnknownMachine { name, known } => {
                write!(f, "no state machine `{name}` in this binary; known: {}", known.join(", "))
            }
            TestError::Data(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for TestError {}
