//! Every definition AWS refused at CreateStateMachine is refused here too; hint entries (LocalStack's
//! answers, not AWS's) are counted and compared with a known list of deliberate acceptances.

use lambdaform_asl::validate::{validate_with, MachineKind, Options};
use serde_json::Value;

/// Hint entries we accept on purpose, by name, each with the reason.
const ACCEPTED_HINTS: &[(&str, &str)] = &[];

fn corpus() -> Vec<Value> {
    let text = include_str!("data/asl-rejected.json");
    serde_json::from_str(text).expect("asl-rejected.json is valid JSON")
}

fn response_text(entry: &Value) -> String {
    let r = &entry["aws_response"];
    [&r["exception_value"], &r["message"], &r["Error"]["Message"], &r["Error"]["Code"], &r["exception_typename"]]
        .iter()
        .filter_map(|v| v.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

/// AWS answered about the definition itself (InvalidDefinition), rather than about some other
/// request parameter of the API call that happened to carry a valid definition.
fn refused_for_definition(entry: &Value) -> bool {
    response_text(entry).contains("InvalidDefinition")
}

/// The recorded error names the machine kind when AWS refused it as an Express machine.
fn options_for(entry: &Value) -> Options {
    let kind = if response_text(entry).contains("Express state machine") {
        MachineKind::Express
    } else {
        MachineKind::Standard
    };
    Options { kind, ..Options::default() }
}

#[test]
fn every_aws_validated_refusal_is_refused() {
    let corpus = corpus();
    let validated: Vec<&Value> = corpus.iter().filter(|e| !e["aws_last_validated"].is_null()).collect();
    assert_eq!(validated.len(), 14);
    let (mut refused, mut accepted_valid) = (0, 0);
    for entry in validated {
        let problems = validate_with(&entry["definition"], &options_for(entry));
        let name = entry["name"].as_str().unwrap_or_default();
        if refused_for_definition(entry) {
            assert!(!problems.is_empty(), "{name}: AWS refused it, we accepted it");
            refused += 1;
        } else {
            // AWS refused the *call* (an unknown execution ARN, a version description without
            // publish); the definition itself was fine, so refusing it would be a false positive.
            assert!(problems.is_empty(), "{name}: valid definition refused: {problems:?}");
            accepted_valid += 1;
        }
    }
    println!("AWS-validated entries: {refused} invalid definitions refused, {accepted_valid} valid definitions accepted (errors not about the definition)");
    assert_eq!(refused, 12);
}

#[test]
fn aws_pointer_is_among_ours_where_aws_gives_one() {
    let mut compared = 0;
    for entry in corpus().iter().filter(|e| !e["aws_last_validated"].is_null()) {
        let text = response_text(entry);
        let Some(pointer) = text.rsplit(" at ").next().and_then(|t| t.split('\'').next()) else {
            continue;
        };
        if !text.contains("SCHEMA_VALIDATION_FAILED") {
            continue;
        }
        let pointer = if pointer == "/" { "" } else { pointer.trim_end() };
        let problems = validate_with(&entry["definition"], &options_for(entry));
        assert!(
            problems.iter().any(|p| p.pointer == pointer),
            "{}: AWS points at {pointer:?}, we report {problems:?}",
            entry["name"]
        );
        compared += 1;
    }
    // Every AWS refusal of a definition is a SCHEMA_VALIDATION_FAILED naming a pointer.
    assert_eq!(compared, 12);
}

#[test]
fn hint_entries_are_refused_except_known_acceptances() {
    let corpus = corpus();
    let hints: Vec<&Value> = corpus.iter().filter(|e| e["aws_last_validated"].is_null()).collect();
    let mut refused = 0;
    let mut unexpected = Vec::new();
    for entry in &hints {
        let name = entry["name"].as_str().unwrap_or_default();
        let problems = validate_with(&entry["definition"], &options_for(entry));
        let known = ACCEPTED_HINTS.iter().any(|(n, _)| *n == name);
        match (problems.is_empty(), known) {
            (false, false) => refused += 1,
            (true, true) => {}
            (true, false) => unexpected.push(format!("{name}: accepted")),
            (false, true) => unexpected.push(format!("{name}: refused, but listed as accepted")),
        }
    }
    println!("hint entries: {refused} of {} refused, {} accepted on purpose", hints.len(), ACCEPTED_HINTS.len());
    assert!(unexpected.is_empty(), "{unexpected:#?}");
}
