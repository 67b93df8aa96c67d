//! The service's declared resources: tables, buckets, topics and queues, the same raw CloudFormation in all
//! three outputs.

use lambdaform_manifest::{Billing, Manifest, Resource, ResourceKind, Table};
use serde_json::{json, Map, Value};

use super::intrinsic::{get_att, r#ref, sub};
use super::names;
use super::template::Template;

pub fn add_all(m: &Manifest, t: &mut Template) -> Result<(), String> {
    for r in &m.resources {
        let id = names::resource_id(r);
        let properties = match &r.kind {
            ResourceKind::Table(table) => table_properties(table),
            ResourceKind::Bucket => bucket_properties(&m.service, r),
            ResourceKind::Topic(topic) => {
                if topic.fifo {
                    json!({ "FifoTopic": true, "TopicName": sub(format!("{}-${{Stage}}-{}.fifo", m.service, r.name)) })
                } else {
                    json!({})
                }
            }
            ResourceKind::Queue(queue) => {
                let mut p = json!({
                    "MessageRetentionPeriod": queue.retention,
                    "SqsManagedSseEnabled": true,
                    "VisibilityTimeout": queue.visibility_timeout,
                });
                if queue.fifo {
                    // A FIFO queue's name must end in `.fifo`, so it cannot be left to CloudFormation.
                    p["FifoQueue"] = json!(true);
                    p["QueueName"] = sub(format!("{}-${{Stage}}-{}.fifo", m.service, r.name));
                }
                if let Some(max_receive) = queue.dlq_max_receive {
                    let dlq = dead_letter_id(r);
                    p["RedrivePolicy"] =
                        json!({ "deadLetterTargetArn": get_att(&dlq, "Arn"), "maxReceiveCount": max_receive });
                    let mut dlq_properties = json!({
                        // The longest retention SQS allows, so failed messages outlive the originals.
                        "MessageRetentionPeriod": 1_209_600,
                        "SqsManagedSseEnabled": true,
                    });
                    if queue.fifo {
                        dlq_properties["FifoQueue"] = json!(true);
                        dlq_properties["QueueName"] = sub(format!("{}-${{Stage}}-{}-dlq.fifo", m.service, r.name));
                    }
                    t.add(dlq, stateful(r, "AWS::SQS::Queue", dlq_properties))?;
                }
                p
            }
        };
        let kind = match &r.kind {
            ResourceKind::Table(_) => "AWS::DynamoDB::Table",
            ResourceKind::Bucket => "AWS::S3::Bucket",
            ResourceKind::Topic(_) => "AWS::SNS::Topic",
            ResourceKind::Queue(_) => "AWS::SQS::Queue",
        };
        t.add(id, stateful(r, kind, properties))?;
    }
    Ok(())
}

/// `JobsQueue` → `JobsDeadLetterQueue`.
pub fn dead_letter_id(r: &Resource) -> String {
    format!("{}DeadLetterQueue", names::resource_id(r).trim_end_matches("Queue"))
}

/// Adds the resource type, properties and, for `retain`, the policies that keep it and its data.
fn stateful(r: &Resource, kind: &str, properties: Value) -> Value {
    let mut resource = Map::new();
    resource.insert("Type".into(), json!(kind));
    if r.retain {
        resource.insert("DeletionPolicy".into(), json!("Retain"));
        resource.insert("UpdateReplacePolicy".into(), json!("Retain"));
    }
    resource.insert("Properties".into(), properties);
    Value::Object(resource)
}

fn table_properties(table: &Table) -> Value {
    let mut attributes =
        vec![json!({ "AttributeName": table.partition_key.name, "AttributeType": table.partition_key.key_type })];
    let mut keys = vec![json!({ "AttributeName": table.partition_key.name, "KeyType": "HASH" })];
    if let Some(sort) = &table.sort_key {
        attributes.push(json!({ "AttributeName": sort.name, "AttributeType": sort.key_type }));
        keys.push(json!({ "AttributeName": sort.name, "KeyType": "RANGE" }));
    }
    let mut p = json!({
        "AttributeDefinitions": attributes,
        "KeySchema": keys,
        "PointInTimeRecoverySpecification": { "PointInTimeRecoveryEnabled": true },
        "SSESpecification": { "SSEEnabled": true },
    });
    match &table.billing {
        Billing::PayPerRequest => p["BillingMode"] = json!("PAY_PER_REQUEST"),
        Billing::Provisioned { read, write } => {
            p["BillingMode"] = json!("PROVISIONED");
            p["ProvisionedThroughput"] = json!({ "ReadCapacityUnits": read, "WriteCapacityUnits": write });
        }
    }
    if let Some(view) = table.stream {
        p["StreamSpecification"] = json!({ "StreamViewType": view });
    }
    p
}

fn bucket_properties(service: &str, r: &Resource) -> Value {
    json!({
        "BucketName": sub(names::bucket_name_pattern(service, r)),
        "BucketEncryption": {
            "ServerSideEncryptionConfiguration": [{ "ServerSideEncryptionByDefault": { "SSEAlgorithm": "AES256" } }],
        },
        "PublicAccessBlockConfiguration": {
            "BlockPublicAcls": true,
            "BlockPublicPolicy": true,
            "IgnorePublicAcls": true,
            "RestrictPublicBuckets": true,
        },
        "OwnershipControls": { "Rules": [{ "ObjectOwnership": "BucketOwnerEnforced" }] },
    })
}

/// Outputs naming each resource, so scripts and people can find them after a deploy.
pub fn outputs(m: &Manifest, t: &mut Template) {
    for r in &m.resources {
        let id = names::resource_id(r);
        let (suffix, value, what) = match &r.kind {
            ResourceKind::Table(_) => ("Name", r#ref(&id), "table name"),
            ResourceKind::Bucket => ("Name", r#ref(&id), "bucket name"),
            ResourceKind::Topic(_) => ("Arn", r#ref(&id), "topic ARN"),
            ResourceKind::Queue(_) => ("Url", r#ref(&id), "queue URL"),
        };
        t.output(format!("{id}{suffix}"), &format!("{} {what}", r.name), value);
    }
}
