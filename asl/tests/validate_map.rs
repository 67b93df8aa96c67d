//! Map and Parallel: processors and branches validated recursively, ProcessorConfig, items,
//! concurrency and failure tolerance, labels, and distributed Map under Express.

use lambdaform_asl::validate::{validate, validate_with, MachineKind, Options};
use serde_json::{json, Value};

fn map(fields: Value) -> Value {
    let mut state = json!({"Type": "Map", "End": true,
        "ItemProcessor": {"StartAt": "I", "States": {"I": {"Type": "Pass", "End": true}}}});
    state.as_object_mut().unwrap().extend(fields.as_object().unwrap().clone());
    json!({"StartAt": "M", "States": {"M": state}})
}

fn distributed(execution: &str, inner: Value) -> Value {
    map(json!({"ItemProcessor": {
        "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": execution},
        "StartAt": "I", "States": {"I": inner}}}))
}

fn assert_one(def: Value, pointer: &str, message: &str) {
    let problems = validate(&def);
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert_eq!(problems[0].pointer, pointer, "{}", problems[0].message);
    assert!(problems[0].message.contains(message), "{:?} should mention {message:?}", problems[0].message);
}

#[test]
fn a_processor_is_required() {
    let def = json!({"StartAt": "M", "States": {"M": {"Type": "Map", "End": true}}});
    assert_one(def, "/States/M", "'ItemProcessor' is required");
}

#[test]
fn processors_are_validated_recursively() {
    assert_one(
        map(json!({"ItemProcessor": {"StartAt": "I", "States": {"I": {"Type": "Wait", "End": true}}}})),
        "/States/M/ItemProcessor/States/I",
        "a Wait state needs exactly one of",
    );
    assert_one(
        map(json!({"Iterator": {"StartAt": "X", "States": {"X": {"Type": "Succeed"}}}})),
        "/States/M",
        "'ItemProcessor' and 'Iterator' cannot both be set",
    );
}

#[test]
fn processor_config_is_checked() {
    assert_one(
        map(
            json!({"ItemProcessor": {"ProcessorConfig": {"Mode": "PARALLEL"}, "StartAt": "I", "States": {"I": {"Type": "Succeed"}}}}),
        ),
        "/States/M/ItemProcessor/ProcessorConfig/Mode",
        "must be INLINE or DISTRIBUTED, found 'PARALLEL'",
    );
    assert_one(
        map(
            json!({"ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED"}, "StartAt": "I", "States": {"I": {"Type": "Succeed"}}}}),
        ),
        "/States/M/ItemProcessor/ProcessorConfig",
        "a DISTRIBUTED Map needs 'ExecutionType'",
    );
    assert_one(
        map(
            json!({"ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE", "ExecutionType": "EXPRESS"}, "StartAt": "I", "States": {"I": {"Type": "Succeed"}}}}),
        ),
        "/States/M/ItemProcessor/ProcessorConfig/ExecutionType",
        "ExecutionType applies only to a DISTRIBUTED Map",
    );
}

#[test]
fn express_machines_refuse_distributed_map() {
    let def = distributed("STANDARD", json!({"Type": "Succeed"}));
    assert_eq!(validate(&def), vec![]);
    let express = Options { kind: MachineKind::Express, ..Options::default() };
    let problems = validate_with(&def, &express);
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert_eq!(problems[0].pointer, "/States/M/ItemProcessor/ProcessorConfig/Mode");
}

#[test]
fn express_child_workflows_refuse_sync_integrations() {
    let sync = json!({"Type": "Task", "Resource": "arn:aws:states:::states:startExecution.sync", "End": true});
    assert_eq!(validate(&distributed("STANDARD", sync.clone())), vec![]);
    assert_one(
        distributed("EXPRESS", sync),
        "/States/M/ItemProcessor/States/I/Resource",
        "Express state machine does not support '.sync'",
    );
}

#[test]
fn items_path_is_a_reference_path() {
    assert_one(map(json!({"ItemsPath": "$.a..b"})), "/States/M/ItemsPath", "must be a reference path");
}

#[test]
fn concurrency_and_tolerance_are_bounded() {
    assert_one(map(json!({"MaxConcurrency": -1})), "/States/M/MaxConcurrency", "must be at least 0, found -1");
    assert_one(
        map(json!({"ToleratedFailurePercentage": 101})),
        "/States/M/ToleratedFailurePercentage",
        "must be between 0 and 100",
    );
    assert_one(
        map(json!({"ToleratedFailureCount": 1, "ToleratedFailureCountPath": "$.n"})),
        "/States/M",
        "ToleratedFailureCount and ToleratedFailureCountPath cannot both be set",
    );
}

#[test]
fn labels_are_short_and_plain() {
    assert_one(map(json!({"Label": ""})), "/States/M/Label", "a Label cannot be empty");
    assert_one(map(json!({"Label": "x".repeat(41)})), "/States/M/Label", "longer than 40 characters");
    assert_one(map(json!({"Label": "a:b"})), "/States/M/Label", "cannot contain ':'");
    assert_one(map(json!({"Label": "a\u{85}b"})), "/States/M/Label", "cannot contain");
    assert_eq!(validate(&map(json!({"Label": "batch_1-ok"}))), vec![]);
}

#[test]
fn jsonata_items_are_arrays_or_expressions() {
    let def = |items: Value| {
        json!({"StartAt": "M", "QueryLanguage": "JSONata", "States": {"M": {"Type": "Map", "End": true, "Items": items,
            "ItemProcessor": {"StartAt": "I", "States": {"I": {"Type": "Succeed"}}}}}})
    };
    assert_eq!(validate(&def(json!([1, "{% $x %}"]))), vec![]);
    assert_eq!(validate(&def(json!("{% $states.input.list %}"))), vec![]);
    assert_one(def(json!(3)), "/States/M/Items", "must be an array or a JSONata expression");
}

#[test]
fn parallel_branches_are_validated_recursively() {
    let def = json!({"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [
        {"StartAt": "A", "States": {"A": {"Type": "Succeed"}}},
        {"StartAt": "B", "States": {"B": {"Type": "Wait", "Seconds": -1, "End": true}}}]}}});
    assert_one(def, "/States/P/Branches/1/States/B/Seconds", "must be between 0 and 99999999");
}

#[test]
fn parallel_needs_branches() {
    let def = json!({"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": []}}});
    assert_one(def, "/States/P/Branches", "needs at least one branch");
}

#[test]
fn branches_take_only_machine_fields() {
    let def = json!({"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [
        {"StartAt": "A", "Version": "1.0", "States": {"A": {"Type": "Succeed"}}}]}}});
    assert_one(def, "/States/P/Branches/0/Version", "unknown field 'Version'");
}

#[test]
fn parameters_and_item_selector_are_exclusive() {
    assert_one(
        map(json!({"Parameters": {}, "ItemSelector": {}})),
        "/States/M",
        "Parameters and ItemSelector cannot both be set",
    );
}

#[test]
fn distributed_dataset_fields_are_checked() {
    let ok = map(json!({
        "ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "JSON", "MaxItems": 10},
            "Parameters": {"Bucket.$": "$.bucket", "Key": "items.json"}},
        "ItemBatcher": {"MaxItemsPerBatch": 5, "BatchInput": {"run.$": "$$.Execution.Id"}},
        "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "b", "Prefix": "out"}}}));
    assert_eq!(validate(&ok), vec![]);
    assert_one(
        map(json!({"ItemReader": {"Parameters": {}}})),
        "/States/M/ItemReader",
        "an ItemReader needs 'Resource'",
    );
    assert_one(
        map(json!({"ItemBatcher": {"MaxItemsPerBatch": 5, "MaxItemsPerBatchPath": "$.n"}})),
        "/States/M/ItemBatcher",
        "MaxItemsPerBatch and MaxItemsPerBatchPath cannot both be set",
    );
    assert_one(
        map(json!({"ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"MaxItems": -2}}})),
        "/States/M/ItemReader/ReaderConfig/MaxItems",
        "must be at least 0",
    );
}
