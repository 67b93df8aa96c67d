//! One IAM role per function, least privilege: exactly the actions its `uses` and triggers need, on exactly those
//! resources' ARNs, and logging only to its own log group. No statement has a `*` action or resource.

use std::collections::{BTreeMap, BTreeSet};

use lambdaform_manifest::{Access, Event, Function, Manifest, Resource, ResourceKind, Tracing};
use serde_json::{json, Value};

use super::intrinsic::{get_att, r#ref, sub};
use super::names;

const TABLE_READ: &[&str] = &[
    "dynamodb:BatchGetItem",
    "dynamodb:ConditionCheckItem",
    "dynamodb:DescribeTable",
    "dynamodb:GetItem",
    "dynamodb:Query",
    "dynamodb:Scan",
];
const TABLE_WRITE: &[&str] = &[
    "dynamodb:BatchWriteItem",
    "dynamodb:DeleteItem",
    "dynamodb:DescribeTable",
    "dynamodb:PutItem",
    "dynamodb:UpdateItem",
];
const STREAM_READ: &[&str] = &["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"];
const STREAM_LIST: &[&str] = &["dynamodb:ListStreams"];
const BUCKET_LIST: &[&str] = &["s3:ListBucket"];
const OBJECT_READ: &[&str] = &["s3:GetObject"];
const OBJECT_WRITE: &[&str] = &["s3:DeleteObject", "s3:PutObject"];
const QUEUE_SEND: &[&str] = &["sqs:GetQueueAttributes", "sqs:GetQueueUrl", "sqs:SendMessage"];
const QUEUE_RECEIVE: &[&str] = &[
    "sqs:ChangeMessageVisibility",
    "sqs:DeleteMessage",
    "sqs:GetQueueAttributes",
    "sqs:GetQueueUrl",
    "sqs:ReceiveMessage",
];
const TOPIC_PUBLISH: &[&str] = &["sns:Publish"];

/// AWS's managed policy for sending traces: X-Ray's write actions support no resource-level permissions, so the
/// only alternative would be a `*` resource in our own policy.
const XRAY_WRITE: &str = "arn:${AWS::Partition}:iam::aws:policy/AWSXRayDaemonWriteAccess";

/// Which ARN of a resource a statement applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Scope {
    /// The resource itself (table, bucket, topic, queue).
    Itself,
    /// A table's indexes.
    Indexes,
    /// A table's stream.
    Stream,
    /// All streams of a table, for `ListStreams`.
    Streams,
    /// A bucket's objects.
    Objects,
}

fn scope_arn(service: &str, r: &Resource, scope: Scope) -> Value {
    let id = names::resource_id(r);
    match (scope, &r.kind) {
        (Scope::Itself, ResourceKind::Topic(_)) => r#ref(&id),
        // Buckets by name: a bucket that notifies this function already depends on it (see `names::bucket_name`).
        (Scope::Itself, ResourceKind::Bucket) => sub(names::bucket_arn_pattern(service, r)),
        (Scope::Objects, _) => sub(format!("{}/*", names::bucket_arn_pattern(service, r))),
        (Scope::Itself, _) => get_att(&id, "Arn"),
        (Scope::Indexes, _) => sub(format!("${{{id}.Arn}}/index/*")),
        (Scope::Stream, _) => get_att(&id, "StreamArn"),
        (Scope::Streams, _) => sub(format!("${{{id}.Arn}}/stream/*")),
    }
}

/// The grants of one function: resource name → scope → actions.
type Grants<'m> = BTreeMap<&'m str, BTreeMap<Scope, BTreeSet<&'static str>>>;

fn grant<'m>(grants: &mut Grants<'m>, resource: &'m str, scope: Scope, actions: &[&'static str]) {
    grants.entry(resource).or_default().entry(scope).or_default().extend(actions);
}

fn grants<'m>(m: &'m Manifest, f: &'m Function) -> Grants<'m> {
    let mut out = Grants::new();
    for u in &f.uses {
        let Some(r) = m.resource(&u.resource) else { continue };
        let name = r.name.as_str();
        let reads = matches!(u.access, Access::Read | Access::ReadWrite);
        let writes = matches!(u.access, Access::Write | Access::ReadWrite);
        match &r.kind {
            ResourceKind::Table(_) => {
                for (wanted, actions) in [(reads, TABLE_READ), (writes, TABLE_WRITE)] {
                    if wanted {
                        grant(&mut out, name, Scope::Itself, actions);
                        grant(&mut out, name, Scope::Indexes, actions);
                    }
                }
            }
            ResourceKind::Bucket => {
                if reads {
                    grant(&mut out, name, Scope::Itself, BUCKET_LIST);
                    grant(&mut out, name, Scope::Objects, OBJECT_READ);
                }
                if writes {
                    grant(&mut out, name, Scope::Objects, OBJECT_WRITE);
                }
            }
            ResourceKind::Topic(_) => grant(&mut out, name, Scope::Itself, TOPIC_PUBLISH),
            ResourceKind::Queue(_) => {
                let actions = if u.access == Access::Receive { QUEUE_RECEIVE } else { QUEUE_SEND };
                grant(&mut out, name, Scope::Itself, actions);
            }
        }
    }
    // Pull-based triggers read through the function's own role; push-based ones (S3, SNS, EventBridge, API
    // Gateway) are allowed by a resource policy on the function instead.
    for event in &f.events {
        match event {
            Event::Sqs(sqs) => grant(&mut out, &sqs.queue, Scope::Itself, QUEUE_RECEIVE),
            Event::DynamodbStream(stream) => {
                grant(&mut out, &stream.table, Scope::Stream, STREAM_READ);
                grant(&mut out, &stream.table, Scope::Streams, STREAM_LIST);
            }
            _ => {}
        }
    }
    out
}

/// The `AWS::IAM::Role` of a function.
pub fn role(m: &Manifest, f: &Function) -> Value {
    let mut statements = vec![json!({
        "Sid": "OwnLogGroup",
        "Effect": "Allow",
        "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
        "Resource": get_att(&names::log_group_id(f), "Arn"),
    })];
    for (name, scopes) in grants(m, f) {
        let Some(r) = m.resource(name) else { continue };
        // Statements with the same actions on several scopes of one resource share one statement.
        let mut by_actions: BTreeMap<Vec<&str>, Vec<Value>> = BTreeMap::new();
        for (scope, actions) in scopes {
            by_actions.entry(actions.into_iter().collect()).or_default().push(scope_arn(&m.service, r, scope));
        }
        for (i, (actions, resources)) in by_actions.into_iter().enumerate() {
            let suffix = if i == 0 { String::new() } else { (i + 1).to_string() };
            statements.push(json!({
                "Sid": format!("{}{suffix}", names::resource_id(r)),
                "Effect": "Allow",
                "Action": actions,
                "Resource": resources,
            }));
        }
    }
    let mut properties = json!({
        "AssumeRolePolicyDocument": {
            "Version": "2012-10-17",
            "Statement": [{
                "Effect": "Allow",
                "Principal": { "Service": "lambda.amazonaws.com" },
                "Action": "sts:AssumeRole",
            }],
        },
        "Policies": [{
            "PolicyName": format!("{}-least-privilege", f.name),
            "PolicyDocument": { "Version": "2012-10-17", "Statement": statements },
        }],
    });
    if f.tracing == Some(Tracing::Active) {
        properties["ManagedPolicyArns"] = json!([sub(XRAY_WRITE)]);
    }
    json!({ "Type": "AWS::IAM::Role", "Properties": properties })
}
