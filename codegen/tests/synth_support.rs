// Shared by the synth test binaries (`mod synth_support;`); also compiled alone as an empty test binary.
#![allow(dead_code)]

use std::path::PathBuf;

use lambdaform_codegen::synth::{synth, SynthOptions, Synthesis};
use lambdaform_manifest::Manifest;

pub const GOOD: [&str; 3] = ["full", "rest", "minimal"];

pub fn fixture_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/manifests").join(format!("{name}.json"))
}

pub fn load(name: &str) -> Manifest {
    let text = std::fs::read_to_string(fixture_path(name)).unwrap();
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("fixture {name}: {e}"))
}

pub fn synth_fixture(name: &str) -> Synthesis {
    synth(&load(name), &SynthOptions::default()).unwrap_or_else(|e| panic!("fixture {name}: {e}"))
}

/// `<workspace>/target/synth-fixtures`: where the fixtures' outputs go for scripts/validate-outputs.sh.
pub fn fixtures_out_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/synth-fixtures")
}
