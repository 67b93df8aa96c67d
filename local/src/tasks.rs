//! The `TaskResolver` of local executions: Task states call the service's own handlers and in-memory
//! resources, found by the ARNs and names the substituted definition holds.

use std::sync::{Arc, Weak};

use futures::future::BoxFuture;
use lambdaform_asl::exec::{CallbackMessage, TaskOutcome, TaskRequest, TaskResolver};
use serde_json::{json, Value};

use crate::local::{Inner, Local};
use crate::log::{LogEntry, Trigger};
use crate::sns::{Attributes, MessageAttribute};
use crate::LocalError;

pub(crate) struct Tasks {
    pub inner: Weak<Inner>,
    pub execution_arn: String,
}

impl TaskResolver for Tasks {
    fn resolve(&self, request: TaskRequest) -> BoxFuture<'static, TaskOutcome> {
        let inner = self.inner.upgrade();
        let execution_arn = self.execution_arn.clone();
        Box::pin(async move {
            match inner {
                Some(inner) => run(inner, execution_arn, request).await,
                None => failure("States.TaskFailed", "the local service has shut down".into()),
            }
        })
    }
}

/// Logs that a callback task handed its token out (to a handler or a message); returns the token.
fn handed_out(inner: &Inner, execution_arn: String, request: &TaskRequest) -> String {
    let token = request.task_token.clone().unwrap_or_default();
    let waiting = LogEntry::Callback { execution_arn, state: request.state_name.clone(), task_token: token.clone() };
    inner.log.push(inner.clock.now(), waiting);
    token
}

/// On the real clock the executor waits for the answer itself. On a virtual clock it would place the answer
/// at the instant the token was handed out; waiting here until it comes and reporting the dev server's time
/// that passed meanwhile resumes the execution on the server's clock (`POST /_lambdaform/clock` moves it).
async fn await_callback(inner: &Arc<Inner>, request: &TaskRequest, token: &str) -> TaskOutcome {
    if !inner.clock.is_virtual() {
        return TaskOutcome::AwaitCallback;
    }
    let entered = request.context["State"]["EnteredTime"]
        .as_str()
        .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
        .map(|t| t.with_timezone(&chrono::Utc));
    inner.answered(token).await;
    let waited = entered.and_then(|t| (inner.clock.now() - t).to_std().ok()).unwrap_or_default();
    TaskOutcome::AwaitCallback.took(waited)
}

fn failure(error: &str, cause: String) -> TaskOutcome {
    TaskOutcome::Failure { error: Some(error.to_string()), cause: Some(cause) }
}

/// The integration pattern's suffix split off: `arn:aws:states:::sqs:sendMessage.waitForTaskToken` →
/// (`arn:aws:states:::sqs:sendMessage`, `.waitForTaskToken`).
fn split_pattern(resource: &str) -> (&str, &str) {
    for suffix in [".waitForTaskToken", ".sync:2", ".sync"] {
        if let Some(base) = resource.strip_suffix(suffix) {
            return (base, suffix);
        }
    }
    (resource, "")
}

/// A string parameter, or a JSON value written out as text (what the SDK integrations do with objects).
fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

async fn run(inner: Arc<Inner>, execution_arn: String, request: TaskRequest) -> TaskOutcome {
    let (base, pattern) = split_pattern(&request.resource);
    let callback = pattern == ".waitForTaskToken";
    let local = Local { inner: inner.clone() };
    let p = &request.payload;
    let outcome = match base.strip_prefix("arn:aws:states:::") {
        Some("lambda:invoke") => {
            let Some(function) = logical(&inner, "function", &text(&p["FunctionName"])) else {
                return failure(
                    "Lambda.ResourceNotFoundException",
                    format!("Function not found: {}", p["FunctionName"]),
                );
            };
            let payload = p.get("Payload").cloned().unwrap_or(json!({}));
            let trigger = Trigger::Task { execution_arn: execution_arn.clone(), state: request.state_name.clone() };
            if callback {
                // The handler answers through the token later; if the invocation itself fails, so does the task.
                let (runner, token) = (inner.clone(), handed_out(&inner, execution_arn, &request));
                let failing = token.clone();
                inner.track(async move {
                    if let Err(e) = runner.invoke_logged(trigger, &function, payload).await {
                        let cause = json!({"errorMessage": e.error_message, "errorType": e.error_type}).to_string();
                        let message = CallbackMessage::Failure { error: Some(e.error_type), cause: Some(cause) };
                        // Already answered (or the execution ended): nothing is waiting for this failure.
                        let _ = runner.answer(&failing, message);
                    }
                });
                return await_callback(&inner, &request, &token).await;
            }
            return match inner.invoke_logged(trigger, &function, payload).await {
                Ok(output) => TaskOutcome::Success(json!({
                    "ExecutedVersion": "$LATEST",
                    "Payload": output,
                    "SdkHttpMetadata": {"HttpStatusCode": 200},
                    "StatusCode": 200,
                })),
                Err(e) => failure(
                    &e.error_type,
                    json!({"errorMessage": e.error_message, "errorType": e.error_type}).to_string(),
                ),
            };
        }
        Some(action) if action.starts_with("dynamodb:") || action.starts_with("aws-sdk:dynamodb:") => {
            dynamodb(&local, action.rsplit(':').next().unwrap_or_default(), p).await
        }
        Some("sns:publish") => publish(&local, p).await,
        Some("sqs:sendMessage") => match logical(&inner, "queue", &text(&p["QueueUrl"])) {
            Some(queue) => {
                let body = text(&p["MessageBody"]);
                local
                    .send(&queue, &body, Attributes::new())
                    .await
                    .map(|id| json!({"MessageId": id, "MD5OfMessageBody": crate::s3::md5_hex(body.as_bytes())}))
            }
            None => Err(LocalError::unknown("queue", &text(&p["QueueUrl"]))),
        },
        Some("events:putEvents") => put_events(&local, p).await,
        Some("s3:getObject") => match logical(&inner, "bucket", &text(&p["Bucket"])) {
            Some(bucket) => local.get_object(&bucket, &text(&p["Key"])).and_then(|bytes| match bytes {
                None => Err(LocalError::invalid("/Key", "NoSuchKey: the specified key does not exist")),
                Some(bytes) => {
                    Ok(serde_json::from_slice(&bytes).unwrap_or_else(|_| json!(String::from_utf8_lossy(&bytes))))
                }
            }),
            None => Err(LocalError::unknown("bucket", &text(&p["Bucket"]))),
        },
        Some("s3:putObject") => match logical(&inner, "bucket", &text(&p["Bucket"])) {
            Some(bucket) => local
                .put_object(&bucket, &text(&p["Key"]), text(&p["Body"]).into_bytes())
                .await
                .map(|etag| json!({"ETag": format!("\"{etag}\"")})),
            None => Err(LocalError::unknown("bucket", &text(&p["Bucket"]))),
        },
        Some("states:startExecution") => return start_nested(&inner, p, pattern).await,
        _ if base.starts_with("arn:aws:lambda:") => {
            let Some(function) = logical(&inner, "function", base) else {
                return failure("Lambda.ResourceNotFoundException", format!("Function not found: {base}"));
            };
            let trigger = Trigger::Task { execution_arn, state: request.state_name.clone() };
            return match inner.invoke_logged(trigger, &function, p.clone()).await {
                Ok(output) => TaskOutcome::Success(output),
                Err(e) => failure(&e.error_type, e.error_message),
            };
        }
        _ => {
            return failure(
                "States.TaskFailed",
                format!("lambdaform local does not run the resource `{}`", request.resource),
            )
        }
    };
    match outcome {
        Ok(_) if callback => {
            let token = handed_out(&inner, execution_arn, &request);
            await_callback(&inner, &request, &token).await
        }
        Ok(result) => TaskOutcome::Success(result),
        Err(e) => {
            let service = base.rsplit("::").next().and_then(|s| s.split(':').next()).unwrap_or("States");
            let kind = match &e {
                LocalError::Unknown { .. } => "ResourceNotFoundException",
                _ => "ValidationException",
            };
            failure(&format!("{}.{kind}", service_name(service)), e.to_string())
        }
    }
}

/// The error prefix Step Functions gives an integrated service: `DynamoDB.ValidationException`.
fn service_name(service: &str) -> &str {
    match service {
        "dynamodb" | "aws-sdk" => "DynamoDB",
        "sns" => "SNS",
        "sqs" => "SQS",
        "s3" => "S3",
        "events" => "EventBridge",
        other => other,
    }
}

/// The declared name a deployed name, ARN or URL in a definition stands for.
fn logical(inner: &Inner, kind: &str, text: &str) -> Option<String> {
    let n = &inner.names;
    let m = &inner.manifest;
    let candidates: Vec<String> = match kind {
        "function" => m.functions.iter().map(|f| f.name.clone()).collect(),
        "state_machine" => m.state_machines.iter().map(|s| s.name.clone()).collect(),
        _ => m.resources.iter().filter(|r| r.kind.attribute() == kind).map(|r| r.name.clone()).collect(),
    };
    // A qualified function ARN (`...:function:NAME:$LATEST`) names the same function.
    let unqualified = match text.strip_prefix("arn:aws:lambda:") {
        Some(rest) if rest.split(':').count() == 5 => text.rsplit_once(':').map_or(text, |(a, _)| a),
        _ => text,
    };
    candidates.into_iter().find(|name| {
        let deployed = match kind {
            "function" => vec![n.function_arn(name), n.physical(name)],
            "table" => vec![n.physical(name), n.table_arn(name)],
            "bucket" => vec![n.bucket(name), n.bucket_arn(name)],
            "topic" => vec![n.topic_arn(name)],
            "queue" => vec![n.queue_url(name), n.queue_arn(name)],
            _ => vec![n.state_machine_arn(name)],
        };
        unqualified == name || deployed.iter().any(|d| d == unqualified)
    })
}

async fn dynamodb(local: &Local, action: &str, p: &Value) -> Result<Value, LocalError> {
    let table_name = text(&p["TableName"]);
    let table = logical(&local.inner, "table", &table_name).ok_or_else(|| LocalError::unknown("table", &table_name))?;
    if p.get("ConditionExpression").is_some() {
        // Ignoring a condition would write what AWS refuses; say so instead.
        return Err(LocalError::invalid("/ConditionExpression", "condition expressions are not emulated locally"));
    }
    match action {
        "putItem" => local.put_item(&table, p["Item"].clone()).await.map(|_| json!({})),
        "getItem" => local.get_item(&table, &p["Key"]).map(|item| match item {
            Some(item) => json!({"Item": item}),
            None => json!({}),
        }),
        "deleteItem" => local.delete_item(&table, &p["Key"]).await.map(|_| json!({})),
        "updateItem" => {
            let expression = p["UpdateExpression"].as_str().unwrap_or_default();
            let new = local
                .update_item(
                    &table,
                    &p["Key"],
                    expression,
                    &p["ExpressionAttributeNames"],
                    &p["ExpressionAttributeValues"],
                )
                .await?;
            Ok(match p["ReturnValues"].as_str() {
                Some("ALL_NEW") => json!({"Attributes": new}),
                _ => json!({}),
            })
        }
        "scan" => {
            local.scan(&table).map(|items| json!({"Count": items.len(), "Items": items, "ScannedCount": items.len()}))
        }
        other => Err(LocalError::invalid(
            "",
            format!(
                "DynamoDB action `{other}` is not run locally (putItem, getItem, deleteItem, updateItem, scan are)"
            ),
        )),
    }
}

async fn publish(local: &Local, p: &Value) -> Result<Value, LocalError> {
    let arn = text(&p["TopicArn"]);
    let topic = logical(&local.inner, "topic", &arn).ok_or_else(|| LocalError::unknown("topic", &arn))?;
    let mut attributes = Attributes::new();
    if let Some(map) = p.get("MessageAttributes").and_then(Value::as_object) {
        for (name, a) in map {
            let data_type = a.get("DataType").and_then(Value::as_str).unwrap_or("String");
            let value = a.get("StringValue").or_else(|| a.get("BinaryValue")).map(text).unwrap_or_default();
            attributes.insert(name.clone(), MessageAttribute { data_type: data_type.into(), value });
        }
    }
    let subject = p.get("Subject").and_then(Value::as_str);
    let id = local.publish_with_subject(&topic, subject, &text(&p["Message"]), attributes).await?;
    Ok(json!({"MessageId": id}))
}

async fn put_events(local: &Local, p: &Value) -> Result<Value, LocalError> {
    let entries = p["Entries"].as_array().ok_or_else(|| LocalError::invalid("/Entries", "Entries must be an array"))?;
    let mut ids = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        let detail = match &e["Detail"] {
            Value::String(s) => serde_json::from_str(s)
                .map_err(|err| LocalError::invalid(format!("/Entries/{i}/Detail"), err.to_string()))?,
            other => other.clone(),
        };
        let bus = e.get("EventBusName").and_then(Value::as_str).unwrap_or("default");
        // Rules of the service listen on the default bus; events for another bus are accepted and go nowhere.
        if bus == "default" || bus.ends_with(":event-bus/default") {
            let event = crate::BusEvent { source: text(&e["Source"]), detail_type: text(&e["DetailType"]), detail };
            local.put_events(event).await?;
        }
        ids.push(json!({"EventId": uuid::Uuid::new_v4().to_string()}));
    }
    Ok(json!({"Entries": ids, "FailedEntryCount": 0}))
}

/// `states:startExecution`: fire and forget, or `.sync` (output as text) and `.sync:2` (output as JSON).
async fn start_nested(inner: &Arc<Inner>, p: &Value, pattern: &str) -> TaskOutcome {
    let arn = text(&p["StateMachineArn"]);
    let Some(machine) = logical(inner, "state_machine", &arn) else {
        return failure(
            "StepFunctions.StateMachineDoesNotExistException",
            format!("State Machine Does Not Exist: '{arn}'"),
        );
    };
    let input = match p.get("Input") {
        Some(Value::String(s)) => serde_json::from_str(s).unwrap_or_else(|_| json!(s)),
        Some(v) => v.clone(),
        None => json!({}),
    };
    let name = p.get("Name").and_then(Value::as_str).map(String::from);
    let execution_arn = match inner.start_execution(&machine, input.clone(), name) {
        Ok(arn) => arn,
        Err(e) => return failure("StepFunctions.ExecutionAlreadyExistsException", e.to_string()),
    };
    let started = inner.clock.now().timestamp_millis();
    if pattern.is_empty() || pattern == ".waitForTaskToken" {
        return if pattern.is_empty() {
            TaskOutcome::Success(json!({"ExecutionArn": execution_arn, "StartDate": started}))
        } else {
            TaskOutcome::AwaitCallback
        };
    }
    let result = match inner.wait_execution(&execution_arn).await {
        Ok(r) => r,
        Err(e) => return failure("States.TaskFailed", e.to_string()),
    };
    let output = result.output.clone().unwrap_or(Value::Null);
    let mut described = json!({
        "ExecutionArn": execution_arn,
        "Input": if pattern == ".sync:2" { input } else { json!(input.to_string()) },
        "StartDate": started,
        "StateMachineArn": inner.names.state_machine_arn(&machine),
        "Status": result.status.as_str(),
        "StopDate": inner.clock.now().timestamp_millis(),
    });
    match result.status {
        lambdaform_asl::exec::Status::Succeeded => {
            described["Output"] = if pattern == ".sync:2" { output } else { json!(output.to_string()) };
            TaskOutcome::Success(described)
        }
        _ => {
            described["Error"] = json!(result.error);
            described["Cause"] = json!(result.cause);
            failure("States.TaskFailed", described.to_string())
        }
    }
}
