//! Writes each fixture's outputs under target/synth-fixtures for scripts/validate-outputs.sh, and checks that
//! every written file reads back as the document synthesis produced.

mod synth_support;

use lambdaform_codegen::synth::Target;
use serde_json::Value;
use synth_support::{fixtures_out_dir, synth_fixture, GOOD};

#[test]
fn fixtures_write_all_four_files_that_read_back() {
    for name in GOOD {
        let synthesis = synth_fixture(name);
        let dir = fixtures_out_dir().join(name);
        let written = synthesis.write(&dir).unwrap();
        assert_eq!(written.len(), 4, "{name}");
        for target in [Target::CloudFormation, Target::Sam, Target::Serverless] {
            let text = std::fs::read_to_string(dir.join(target.file_name())).unwrap();
            let back: Value = match target {
                Target::CloudFormation => serde_json::from_str(&text).unwrap(),
                _ => serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{name} {}: {e}", target.file_name())),
            };
            assert_eq!(&back, synthesis.document(target), "{name}: {} does not read back", target.file_name());
        }
        let manifest: lambdaform_manifest::Manifest =
            serde_json::from_str(&std::fs::read_to_string(dir.join("manifest.json")).unwrap()).unwrap();
        assert_eq!(manifest, synthesis.manifest);
    }
}
