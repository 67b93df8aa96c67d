//! SNS subscriptions, SQS and DynamoDB stream event source mappings.

use lambdaform_manifest::{Function, Manifest, SnsEvent, SqsEvent, StreamEvent};
use serde_json::{json, Value};

use super::super::function::permission;
use super::super::intrinsic::{get_att, r#ref};
use super::super::names;
use super::super::target::Target;
use super::super::template::Template;

fn id_of(m: &Manifest, name: &str) -> String {
    m.resource(name).map(names::resource_id).unwrap_or_else(|| names::pascal(name))
}

pub fn sns_raw(
    target: Target,
    m: &Manifest,
    f: &Function,
    sns: &SnsEvent,
    id: &str,
    t: &mut Template,
) -> Result<(), String> {
    let topic = r#ref(&id_of(m, &sns.topic));
    let mut p = json!({ "Protocol": "lambda", "Endpoint": target.invoke_arn(f), "TopicArn": topic });
    if let Some(policy) = &sns.filter_policy {
        p["FilterPolicy"] = policy.clone();
    }
    t.add(format!("{id}Subscription"), json!({ "Type": "AWS::SNS::Subscription", "Properties": p }))?;
    t.add(format!("{id}Permission"), permission(target, f, "sns.amazonaws.com", topic))
}

pub fn sns_sam(m: &Manifest, sns: &SnsEvent) -> Value {
    let mut p = json!({ "Topic": r#ref(&id_of(m, &sns.topic)) });
    if let Some(policy) = &sns.filter_policy {
        p["FilterPolicy"] = policy.clone();
    }
    json!({ "Type": "SNS", "Properties": p })
}

pub fn sns_serverless(m: &Manifest, sns: &SnsEvent) -> Value {
    // With a `Ref` for the ARN the Framework needs `topicName` too; it only uses it to name its resources.
    let mut e = json!({ "arn": r#ref(&id_of(m, &sns.topic)), "topicName": names::pascal(&sns.topic) });
    if let Some(policy) = &sns.filter_policy {
        e["filterPolicy"] = policy.clone();
    }
    json!({ "sns": e })
}

fn sqs_properties(sqs: &SqsEvent) -> Value {
    let mut p = json!({ "BatchSize": sqs.batch_size });
    if let Some(window) = sqs.batch_window {
        p["MaximumBatchingWindowInSeconds"] = json!(window);
    }
    if sqs.partial_failures {
        p["FunctionResponseTypes"] = json!(["ReportBatchItemFailures"]);
    }
    p
}

pub fn sqs_raw(
    target: Target,
    m: &Manifest,
    f: &Function,
    sqs: &SqsEvent,
    id: &str,
    t: &mut Template,
) -> Result<(), String> {
    let mut p = sqs_properties(sqs);
    p["EventSourceArn"] = get_att(&id_of(m, &sqs.queue), "Arn");
    p["FunctionName"] = target.invoke_arn(f);
    t.add(format!("{id}Mapping"), json!({ "Type": "AWS::Lambda::EventSourceMapping", "Properties": p }))
}

pub fn sqs_sam(m: &Manifest, sqs: &SqsEvent) -> Value {
    let mut p = sqs_properties(sqs);
    p["Queue"] = get_att(&id_of(m, &sqs.queue), "Arn");
    json!({ "Type": "SQS", "Properties": p })
}

pub fn sqs_serverless(m: &Manifest, sqs: &SqsEvent) -> Value {
    let mut e = json!({ "arn": get_att(&id_of(m, &sqs.queue), "Arn"), "batchSize": sqs.batch_size });
    if let Some(window) = sqs.batch_window {
        e["maximumBatchingWindow"] = json!(window);
    }
    if sqs.partial_failures {
        e["functionResponseType"] = json!("ReportBatchItemFailures");
    }
    json!({ "sqs": e })
}

pub fn stream_raw(
    target: Target,
    m: &Manifest,
    f: &Function,
    stream: &StreamEvent,
    id: &str,
    t: &mut Template,
) -> Result<(), String> {
    let p = json!({
        "BatchSize": stream.batch_size,
        "EventSourceArn": get_att(&id_of(m, &stream.table), "StreamArn"),
        "FunctionName": target.invoke_arn(f),
        "StartingPosition": stream.starting_position,
    });
    t.add(format!("{id}Mapping"), json!({ "Type": "AWS::Lambda::EventSourceMapping", "Properties": p }))
}

pub fn stream_sam(m: &Manifest, stream: &StreamEvent) -> Value {
    json!({
        "Type": "DynamoDB",
        "Properties": {
            "BatchSize": stream.batch_size,
            "StartingPosition": stream.starting_position,
            "Stream": get_att(&id_of(m, &stream.table), "StreamArn"),
        },
    })
}

pub fn stream_serverless(m: &Manifest, stream: &StreamEvent) -> Value {
    json!({
        "stream": {
            "type": "dynamodb",
            "arn": get_att(&id_of(m, &stream.table), "StreamArn"),
            "batchSize": stream.batch_size,
            "startingPosition": stream.starting_position,
        }
    })
}
