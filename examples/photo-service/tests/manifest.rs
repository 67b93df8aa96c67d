//! The manifest the binary carries: complete, and the same whichever way it is read and however often.

use std::path::Path;
use std::process::Command;

use lambdaform_manifest::{Event, Fragment, Manifest};

fn binary() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_photo-service"))
}

#[test]
fn reading_twice_is_byte_identical() {
    let first = serde_json::to_string_pretty(&lambdaform_codegen::binary::read_manifest(binary()).unwrap()).unwrap();
    let second = serde_json::to_string_pretty(&lambdaform_codegen::binary::read_manifest(binary()).unwrap()).unwrap();
    assert_eq!(first, second);
}

#[test]
fn describes_the_whole_service() {
    let m = lambdaform_codegen::binary::read_manifest(binary()).unwrap();
    assert_eq!(m.service, "photo-service");
    let names: Vec<_> = m.functions.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "announce_signups",
            "cleanup",
            "create_user",
            "delete_user",
            "get_user",
            "list_users",
            "make_thumbnail",
            "page_oncall",
            "purge_user",
            "queue_welcome",
            "send_emails"
        ]
    );
    let resources: Vec<_> = m.resources.iter().map(|r| (r.name.as_str(), r.kind.attribute(), r.retain)).collect();
    assert_eq!(
        resources,
        [("Emails", "queue", true), ("Signups", "topic", false), ("Uploads", "bucket", true), ("Users", "table", true)]
    );
    let kinds: std::collections::BTreeSet<_> =
        m.functions.iter().flat_map(|f| f.events.iter().map(Event::attribute)).collect();
    assert_eq!(kinds.len(), 8, "every trigger kind is exercised: {kinds:?}");

    let create = m.function("create_user").unwrap();
    assert_eq!((create.memory, create.timeout), (256, 10));
    assert_eq!(create.rust_path, "photo_service::create_user");
    assert!(create.source.file.ends_with("src/users.rs"), "{}", create.source.file);
    let thumb = m.function("make_thumbnail").unwrap();
    match &thumb.events[0] {
        Event::S3(s3) => {
            assert_eq!(s3.events, ["s3:ObjectCreated:*"]);
            assert_eq!(s3.prefix.as_deref(), Some("images/"));
        }
        other => panic!("unexpected {other:?}"),
    }
}

#[test]
fn the_binary_prints_the_same_fragments() {
    let out = Command::new(binary()).arg("--lambdaform-manifest").output().unwrap();
    assert!(out.status.success());
    let fragments = Fragment::decode_section(&out.stdout).unwrap();
    let printed = Manifest::from_fragments(fragments).unwrap();
    assert_eq!(printed, lambdaform_codegen::binary::read_manifest(binary()).unwrap());
}

#[test]
fn a_binary_without_a_manifest_is_a_clear_error() {
    let this_test = std::env::current_exe().unwrap();
    let error = lambdaform_codegen::binary::read_manifest(&this_test).unwrap_err();
    assert!(error.contains("no lambdaform manifest in this binary"), "{error}");
    let error = lambdaform_codegen::binary::read_manifest(Path::new("Cargo.toml")).unwrap_err();
    assert!(error.contains("not an executable object file"), "{error}");
}
