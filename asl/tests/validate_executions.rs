//! No false positives: every definition AWS ran successfully or to a runtime failure was
//! accepted by AWS at creation, so the validator must accept it too.

use lambdaform_asl::validate::validate;
use serde_json::Value;

#[test]
fn every_executed_definition_is_accepted() {
    let corpus: Vec<Value> = serde_json::from_str(include_str!("data/asl-executions.json")).expect("valid JSON");
    let mut refused = Vec::new();
    for entry in &corpus {
        let problems = validate(&entry["definition"]);
        if !problems.is_empty() {
            refused.push(format!("{}: {problems:?}", entry["name"]));
        }
    }
    println!("executions corpus: {} of {} definitions accepted", corpus.len() - refused.len(), corpus.len());
    assert!(refused.is_empty(), "{} refused:\n{}", refused.len(), refused.join("\n"));
}
