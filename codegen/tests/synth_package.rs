//! The artifact: a deterministic zip of `bootstrap`, recorded in artifact.json and picked up by synth.

use std::path::Path;
use std::process::ExitCode;

use lambdaform_codegen::cmd::synth::{run, SynthArgs};
use lambdaform_codegen::package::{zip_bootstrap, Artifact, ARTIFACT_FILE, ARTIFACT_JSON};

#[test]
fn zipping_twice_gives_the_same_digest_and_synth_records_it() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("synth-package");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    // Any file stands in for a built bootstrap: the zip does not look inside it. Small, so the debug-built
    // deflater stays quick.
    let binary = dir.join("bootstrap");
    let bytes: Vec<u8> = (0u32..200_000).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
    std::fs::write(&binary, bytes).unwrap();
    let first = zip_bootstrap(&binary, &dir.join("a.zip")).unwrap();
    let second = zip_bootstrap(&binary, &dir.join(ARTIFACT_FILE)).unwrap();
    assert_eq!(first, second);
    assert_eq!(std::fs::read(dir.join("a.zip")).unwrap(), std::fs::read(dir.join(ARTIFACT_FILE)).unwrap());
    let size = std::fs::metadata(dir.join(ARTIFACT_FILE)).unwrap().len();
    let artifact = Artifact { path: ARTIFACT_FILE.into(), sha256: second.clone(), architecture: "x86_64".into(), size };
    artifact.write(&dir.join(ARTIFACT_JSON)).unwrap();
    assert_eq!(Artifact::read(&dir.join(ARTIFACT_JSON)).unwrap(), artifact);

    let manifest = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/manifests/minimal.json");
    let args = SynthArgs {
        package: None,
        manifest: Some(manifest),
        stage: "dev".into(),
        out: Some(dir.clone()),
        no_build: true,
        region: "us-east-1".into(),
        extra_resources: None,
    };
    assert_eq!(run(args), ExitCode::SUCCESS);
    let cfn: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("cloudformation.json")).unwrap()).unwrap();
    assert_eq!(cfn["Outputs"]["ArtifactSha256"]["Value"], second.as_str());
}
