//! `/_lambdaform/...`: the dev server's own HTTP endpoints, for `lambdaform local put`, scripts and tests.
//! Resources are named as declared (`Uploads`) or by their local physical name, ARN or URL.
//!
//! | route | does |
//! | --- | --- |
//! | `GET /_lambdaform/health` | service, mode, functions, routes and each resource's names |
//! | `POST /_lambdaform/invoke/{function}` | runs the function on the body; answers like Lambda's Invoke |
//! | `PUT /_lambdaform/s3/{bucket}/{key}` | puts the body as an object (fires `#[s3]` handlers) |
//! | `GET /_lambdaform/s3/{bucket}/{key}` | the object's bytes |
//! | `POST /_lambdaform/sns/{topic}` | publishes `{"message", "subject"?, "attributes"?}` |
//! | `POST /_lambdaform/sqs/{queue}` | sends `{"body", "attributes"?}` |
//! | `GET /_lambdaform/sqs/{queue}` | the queue's messages and dead letters |
//! | `POST /_lambdaform/schedules/{function}` | fires its `#[schedule]` now |
//! | `POST /_lambdaform/events` | puts `{"source", "detail-type", "detail"}` on the event bus |
//! | `POST /_lambdaform/alarms/{name}` | sets `{"state", "reason"?}` |
//! | `POST /_lambdaform/clock` | `{"advance_seconds": n}`: moves a virtual clock, delivering what falls due |
//! | `POST /_lambdaform/idle` | answers once every invocation started so far has finished |
//! | `GET /_lambdaform/log` | the recent event log records |
//! | `POST /_lambdaform/executions/{machine}[?name=N]` | starts an execution with the body as input |
//! | `GET /_lambdaform/executions[?machine=M&status=S]` | `ListExecutions` summaries, newest first |
//! | `GET /_lambdaform/executions/{arn}` | `DescribeExecution` plus `events` and `pendingTaskTokens` |
//! | `GET /_lambdaform/task-tokens` | the tokens callback tasks wait on |
//! | `POST /_lambdaform/task-tokens/{token}/success\|failure\|heartbeat` | answers one (body: output, or `{"error", "cause"}`) |

use super::app::App;
use super::body;
use super::client::escape_path;
use super::executions::{self, Answer, Refusal};
use super::routes::percent_decode;
use super::server::Reply;
use crate::runtime_api::Outcome;
use hyper::body::Incoming;
use hyper::Method;
use lambdaform_local::{Attributes, BusEvent, LocalError, MessageAttribute};
use lambdaform_manifest::limits::resource_env_var;
use serde_json::{json, Value};
use std::time::Duration;

pub const PREFIX: &str = "/_lambdaform/";
/// Admin bodies carry whole objects.
const MAX_BODY_BYTES: usize = 64 * 1024 * 1024;

pub async fn handle(app: &App, request: hyper::Request<Incoming>) -> Reply {
    let (parts, incoming) = request.into_parts();
    let payload = match body::read(incoming, MAX_BODY_BYTES).await {
        Ok(payload) => payload.to_vec(),
        Err(message) => return problem(400, &message),
    };
    let path = parts.uri.path().strip_prefix(PREFIX).unwrap_or_default().to_owned();
    let (head, rest) = path.split_once('/').unwrap_or((path.as_str(), ""));
    let method = &parts.method;
    match (method, head) {
        (&Method::GET, "health") => body::json(200, &health(app)),
        (&Method::POST, "invoke") => invoke(app, &percent_decode(rest), payload).await,
        (&Method::PUT | &Method::GET, "s3") => s3(app, method, rest, payload).await,
        (&Method::POST, "sns") => publish(app, &percent_decode(rest), &payload).await,
        (&Method::POST | &Method::GET, "sqs") => queue(app, method, &percent_decode(rest), &payload).await,
        (&Method::POST, "schedules") => {
            outcome(app.local.fire(&percent_decode(rest)).await.map(|()| json!({"fired": rest})))
        }
        (&Method::POST, "events") => put_events(app, &payload).await,
        (&Method::POST, "alarms") => alarm(app, &percent_decode(rest), &payload).await,
        (&Method::POST, "clock") => advance(app, &payload).await,
        (&Method::POST, "idle") => {
            app.local.idle().await;
            body::json(200, &json!({"idle": true}))
        }
        (&Method::GET, "log") => body::json(200, &json!(app.local.log().recent())),
        (&Method::POST | &Method::GET, "executions") => {
            execution_route(app, method, &percent_decode(rest), parts.uri.query(), &payload).await
        }
        (&Method::POST | &Method::GET, "task-tokens") => token_route(app, method, rest, &payload),
        _ => problem(404, &format!("no admin route {method} {PREFIX}{path}; see docs/local.md")),
    }
}

fn problem(status: u16, message: &str) -> Reply {
    body::json(status, &json!({ "error": message }))
}

fn outcome(result: Result<Value, LocalError>) -> Reply {
    match result {
        Ok(value) => body::json(200, &value),
        Err(error @ LocalError::Unknown { .. }) => problem(404, &error.to_string()),
        Err(error @ LocalError::UnknownToken(_)) => problem(404, &error.to_string()),
        Err(error @ LocalError::Invalid { .. }) => problem(400, &error.to_string()),
        Err(error) => problem(500, &error.to_string()),
    }
}

fn health(app: &App) -> Value {
    let resources: Value = app
        .manifest
        .resources
        .iter()
        .map(|resource| {
            let names: serde_json::Map<String, Value> = resource
                .kind
                .runtime_attributes()
                .iter()
                .filter_map(|attribute| {
                    let value = app.names.value(&resource.name, attribute)?;
                    Some((attribute.to_ascii_lowercase(), json!(value)))
                })
                .collect();
            (resource.name.clone(), json!({ "kind": resource.kind.attribute(), "names": names }))
        })
        .collect::<serde_json::Map<String, Value>>()
        .into();
    let routes: Vec<String> = app.routes.iter().map(|route| format!("{} → {}", route.key(), route.function)).collect();
    json!({
        "service": app.manifest.service,
        "functions": app.manifest.functions.iter().map(|f| f.name.as_str()).collect::<Vec<_>>(),
        "routes": routes,
        "resources": resources,
        "variables": app.manifest.resources.iter().flat_map(|r| r.kind.runtime_attributes().iter().map(|a| resource_env_var(&r.name, a))).collect::<Vec<_>>(),
    })
}

/// Like Lambda's Invoke API: the answer as the body; a function error as Lambda's error shape with
/// `X-Amz-Function-Error: Unhandled`.
async fn invoke(app: &App, function: &str, payload: Vec<u8>) -> Reply {
    if app.handlers.function(function).is_none() {
        return problem(404, &format!("the service has no function `{function}`"));
    }
    let payload = if payload.is_empty() { b"{}".to_vec() } else { payload };
    let (body, failed) = match app.handlers.invoke(function, payload).await {
        Ok(invocation) => match invocation.outcome {
            Outcome::Response(body) => (body, false),
            Outcome::Error(error) => (serde_json::to_vec(&error).unwrap_or_default(), true),
        },
        Err(error) => {
            let failure = super::invoker::failure(&error);
            let shape = json!({ "errorType": failure.error_type, "errorMessage": failure.error_message });
            (shape.to_string().into_bytes(), true)
        }
    };
    let mut reply = body::with(200, "application/json", body);
    if failed {
        reply.headers_mut().insert("x-amz-function-error", hyper::header::HeaderValue::from_static("Unhandled"));
    }
    reply
}

async fn s3(app: &App, method: &Method, rest: &str, payload: Vec<u8>) -> Reply {
    let Some((bucket, key)) = rest.split_once('/').map(|(b, k)| (percent_decode(b), percent_decode(k))) else {
        return problem(400, "name the object: /_lambdaform/s3/{bucket}/{key}");
    };
    let Some(resource) = app.names.resource(&bucket) else {
        return problem(404, &format!("the service declares no bucket `{bucket}`"));
    };
    if method == Method::GET {
        return match app.local.get_object(resource, &key) {
            Ok(Some(bytes)) => body::with(200, "application/octet-stream", bytes),
            Ok(None) => problem(404, &format!("no object `{key}` in `{bucket}`")),
            Err(error) => outcome(Err(error)),
        };
    }
    let size = payload.len();
    let result = app.local.put_object(resource, &key, payload).await;
    outcome(result.map(|etag| {
        let url = format!("s3://{}/{}", app.names.value(resource, "NAME").unwrap_or(resource), escape_path(&key));
        json!({ "bucket": resource, "key": key, "size": size, "etag": etag, "url": url })
    }))
}

fn attributes(value: &Value, pointer: &str) -> Result<Attributes, Reply> {
    let Some(object) = value.as_object() else { return Ok(Attributes::new()) };
    object
        .iter()
        .map(|(name, attribute)| match attribute {
            Value::String(text) => Ok((name.clone(), MessageAttribute::string(text.clone()))),
            Value::Number(number) => Ok((name.clone(), MessageAttribute::number(number))),
            other => serde_json::from_value::<MessageAttribute>(other.clone())
                .map(|attribute| (name.clone(), attribute))
                .map_err(|e| problem(400, &format!("{pointer}/{name}: {e}"))),
        })
        .collect()
}

fn json_body(payload: &[u8]) -> Result<Value, Reply> {
    if payload.is_empty() {
        return Ok(json!({}));
    }
    serde_json::from_slice(payload).map_err(|e| problem(400, &format!("the body is not JSON: {e}")))
}

/// A message given as a JSON string is sent as is; any other JSON value is sent as its text.
fn text_of(value: &Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::String(text) => Some(text.clone()),
        other => Some(other.to_string()),
    }
}

async fn publish(app: &App, topic: &str, payload: &[u8]) -> Reply {
    let input = match json_body(payload) {
        Ok(input) => input,
        Err(reply) => return reply,
    };
    let Some(message) = text_of(&input["message"]) else { return problem(400, "/message is required") };
    let attributes = match attributes(&input["attributes"], "/attributes") {
        Ok(attributes) => attributes,
        Err(reply) => return reply,
    };
    let topic = app.names.resource(topic).unwrap_or(topic);
    let subject = input["subject"].as_str();
    let result = app.local.publish_with_subject(topic, subject, &message, attributes).await;
    outcome(result.map(|id| json!({ "messageId": id })))
}

async fn queue(app: &App, method: &Method, queue: &str, payload: &[u8]) -> Reply {
    let queue = app.names.resource(queue).unwrap_or(queue);
    if method == Method::GET {
        let messages =
            app.local.queue_messages(queue).map(|messages| serde_json::to_value(messages).unwrap_or_default());
        let dead = app.local.dead_letters(queue).map(|messages| serde_json::to_value(messages).unwrap_or_default());
        return outcome(messages.and_then(|messages| Ok(json!({ "messages": messages, "deadLetters": dead? }))));
    }
    let input = match json_body(payload) {
        Ok(input) => input,
        Err(reply) => return reply,
    };
    let Some(message) = text_of(&input["body"]) else { return problem(400, "/body is required") };
    let attributes = match attributes(&input["attributes"], "/attributes") {
        Ok(attributes) => attributes,
        Err(reply) => return reply,
    };
    outcome(app.local.send(queue, &message, attributes).await.map(|id| json!({ "messageId": id })))
}

async fn put_events(app: &App, payload: &[u8]) -> Reply {
    let input = match json_body(payload) {
        Ok(input) => input,
        Err(reply) => return reply,
    };
    let (Some(source), Some(detail_type)) = (input["source"].as_str(), input["detail-type"].as_str()) else {
        return problem(400, "/source and /detail-type are required");
    };
    let entry =
        BusEvent { source: source.to_owned(), detail_type: detail_type.to_owned(), detail: input["detail"].clone() };
    outcome(app.local.put_events(entry).await.map(|matched| json!({ "matched": matched })))
}

async fn alarm(app: &App, name: &str, payload: &[u8]) -> Reply {
    let input = match json_body(payload) {
        Ok(input) => input,
        Err(reply) => return reply,
    };
    let state = input["state"].as_str().unwrap_or("ALARM");
    let reason = input["reason"].as_str().unwrap_or("set by lambdaform local");
    outcome(app.local.set_alarm_state(name, state, reason).await.map(|notified| json!({ "notified": notified })))
}

async fn advance(app: &App, payload: &[u8]) -> Reply {
    let input = match json_body(payload) {
        Ok(input) => input,
        Err(reply) => return reply,
    };
    let Some(seconds) = input["advance_seconds"].as_f64().filter(|s| s.is_finite() && *s >= 0.0) else {
        return problem(400, "/advance_seconds must be a number of seconds, at least 0");
    };
    if !app.local.clock().is_virtual() {
        return problem(409, "the clock is real time; start the server with --virtual-clock to move it");
    }
    app.local.advance(Duration::from_secs_f64(seconds)).await;
    body::json(200, &json!({ "now": app.local.clock().now().to_rfc3339() }))
}

fn refused(refusal: &Refusal) -> Reply {
    let status = if refusal.is_missing() { 404 } else { 400 };
    body::json(status, &json!({ "error": refusal.message, "code": refusal.code }))
}

fn answered(result: Result<Value, Refusal>) -> Reply {
    match result {
        Ok(document) => body::json(200, &document),
        Err(refusal) => refused(&refusal),
    }
}

/// `name=value` pairs of a query string, decoded.
fn query_value(query: Option<&str>, name: &str) -> Option<String> {
    query?
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| percent_decode(&value.replace('+', " ")))
}

/// Starting, listing and describing executions.
async fn execution_route(app: &App, method: &Method, rest: &str, query: Option<&str>, payload: &[u8]) -> Reply {
    if method == Method::POST {
        let input = match json_body(payload) {
            Ok(input) => input,
            Err(reply) => return reply,
        };
        return answered(executions::start(app, rest, input, query_value(query, "name").as_deref()).await);
    }
    if rest.is_empty() {
        let (machine, status) = (query_value(query, "machine"), query_value(query, "status"));
        let listed = executions::list(app, machine.as_deref(), status.as_deref());
        return answered(listed.map(|executions| json!({ "executions": executions })));
    }
    let described = executions::describe(app, rest).and_then(|mut document| {
        document["events"] = json!(executions::history(app, rest)?);
        document["pendingTaskTokens"] = json!(executions::pending(app, Some(rest)));
        Ok(document)
    });
    answered(described)
}

/// Listing and answering task tokens.
fn token_route(app: &App, method: &Method, rest: &str, payload: &[u8]) -> Reply {
    if method == Method::GET {
        return body::json(200, &json!({ "taskTokens": executions::pending(app, None) }));
    }
    let Some((token, action)) = rest.rsplit_once('/') else {
        return problem(400, "name the answer: /_lambdaform/task-tokens/{token}/success|failure|heartbeat");
    };
    let token = percent_decode(token);
    let input = match json_body(payload) {
        Ok(input) => input,
        Err(reply) => return reply,
    };
    let answer = match action {
        "success" => Answer::Success(input),
        "failure" => Answer::Failure {
            error: input["error"].as_str().map(str::to_owned),
            cause: input["cause"].as_str().map(str::to_owned),
        },
        "heartbeat" => Answer::Heartbeat,
        other => return problem(404, &format!("`{other}` is not success, failure or heartbeat")),
    };
    answered(executions::send(app, &token, answer))
}
