//! `lambdaform synth` as a command: files written, exit code 2 with a one-line error for bad input.

mod synth_support;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use lambdaform_codegen::cmd::synth::{run, SynthArgs};
use synth_support::fixture_path;

fn out_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("synth-cli").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn args(manifest: PathBuf, out: &Path) -> SynthArgs {
    SynthArgs {
        package: None,
        manifest: Some(manifest),
        stage: "dev".into(),
        out: Some(out.to_path_buf()),
        no_build: true,
        region: "eu-west-1".into(),
        extra_resources: None,
    }
}

#[test]
fn writes_the_outputs_from_a_manifest_file() {
    let out = out_dir("full");
    assert_eq!(run(args(fixture_path("full"), &out)), ExitCode::SUCCESS);
    for file in ["cloudformation.json", "template.yaml", "serverless.yml", "manifest.json"] {
        assert!(out.join(file).is_file(), "{file}");
    }
    let sls = std::fs::read_to_string(out.join("serverless.yml")).unwrap();
    assert!(sls.contains("region: eu-west-1"), "{sls}");
}

#[test]
fn bad_input_exits_with_2() {
    let out = out_dir("bad");
    assert_eq!(run(args(fixture_path("bad-undeclared"), &out)), ExitCode::from(2));
    assert_eq!(run(args(fixture_path("no-such-fixture"), &out)), ExitCode::from(2));
    assert!(!out.join("cloudformation.json").exists(), "nothing is written for a bad manifest");
    let not_a_manifest = out_dir("garbage").with_extension("json");
    std::fs::create_dir_all(not_a_manifest.parent().unwrap()).unwrap();
    std::fs::write(&not_a_manifest, r#"{"service": "x", "functions": 3}"#).unwrap();
    assert_eq!(run(args(not_a_manifest, &out)), ExitCode::from(2));
}

#[test]
fn extra_resources_file_is_merged_or_refused() {
    let out = out_dir("extra");
    std::fs::create_dir_all(&out).unwrap();
    let good = out.join("extra.json");
    std::fs::write(&good, r#"{"Resources": {"OpsTopic": {"Type": "AWS::SNS::Topic"}}}"#).unwrap();
    let mut a = args(fixture_path("minimal"), &out);
    a.extra_resources = Some(good);
    assert_eq!(run(a.clone()), ExitCode::SUCCESS);
    assert!(std::fs::read_to_string(out.join("cloudformation.json")).unwrap().contains("OpsTopic"));
    let bad = out.join("bad-extra.json");
    std::fs::write(&bad, r#"{"Resources": {"OpsTopic": {}}}"#).unwrap();
    a.extra_resources = Some(bad);
    assert_eq!(run(a), ExitCode::from(2));
}
