//! `ResultWriter`: a Distributed Map writes its child executions' results to S3 (the executor's object
//! store) as AWS does: `<Prefix>/<map run id>/SUCCEEDED_0.json`, `FAILED_0.json`, `PENDING_0.json` (each
//! only when not empty) and `manifest.json`; the state's result is then a reference to the manifest.

use std::sync::Arc;

use serde_json::{json, Value};

use super::flow::{env_read, states_var};
use super::map_run::ChildExecution;
use crate::exec::clock::iso;
use crate::exec::error::Failure;
use crate::exec::execution::Status;
use crate::exec::jsonata;
use crate::exec::run::{payload_text, Here, Run, Thread};
use crate::model::ResultWriter;

const WRITER_FAILED: &str = "States.ResultWriterFailed";

/// Writes the result files and returns `{"MapRunArn", "ResultWriterDetails": {"Bucket", "Key"}}`.
#[allow(clippy::too_many_arguments)]
pub(super) async fn write(
    run: &Arc<Run>,
    here: &Here,
    th: &Thread,
    writer: &ResultWriter,
    (input, effective): (&Value, &Value),
    map_run_arn: &str,
    run_id: &str,
    children: &[ChildExecution],
) -> Result<Value, Failure> {
    let params = match (&writer.arguments, &writer.parameters) {
        (Some(a), _) => {
            jsonata::evaluate(a, "ResultWriter/Arguments", &states_var(run, here, input, None, None), &th.vars)?
        }
        (None, Some(p)) => env_read(run, here, th, None, |env| env.template(p, effective))?,
        (None, None) => Value::Null,
    };
    let Some(bucket) = params.get("Bucket").and_then(Value::as_str) else {
        return Err(Failure::runtime("The ResultWriter parameters need a string 'Bucket'."));
    };
    let prefix = params.get("Prefix").and_then(Value::as_str).unwrap_or("").trim_end_matches('/');
    let folder = if prefix.is_empty() { run_id.to_string() } else { format!("{prefix}/{run_id}") };
    let machine_arn = child_machine_arn(map_run_arn);
    let mut files = serde_json::Map::new();
    for (kind, wanted) in [("FAILED", failed as fn(Status) -> bool), ("PENDING", pending), ("SUCCEEDED", succeeded)] {
        let entries: Vec<Value> =
            children.iter().filter(|c| wanted(c.result.status)).map(|c| entry(c, &machine_arn)).collect();
        let mut listed = Vec::new();
        if !entries.is_empty() {
            let key = format!("{folder}/{kind}_0.json");
            let body = payload_text(&Value::Array(entries)).into_bytes();
            listed.push(json!({"Key": key, "Size": body.len()}));
            put(run, bucket, &key, body).await?;
        }
        files.insert(kind.into(), Value::Array(listed));
    }
    let manifest = json!({"DestinationBucket": bucket, "MapRunArn": map_run_arn, "ResultFiles": files});
    let key = format!("{folder}/manifest.json");
    put(run, bucket, &key, payload_text(&manifest).into_bytes()).await?;
    Ok(json!({"MapRunArn": map_run_arn, "ResultWriterDetails": {"Bucket": bucket, "Key": key}}))
}

fn failed(s: Status) -> bool {
    matches!(s, Status::Failed | Status::TimedOut)
}

fn pending(s: Status) -> bool {
    s == Status::Aborted
}

fn succeeded(s: Status) -> bool {
    s == Status::Succeeded
}

async fn put(run: &Run, bucket: &str, key: &str, body: Vec<u8>) -> Result<(), Failure> {
    run.store
        .put_object(bucket, key, body)
        .await
        .map_err(|e| Failure::new(Some(WRITER_FAILED.into()), Some(format!("s3://{bucket}/{key}: {e}"))))
}

/// `...:mapRun:<machine>/<label>:<id>` → `...:stateMachine:<machine>/<label>`.
fn child_machine_arn(map_run_arn: &str) -> String {
    let without_id = map_run_arn.rsplit_once(':').map_or(map_run_arn, |(a, _)| a);
    without_id.replacen(":mapRun:", ":stateMachine:", 1)
}

/// One child execution as AWS lists it in a result file.
fn entry(c: &ChildExecution, machine_arn: &str) -> Value {
    let time = |e: Option<&crate::exec::HistoryEvent>| e.map(|e| iso(e.timestamp));
    let mut v = json!({
        "ExecutionArn": c.arn,
        "Input": payload_text(&c.input),
        "InputDetails": {"Included": true},
        "Name": c.name,
        "RedriveCount": 0,
        "StartDate": time(c.result.history.first()),
        "StateMachineArn": machine_arn,
        "Status": c.result.status.as_str(),
        "StopDate": time(c.result.history.last()),
    });
    match c.result.status {
        Status::Succeeded => {
            v["Output"] = json!(payload_text(c.result.output.as_ref().unwrap_or(&Value::Null)));
            v["OutputDetails"] = json!({"Included": true});
        }
        _ => {
            v["Error"] = json!(c.result.error);
            v["Cause"] = json!(c.result.cause);
        }
    }
    v
}
