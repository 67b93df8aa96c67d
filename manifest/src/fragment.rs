//! The pieces of the manifest each macro writes into the binary: one JSON document per item, each ended by a
//! NUL byte, in a custom link section. The linker concatenates them (possibly with zero padding between).

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::{Function, Resource, StateMachine};

/// The ELF section holding the fragments.
pub const SECTION_ELF: &str = "lambdaform_manifest";
/// The Mach-O segment and section holding the fragments (section names are at most 16 bytes).
pub const SECTION_MACHO_SEGMENT: &str = "__DATA";
pub const SECTION_MACHO_SECTION: &str = "__lambdaform";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Fragment {
    /// Written by `lambdaform::main!()`: names the service this binary is.
    Service {
        name: String,
    },
    Function(Function),
    Resource(Resource),
    StateMachine(StateMachine),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FragmentError {
    /// Byte offset of the fragment within the section.
    pub offset: usize,
    pub message: String,
}

impl fmt::Display for FragmentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "manifest fragment at byte {}: {}", self.offset, self.message)
    }
}

impl std::error::Error for FragmentError {}

impl Fragment {
    /// The bytes a macro embeds: the JSON and its NUL terminator.
    pub fn encode(&self) -> Vec<u8> {
        let mut bytes = serde_json::to_vec(self).expect("a manifest fragment always serializes");
        bytes.push(0);
        bytes
    }

    /// Reads every fragment of a section's contents, skipping the linker's zero padding.
    pub fn decode_section(bytes: &[u8]) -> Result<Vec<Fragment>, FragmentError> {
        let mut out = Vec::new();
        let mut offset = 0;
        for chunk in bytes.split(|b| *b == 0) {
            if !chunk.is_empty() {
                let fragment =
                    serde_json::from_slice(chunk).map_err(|e| FragmentError { offset, message: e.to_string() })?;
                out.push(fragment);
            }
            offset += chunk.len() + 1;
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_with_padding() {
        let a = Fragment::Service { name: "svc".into() };
        let mut section = a.encode();
        section.extend([0, 0, 0]);
        section.extend(a.encode());
        assert_eq!(Fragment::decode_section(&section).unwrap(), vec![a.clone(), a]);
    }

    #[test]
    fn garbage_is_an_error_with_offset() {
        let mut section = Fragment::Service { name: "svc".into() }.encode();
        let at = section.len();
        section.extend(b"{not json\0");
        assert_eq!(Fragment::decode_section(&section).unwrap_err().offset, at);
    }
}
