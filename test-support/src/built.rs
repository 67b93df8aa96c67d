//! The workspace's own executables for end-to-end tests.
//!
//! The test command builds the whole workspace once and points `LAMBDAFORM_TEST_BIN_DIR` at that build's folder;
//! tests then run those binaries as they are. Without it (a developer running one test), the binary is built with
//! the cargo running the tests. Building one package inside the test command's run would resolve its features on
//! their own and rebuild its dependencies a second time: minutes and gigabytes on a fresh machine.

use serde_json::Value;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::{Mutex, OnceLock};

/// Set by the test command to the folder of the workspace build it made (`target/debug`).
pub const BIN_DIR_VAR: &str = "LAMBDAFORM_TEST_BIN_DIR";

/// A workspace package's binary, named like the package.
pub fn workspace_binary(package: &str) -> PathBuf {
    package_binary(package, package)
}

/// The binary `bin` of a workspace package.
pub fn package_binary(package: &str, bin: &str) -> PathBuf {
    built(bin, None, &["--bin", bin, "-p", package])
}

/// One of a package's examples (`examples/<name>.rs`).
pub fn workspace_example(package: &str, name: &str) -> PathBuf {
    built(name, Some("examples"), &["--example", name, "-p", package])
}

fn built(name: &str, subdir: Option<&str>, args: &[&str]) -> PathBuf {
    if let Some(dir) = std::env::var_os(BIN_DIR_VAR) {
        let mut path = PathBuf::from(dir);
        path.extend(subdir);
        path.push(name);
        assert!(
            path.is_file(),
            "{BIN_DIR_VAR} is set but {} does not exist; build the workspace first",
            path.display()
        );
        return path;
    }
    // One build per test binary and name, shared by its tests.
    static BUILT: OnceLock<Mutex<Vec<(String, PathBuf)>>> = OnceLock::new();
    let mut done = BUILT.get_or_init(Mutex::default).lock().unwrap_or_else(|e| e.into_inner());
    if let Some((_, path)) = done.iter().find(|(built, _)| built == name) {
        return path.clone();
    }
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .arg("build")
        .args(args)
        // The profile of the test binary asking, whose dependencies are then already built.
        .args((!cfg!(debug_assertions)).then_some("--release"))
        .arg("--message-format=json-render-diagnostics")
        .current_dir(crate::workspace())
        .stderr(Stdio::inherit())
        .output()
        .expect("run cargo build");
    assert!(output.status.success(), "building {name} failed");
    let path = String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| serde_json::from_str::<Value>(line).ok())
        .filter(|message| message["reason"] == "compiler-artifact" && message["target"]["name"] == name)
        .find_map(|message| message["executable"].as_str().map(PathBuf::from))
        .unwrap_or_else(|| panic!("cargo reported no {name} executable"));
    done.push((name.to_owned(), path.clone()));
    path
}
