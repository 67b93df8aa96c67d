//! Triggers. Each event kind writes raw CloudFormation for the canonical output, and the native spelling of SAM
//! and of the Serverless Framework where those tools have one; where they do not, they get the raw pieces too.

pub mod alarm;
pub mod cors;
pub mod http_api;
pub mod messaging;
pub mod rest_api;
pub mod rule;
pub mod s3;

use lambdaform_manifest::{Event, Function, Manifest, S3Bucket};
use serde_json::{Map, Value};

use super::names;
use super::target::Target;
use super::template::Template;

/// The name of each of a function's events, unique within the function and derived only from what the event
/// names (its bucket, topic, queue, table or alarm), so adding an unrelated event renames nothing. SAM uses it as
/// the event's key; logical IDs prefix it with the function's stem.
pub fn event_names(m: &Manifest, f: &Function) -> Vec<String> {
    let resource_id = |name: &str| m.resource(name).map(names::resource_id).unwrap_or_else(|| names::pascal(name));
    let bases: Vec<String> = f
        .events
        .iter()
        .map(|event| match event {
            Event::Http(_) => "HttpRoute".to_string(),
            Event::S3(s3) => match &s3.bucket {
                S3Bucket::Declared(name) => resource_id(name),
                S3Bucket::Existing(name) => format!("S3{}", names::pascal(name)),
            },
            Event::Schedule(_) => "Schedule".into(),
            Event::Sns(sns) => resource_id(&sns.topic),
            Event::Sqs(sqs) => resource_id(&sqs.queue),
            Event::DynamodbStream(stream) => format!("{}Stream", resource_id(&stream.table)),
            Event::EventBridge { .. } => "EventRule".into(),
            Event::Alarm(alarm) => format!("{}Alarm", names::pascal(&alarm.name)),
        })
        .collect();
    let mut seen: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    bases
        .iter()
        .map(|base| {
            let n = seen.entry(base).or_insert(0);
            *n += 1;
            if *n == 1 {
                base.clone()
            } else {
                format!("{base}{n}")
            }
        })
        .collect()
}

/// Raw CloudFormation for every event of `f` but HTTP routes (the API modules gather those across functions).
pub fn cloudformation(m: &Manifest, f: &Function, t: &mut Template) -> Result<(), String> {
    let target = Target::CloudFormation;
    let stem = names::function_stem(f);
    for (event, name) in f.events.iter().zip(event_names(m, f)) {
        let id = format!("{stem}{name}");
        match event {
            Event::Http(_) => {}
            Event::S3(s3) => match &s3.bucket {
                S3Bucket::Declared(bucket) => s3::declared_raw(target, m, f, bucket, s3, &id, t)?,
                S3Bucket::Existing(bucket) => {
                    rule::add_rule(target, f, &id, rule::Trigger::Pattern(s3::existing_pattern(bucket, s3)), t)?
                }
            },
            Event::Schedule(s) => rule::add_rule(target, f, &id, rule::Trigger::Schedule(s), t)?,
            Event::EventBridge { pattern } => {
                rule::add_rule(target, f, &id, rule::Trigger::Pattern(pattern.clone()), t)?
            }
            Event::Sns(sns) => messaging::sns_raw(target, m, f, sns, &id, t)?,
            Event::Sqs(sqs) => messaging::sqs_raw(target, m, f, sqs, &id, t)?,
            Event::DynamodbStream(stream) => messaging::stream_raw(target, m, f, stream, &id, t)?,
            Event::Alarm(a) => alarm::raw(target, m, f, a, &id, t)?,
        }
    }
    rule::warmup(target, f, t)
}

/// SAM's `Events` of `f`, plus raw resources for what SAM cannot express (alarms, warm-up).
pub fn sam(m: &Manifest, f: &Function, t: &mut Template) -> Result<Map<String, Value>, String> {
    let target = Target::Sam;
    let stem = names::function_stem(f);
    let mut events = Map::new();
    for (event, name) in f.events.iter().zip(event_names(m, f)) {
        let native = match event {
            Event::Http(http) => {
                let (key, value) = match http.api {
                    lambdaform_manifest::ApiKind::Http => http_api::sam_event(http),
                    lambdaform_manifest::ApiKind::Rest => rest_api::sam_event(http),
                };
                events.insert(key, value);
                continue;
            }
            Event::S3(s3) => match &s3.bucket {
                S3Bucket::Declared(bucket) => s3::sam_event(m, bucket, s3),
                S3Bucket::Existing(bucket) => rule::sam_pattern_event(s3::existing_pattern(bucket, s3)),
            },
            Event::Schedule(s) => rule::sam_schedule_event(s),
            Event::EventBridge { pattern } => rule::sam_pattern_event(pattern.clone()),
            Event::Sns(sns) => messaging::sns_sam(m, sns),
            Event::Sqs(sqs) => messaging::sqs_sam(m, sqs),
            Event::DynamodbStream(stream) => messaging::stream_sam(m, stream),
            Event::Alarm(a) => {
                alarm::raw(target, m, f, a, &format!("{stem}{name}"), t)?;
                continue;
            }
        };
        events.insert(name, native);
    }
    rule::warmup(target, f, t)?;
    Ok(events)
}

/// The Serverless Framework's `events` of `f`, plus raw resources for what it cannot express (notifications of a
/// bucket it does not create, alarms, warm-up).
pub fn serverless(m: &Manifest, f: &Function, t: &mut Template) -> Result<Vec<Value>, String> {
    let target = Target::Serverless;
    let stem = names::function_stem(f);
    let mut events = Vec::new();
    for (event, name) in f.events.iter().zip(event_names(m, f)) {
        let id = format!("{stem}{name}");
        let native = match event {
            Event::Http(http) => match http.api {
                lambdaform_manifest::ApiKind::Http => http_api::serverless_event(http),
                lambdaform_manifest::ApiKind::Rest => rest_api::serverless_event(http)?,
            },
            Event::S3(s3) => match &s3.bucket {
                S3Bucket::Declared(bucket) => {
                    s3::declared_raw(target, m, f, bucket, s3, &id, t)?;
                    continue;
                }
                S3Bucket::Existing(bucket) => rule::serverless_pattern_event(s3::existing_pattern(bucket, s3)),
            },
            Event::Schedule(s) => rule::serverless_schedule_event(s),
            Event::EventBridge { pattern } => rule::serverless_pattern_event(pattern.clone()),
            Event::Sns(sns) => messaging::sns_serverless(m, sns),
            Event::Sqs(sqs) => messaging::sqs_serverless(m, sqs),
            Event::DynamodbStream(stream) => messaging::stream_serverless(m, stream),
            Event::Alarm(a) => {
                alarm::raw(target, m, f, a, &id, t)?;
                continue;
            }
        };
        events.push(native);
    }
    rule::warmup(target, f, t)?;
    Ok(events)
}
