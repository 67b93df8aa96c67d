//! Distributed Map: child executions, map runs, tolerated failures over children, and S3 through the
//! executor's object store (`ItemReader`, `ResultWriter`).

use lambdaform_asl::exec::{errors, ExecutionResult, Executor, MemoryStore, NoTasks, Status};
use lambdaform_asl::model::StateMachine;
use serde_json::{json, Value};

fn machine(v: Value) -> StateMachine {
    StateMachine::from_value(v).expect("test definition parses")
}

/// A Distributed Map whose children fail on even numbers (`Fail`) and pass the rest through.
fn distributed(extra: Value, execution_type: &str) -> StateMachine {
    let mut map = json!({"Type": "Map", "Label": "Batch", "End": true, "ItemProcessor": {
        "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": execution_type},
        "StartAt": "Check", "States": {
            "Check": {"Type": "Choice", "Choices": [{"Variable": "$.n", "NumericGreaterThan": 100, "Next": "Odd"}],
                "Default": "Parity"},
            "Parity": {"Type": "Pass", "Parameters": {"n.$": "$.n", "even.$": "States.MathAdd($.n, 0)", "exec.$": "$$.Execution.Id",
                "machine.$": "$$.StateMachine.Name"}, "Next": "Even?"},
            "Even?": {"Type": "Choice", "Choices": [{"Variable": "$.n", "NumericEquals": 2, "Next": "Bad"},
                {"Variable": "$.n", "NumericEquals": 4, "Next": "Bad"}], "Default": "Odd"},
            "Bad": {"Type": "Fail", "Error": "Even", "Cause": "even number"},
            "Odd": {"Type": "Pass", "End": true}}}});
    map.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
    machine(json!({"StartAt": "M", "States": {"M": map}}))
}

fn items(ns: &[i64]) -> Value {
    Value::Array(ns.iter().map(|n| json!({"n": n})).collect())
}

fn kinds(r: &ExecutionResult) -> Vec<&str> {
    r.history.iter().map(|e| e.kind.as_str()).collect()
}

#[tokio::test]
async fn each_item_is_a_child_execution_with_its_own_arn_and_history() {
    let r = Executor::new(distributed(json!({}), "STANDARD"), NoTasks)
        .with_state_machine_name("orders")
        .start(items(&[1, 3, 5]))
        .await;
    assert_eq!(r.status, Status::Succeeded, "{r:?}");
    let k = kinds(&r);
    assert_eq!(
        k,
        vec![
            "ExecutionStarted",
            "MapStateEntered",
            "MapStateStarted",
            "MapRunStarted",
            "MapRunSucceeded",
            "MapStateSucceeded",
            "MapStateExited",
            "ExecutionSucceeded"
        ]
    );
    let run = &r.map_runs[0];
    assert!(run.arn.starts_with("arn:aws:states:us-east-1:000000000000:mapRun:orders/Batch:"), "{}", run.arn);
    assert_eq!(r.history[3].to_json()["mapRunStartedEventDetails"]["mapRunArn"], json!(run.arn));
    assert_eq!(run.executions.len(), 3);
    let outputs = r.output.unwrap();
    for (i, child) in run.executions.iter().enumerate() {
        assert!(
            child.arn.starts_with("arn:aws:states:us-east-1:000000000000:execution:orders/Batch:"),
            "{}",
            child.arn
        );
        assert!(child.arn.ends_with(&format!(":{}", child.name)));
        assert_eq!(child.input, items(&[1, 3, 5])[i]);
        assert_eq!(child.result.history.first().unwrap().kind, "ExecutionStarted");
        assert_eq!(child.result.history.last().unwrap().kind, "ExecutionSucceeded");
        assert_eq!(outputs[i]["exec"], json!(child.arn), "the child's $$.Execution.Id is its own ARN");
        assert_eq!(outputs[i]["machine"], "orders/Batch");
    }
}

#[tokio::test]
async fn express_children_have_express_arns() {
    let r = Executor::new(distributed(json!({}), "EXPRESS"), NoTasks).start(items(&[1])).await;
    assert!(r.map_runs[0].executions[0].arn.contains(":express:StateMachine/Batch:"));
}

#[tokio::test]
async fn tolerated_failures_count_child_executions() {
    let within = distributed(json!({"ToleratedFailurePercentage": 50}), "STANDARD");
    let r = Executor::new(within, NoTasks).start(items(&[1, 2, 3, 4])).await;
    assert_eq!(r.status, Status::Succeeded, "{r:?}");
    let failed: Vec<Status> = r.map_runs[0].executions.iter().map(|c| c.result.status).collect();
    assert_eq!(failed, vec![Status::Succeeded, Status::Failed, Status::Succeeded, Status::Failed]);
    assert_eq!(r.output.unwrap()[1], json!({"Error": "Even", "Cause": "even number"}));

    let beyond = distributed(json!({"ToleratedFailureCount": 1}), "STANDARD");
    let r = Executor::new(beyond, NoTasks).start(items(&[1, 2, 3, 4])).await;
    assert_eq!(r.error.as_deref(), Some(errors::EXCEED_TOLERATED_FAILURE));
    let failed_run = r.history.iter().find(|e| e.kind == "MapRunFailed").expect("MapRunFailed").to_json();
    assert_eq!(failed_run["mapRunFailedEventDetails"]["error"], errors::EXCEED_TOLERATED_FAILURE);
    assert!(kinds(&r).contains(&"MapStateFailed"));
}

#[tokio::test]
async fn without_a_threshold_one_failed_child_fails_the_map_run() {
    let r = Executor::new(distributed(json!({}), "STANDARD"), NoTasks).start(items(&[2])).await;
    assert_eq!(r.error.as_deref(), Some(errors::EXCEED_TOLERATED_FAILURE));
    assert_eq!(r.map_runs[0].executions[0].result.error.as_deref(), Some("Even"));
}

fn read_json(store: &MemoryStore, bucket: &str, key: &str) -> Value {
    let bytes = store.get(bucket, key).unwrap_or_else(|| panic!("s3://{bucket}/{key} was written"));
    serde_json::from_slice(&bytes).unwrap()
}

#[tokio::test]
async fn item_reader_and_result_writer_go_through_the_object_store() {
    let store = MemoryStore::default();
    store.insert("in", "data/items.json", serde_json::to_vec(&items(&[1, 2, 3])).unwrap());
    let m = distributed(
        json!({"ToleratedFailureCount": 1,
            "ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "JSON"},
                "Parameters": {"Bucket": "in", "Key.$": "$.key"}},
            "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "out", "Prefix": "results"}}}),
        "STANDARD",
    );
    let r = Executor::new(m, NoTasks).with_object_store(store.clone()).start(json!({"key": "data/items.json"})).await;
    assert_eq!(r.status, Status::Succeeded, "{r:?}");
    let out = r.output.unwrap();
    let map_run = &r.map_runs[0];
    let run_id = map_run.arn.rsplit(':').next().unwrap();
    let manifest_key = format!("results/{run_id}/manifest.json");
    assert_eq!(out, json!({"MapRunArn": map_run.arn, "ResultWriterDetails": {"Bucket": "out", "Key": manifest_key}}));

    let manifest = read_json(&store, "out", &manifest_key);
    assert_eq!(manifest["DestinationBucket"], "out");
    assert_eq!(manifest["MapRunArn"], json!(map_run.arn));
    assert_eq!(manifest["ResultFiles"]["PENDING"], json!([]));
    let succeeded_key = manifest["ResultFiles"]["SUCCEEDED"][0]["Key"].as_str().unwrap();
    assert_eq!(succeeded_key, format!("results/{run_id}/SUCCEEDED_0.json"));
    let succeeded = read_json(&store, "out", succeeded_key);
    assert_eq!(succeeded.as_array().unwrap().len(), 2);
    assert_eq!(succeeded[0]["Status"], "SUCCEEDED");
    assert_eq!(succeeded[0]["Input"], "{\"n\":1}");
    assert_eq!(succeeded[0]["ExecutionArn"], json!(map_run.executions[0].arn));
    assert!(succeeded[0]["StateMachineArn"].as_str().unwrap().ends_with(":stateMachine:StateMachine/Batch"));
    let failed = read_json(&store, "out", &format!("results/{run_id}/FAILED_0.json"));
    assert_eq!(failed[0]["Error"], "Even");
    assert_eq!(failed[0]["Cause"], "even number");
    assert_eq!(
        manifest["ResultFiles"]["FAILED"][0]["Size"].as_u64().unwrap() as usize,
        store.get("out", &format!("results/{run_id}/FAILED_0.json")).unwrap().len()
    );
}

#[tokio::test]
async fn item_reader_reads_csv_jsonl_and_object_listings() {
    let store = MemoryStore::default();
    store.insert("b", "rows.csv", "n,name\n1,one\n3,\"three, really\"\n5,five\n");
    store.insert("b", "rows.jsonl", "{\"n\": 7}\n{\"n\": 9}\n");
    store.insert("b", "logs/a.txt", "aaaa");
    store.insert("b", "logs/b.txt", "bb");
    let reader = |reader: Value| {
        machine(json!({"StartAt": "M", "States": {"M": {"Type": "Map", "End": true, "ItemReader": reader,
            "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"},
                "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}}}}))
    };
    let run = |m: StateMachine| Executor::new(m, NoTasks).with_object_store(store.clone()).start(json!({}));

    let csv = reader(json!({"Resource": "arn:aws:states:::s3:getObject",
        "ReaderConfig": {"InputType": "CSV", "CSVHeaderLocation": "FIRST_ROW", "MaxItems": 2},
        "Parameters": {"Bucket": "b", "Key": "rows.csv"}}));
    let r = run(csv).await;
    assert_eq!(r.output, Some(json!([{"n": "1", "name": "one"}, {"n": "3", "name": "three, really"}])));

    let jsonl = reader(json!({"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "JSONL"},
        "Parameters": {"Bucket": "b", "Key": "rows.jsonl"}}));
    assert_eq!(run(jsonl).await.output, Some(json!([{"n": 7}, {"n": 9}])));

    let listing = reader(json!({"Resource": "arn:aws:states:::s3:listObjectsV2",
        "Parameters": {"Bucket": "b", "Prefix": "logs/"}}));
    let out = run(listing).await.output.unwrap();
    let keys: Vec<(&str, u64)> =
        out.as_array().unwrap().iter().map(|o| (o["Key"].as_str().unwrap(), o["Size"].as_u64().unwrap())).collect();
    assert_eq!(keys, vec![("logs/a.txt", 4), ("logs/b.txt", 2)]);

    let missing = reader(json!({"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "JSON"},
        "Parameters": {"Bucket": "b", "Key": "nope.json"}}));
    let r = run(missing).await;
    assert_eq!(r.error.as_deref(), Some("States.ItemReaderFailed"));
    assert!(r.cause.unwrap().contains("NoSuchKey"));
}

#[tokio::test]
async fn children_still_running_when_the_map_run_fails_are_aborted() {
    use futures::future::BoxFuture;
    use lambdaform_asl::exec::{TaskOutcome, TaskRequest};
    let resolver = |req: TaskRequest| -> BoxFuture<'static, TaskOutcome> {
        match req.payload.as_str() {
            Some("fail") => Box::pin(async { TaskOutcome::Failure { error: Some("Broken".into()), cause: None } }),
            _ => Box::pin(futures::future::pending()),
        }
    };
    let store = MemoryStore::default();
    let m = machine(json!({"StartAt": "M", "States": {"M": {"Type": "Map", "End": true,
        "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "out"}},
        "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
            "StartAt": "Work", "States": {"Work": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                "Parameters.$": "$", "End": true}}}}}}));
    let r = Executor::new(m, resolver).with_object_store(store.clone()).start(json!(["wait", "fail"])).await;
    assert_eq!(r.error.as_deref(), Some(errors::EXCEED_TOLERATED_FAILURE));
    let children = &r.map_runs[0].executions;
    assert_eq!(children[0].result.status, Status::Aborted);
    assert_eq!(children[0].result.history.last().unwrap().kind, "ExecutionAborted");
    assert_eq!(children[1].result.status, Status::Failed);
    let run_id = r.map_runs[0].arn.rsplit(':').next().unwrap();
    let manifest = read_json(&store, "out", &format!("{run_id}/manifest.json"));
    assert_eq!(manifest["ResultFiles"]["PENDING"][0]["Key"], format!("{run_id}/PENDING_0.json"));
    assert_eq!(read_json(&store, "out", &format!("{run_id}/PENDING_0.json"))[0]["Status"], "ABORTED");
}
