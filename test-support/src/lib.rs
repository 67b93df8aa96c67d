//! Helpers shared by the end-to-end tests of several crates (dev-dependency only): a `moto_server` on 127.0.0.1
//! at a free port, scratch folders removed when dropped, and the workspace's built executables.

mod built;
mod moto;
mod temp_dir;

pub use built::{package_binary, workspace_binary, workspace_example, BIN_DIR_VAR};
pub use moto::{moto_program, Moto};
pub use temp_dir::TempDir;

use std::path::{Path, PathBuf};

/// The workspace's root folder (this crate sits directly in it).
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("test-support sits in the workspace").to_path_buf()
}
