//! `lambdaform event KIND`: print a valid sample event for a trigger kind, filled in from the service's own
//! names (its bucket, queue, topic, table, route, rule, alarm), like `sam local generate-event`. The shapes
//! come from the same builders the dev server uses (`lambdaform_local::events`, and API Gateway's from
//! `local::http_api`), so a sample is exactly what `lambdaform local` would send.

use std::collections::BTreeMap;
use std::io::Write;
use std::process::ExitCode;

use chrono::Utc;
use lambdaform_local::events;
use lambdaform_local::names::Names;
use lambdaform_local::sqs::Queue;
use lambdaform_local::{Attributes, MessageAttribute};
use lambdaform_manifest::{ApiKind, Event, Function, Manifest, ResourceKind, S3Bucket, StreamView};
use serde_json::{json, Value};

use crate::local::http_api::{self, HttpRequest};
use crate::local::routes::{Matched, Route};

#[derive(clap::Args, Debug)]
pub struct EventArgs {
    /// The trigger kind.
    #[arg(value_enum)]
    pub kind: Kind,
    /// The service crate (default: the package in the current directory).
    #[arg(long, short)]
    pub package: Option<String>,
    /// Read the service's names from this built binary instead of building the package.
    #[arg(long)]
    pub binary: Option<std::path::PathBuf>,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    S3,
    Sqs,
    Sns,
    /// API Gateway HTTP API, payload format 2.0.
    Http,
    /// API Gateway REST API, payload format 1.0.
    HttpRest,
    Schedule,
    DynamodbStream,
    EventBridge,
    Alarm,
}

pub fn run(args: EventArgs) -> ExitCode {
    let manifest = match &args.binary {
        Some(binary) => crate::binary::read_manifest(binary),
        None => crate::binary::manifest_for_package(args.package.as_deref()).map(|(manifest, _)| manifest),
    };
    let manifest = match manifest {
        Ok(manifest) => manifest,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let sample = sample(&manifest, args.kind);
    // A closed pipe (`| head`) is the reader's choice, not an error worth a panic.
    let _ = writeln!(std::io::stdout(), "{}", serde_json::to_string_pretty(&sample).unwrap_or_default());
    ExitCode::SUCCESS
}

/// The first trigger of `kind`'s attribute among the functions, with its function.
fn trigger<'a>(manifest: &'a Manifest, attribute: &str) -> Option<(&'a Function, &'a Event)> {
    manifest
        .functions
        .iter()
        .flat_map(|function| function.events.iter().map(move |event| (function, event)))
        .find(|(_, event)| event.attribute() == attribute)
}

/// The first declared resource of a kind, for services without a trigger of that kind.
fn first_resource<'a>(manifest: &'a Manifest, attribute: &str) -> Option<&'a str> {
    manifest.resources.iter().find(|r| r.kind.attribute() == attribute).map(|r| r.name.as_str())
}

/// A sample for `kind`; where the service has no such trigger, the names are made up in the same pattern.
pub fn sample(manifest: &Manifest, kind: Kind) -> Value {
    let names = Names::new(manifest);
    let now = Utc::now();
    match kind {
        Kind::S3 => {
            let (bucket, key, function) = match trigger(manifest, "s3") {
                Some((function, Event::S3(s3))) => {
                    let bucket = match &s3.bucket {
                        S3Bucket::Declared(name) | S3Bucket::Existing(name) => name.clone(),
                    };
                    let key = format!(
                        "{}example{}",
                        s3.prefix.as_deref().unwrap_or_default(),
                        s3.suffix.as_deref().unwrap_or(".png")
                    );
                    (bucket, key, function.name.clone())
                }
                _ => (
                    first_resource(manifest, "bucket").unwrap_or("Bucket").to_owned(),
                    "example.png".into(),
                    "handler".into(),
                ),
            };
            let object = events::ObjectEvent {
                bucket: &bucket,
                key: &key,
                event_name: "ObjectCreated:Put",
                size: 1024,
                etag: "0123456789abcdef0123456789abcdef",
                time: now,
                configuration: &function,
            };
            events::s3(&names, &object)
        }
        Kind::Sqs => {
            let queue = match trigger(manifest, "sqs") {
                Some((_, Event::Sqs(sqs))) => sqs.queue.clone(),
                _ => first_resource(manifest, "queue").unwrap_or("Queue").to_owned(),
            };
            let config = match manifest.resource(&queue).map(|r| &r.kind) {
                Some(ResourceKind::Queue(config)) => config.clone(),
                _ => lambdaform_manifest::Queue {
                    fifo: false,
                    visibility_timeout: 30,
                    retention: 345_600,
                    dlq_max_receive: None,
                },
            };
            let mut local_queue = Queue::new(config);
            local_queue.send(json!({"hello": "world"}).to_string(), Attributes::new(), now);
            let (received, _) = local_queue.receive(1, now);
            events::sqs(&names.queue_arn(&queue), &received)
        }
        Kind::Sns => {
            let (topic, subscriber) = match trigger(manifest, "sns") {
                Some((function, Event::Sns(sns))) => (sns.topic.clone(), function.name.clone()),
                _ => (first_resource(manifest, "topic").unwrap_or("Topic").to_owned(), "handler".into()),
            };
            let attributes = Attributes::from([("kind".to_owned(), MessageAttribute::string("example"))]);
            events::sns(&events::Notification {
                topic_arn: &names.topic_arn(&topic),
                subscriber: &subscriber,
                message_id: &uuid::Uuid::new_v4().to_string(),
                subject: None,
                message: &json!({"hello": "world"}).to_string(),
                attributes: &attributes,
                time: now,
            })
        }
        Kind::Http | Kind::HttpRest => {
            let api = if kind == Kind::Http { ApiKind::Http } else { ApiKind::Rest };
            let route = match trigger(manifest, "http") {
                Some((function, Event::Http(http))) => Route::new(&function.name, &http.method, &http.path, api, None),
                _ => Route::new("handler", "GET", "/", api, None),
            };
            http_sample(&route)
        }
        Kind::Schedule => {
            let owner = trigger(manifest, "schedule").map_or("handler", |(function, _)| function.name.as_str());
            events::scheduled(&names.rule_arn(owner, "schedule"), now)
        }
        Kind::DynamodbStream => {
            let table = match trigger(manifest, "dynamodb_stream") {
                Some((_, Event::DynamodbStream(stream))) => stream.table.clone(),
                _ => first_resource(manifest, "table").unwrap_or("Table").to_owned(),
            };
            let (partition, view) = match manifest.resource(&table).map(|r| &r.kind) {
                Some(ResourceKind::Table(config)) => {
                    (config.partition_key.name.clone(), config.stream.unwrap_or(StreamView::NewAndOldImages))
                }
                _ => ("id".to_owned(), StreamView::NewAndOldImages),
            };
            let keys = json!({ partition.clone(): {"S": "example-1"} });
            let new = json!({ partition: {"S": "example-1"}, "name": {"S": "Ada"} });
            let record = events::dynamodb_record(&events::Change {
                stream_arn: &names.stream_arn(&table),
                event_name: "INSERT",
                view,
                keys,
                old: None,
                new: Some(new),
                sequence: 1,
                time: now,
            });
            events::dynamodb(&[record])
        }
        Kind::EventBridge => {
            let pattern = match trigger(manifest, "event_bridge") {
                Some((_, Event::EventBridge { pattern })) => pattern.clone(),
                _ => json!({}),
            };
            let first = |field: &str| pattern[field].get(0).and_then(Value::as_str).map(str::to_owned);
            let source = first("source").unwrap_or_else(|| format!("{}.example", manifest.service));
            let detail_type = first("detail-type").unwrap_or_else(|| "Example".to_owned());
            events::eventbridge(&source, &detail_type, &json!({}), &[], now)
        }
        Kind::Alarm => {
            let alarm = match trigger(manifest, "alarm") {
                Some((_, Event::Alarm(alarm))) => alarm.clone(),
                _ => lambdaform_manifest::Alarm {
                    name: format!("{}-errors", manifest.service),
                    namespace: "AWS/Lambda".into(),
                    metric: "Errors".into(),
                    statistic: "Sum".into(),
                    threshold: 1.0,
                    comparison: lambdaform_manifest::AlarmComparison::ALL[0].1,
                    period: 60,
                    evaluation_periods: 1,
                    dimensions: BTreeMap::new(),
                },
            };
            events::alarm(
                &names,
                &alarm,
                "OK",
                "ALARM",
                "Threshold Crossed: 1 datapoint was greater than the threshold",
                now,
            )
        }
    }
}

/// An HTTP request for the route, with path parameters filled in and a JSON body for methods that take one.
fn http_sample(route: &Route) -> Value {
    let mut parameters = BTreeMap::new();
    let path: Vec<String> = route
        .path
        .split('/')
        .map(|segment| match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(name) => {
                let name = name.trim_end_matches('+');
                parameters.insert(name.to_owned(), format!("example-{name}"));
                format!("example-{name}")
            }
            None => segment.to_owned(),
        })
        .collect();
    let with_body = matches!(route.method.as_str(), "POST" | "PUT" | "PATCH");
    let method = if route.method == "ANY" { "GET".to_owned() } else { route.method.clone() };
    let mut headers = vec![("user-agent".to_owned(), "lambdaform".to_owned())];
    if with_body {
        headers.push(("content-type".to_owned(), "application/json".to_owned()));
    }
    let request = HttpRequest {
        method,
        raw_path: path.join("/"),
        raw_query: String::new(),
        headers,
        body: if with_body { br#"{"hello":"world"}"#.to_vec() } else { Vec::new() },
        source_ip: "127.0.0.1".to_owned(),
        request_id: uuid::Uuid::new_v4().to_string(),
    };
    http_api::event(&request, &Matched { route, parameters }, "localhost:3000")
}
