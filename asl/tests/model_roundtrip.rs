//! Every conformance definition parses into the typed model and serializes back to equivalent JSON.

use lambdaform_asl::model::StateMachine;
use serde_json::Value;

const DATA: &str = include_str!("data/asl-executions.json");

#[test]
fn every_definition_round_trips() {
    let entries: Vec<Value> = serde_json::from_str(DATA).expect("valid test data");
    let mut failures = Vec::new();
    for entry in &entries {
        let name = entry["name"].as_str().unwrap_or_default();
        let original = &entry["definition"];
        match StateMachine::from_value(original.clone()) {
            Ok(machine) => {
                let back = serde_json::to_value(&machine).expect("model serializes");
                if &back != original {
                    failures.push(format!("{name}: differs after round trip:\n  {original}\n  {back}"));
                }
            }
            Err(e) => failures.push(format!("{name}: does not parse: {e}")),
        }
    }
    println!("round-tripped {}/{} definitions", entries.len() - failures.len(), entries.len());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn state_order_is_kept() {
    let text = r#"{"StartAt":"Z","States":{"Z":{"Type":"Pass","Next":"A"},"A":{"Type":"Succeed"}}}"#;
    let machine = StateMachine::from_json(text).unwrap();
    assert_eq!(machine.states.keys().collect::<Vec<_>>(), ["Z", "A"]);
    assert_eq!(
        serde_json::to_string(&machine).unwrap(),
        r#"{"StartAt":"Z","States":{"Z":{"Type":"Pass","Next":"A"},"A":{"Type":"Succeed"}}}"#
    );
}

#[test]
fn construction_is_ergonomic() {
    use lambdaform_asl::model::{PassState, QueryLanguage, State};
    let mut machine =
        StateMachine { start_at: "Hello".into(), query_language: Some(QueryLanguage::JSONata), ..Default::default() };
    machine.states.insert(
        "Hello".into(),
        State::Pass(PassState {
            output: Some(serde_json::json!("{% $states.input %}")),
            end: Some(true),
            ..Default::default()
        }),
    );
    let json = serde_json::to_value(&machine).unwrap();
    assert_eq!(json["States"]["Hello"]["Type"], "Pass");
    assert_eq!(json["QueryLanguage"], "JSONata");
}
