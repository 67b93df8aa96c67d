//! checkov findings that lambdaform does not fix, suppressed in each resource's `Metadata.checkov.skip` with the
//! reason written next to it (docs/synth.md lists them). Everything else checkov reports is fixed in the template.

use serde_json::{json, Value};

use super::template::Template;

struct Skip {
    kind: &'static str,
    id: &'static str,
    reason: &'static str,
    /// Whether the finding applies to this resource (some checks pass on some resources of the type).
    applies: fn(&Value) -> bool,
}

fn always(_: &Value) -> bool {
    true
}

fn property_missing(resource: &Value, name: &str) -> bool {
    resource["Properties"].get(name).is_none()
}

const SKIPS: &[Skip] = &[
    Skip {
        kind: "AWS::Lambda::Function",
        id: "CKV_AWS_115",
        reason: "reserved concurrency is opt-in (`reserved_concurrency`): reserving it by default takes capacity from the account's shared pool",
        applies: |r| property_missing(r, "ReservedConcurrentExecutions"),
    },
    Skip {
        kind: "AWS::Lambda::Function",
        id: "CKV_AWS_116",
        reason: "failed queue and stream records go to the queue's own dead-letter queue or are retried by the mapping; pushed events are retried by their sender",
        applies: always,
    },
    Skip {
        kind: "AWS::Lambda::Function",
        id: "CKV_AWS_117",
        reason: "functions reach AWS services through public endpoints authorised by IAM; a VPC needs subnets and endpoints the service does not declare",
        applies: always,
    },
    Skip {
        kind: "AWS::Lambda::Function",
        id: "CKV_AWS_173",
        reason: "variables hold resource names and ARNs only, encrypted at rest with Lambda's own key; a customer key adds a key to manage",
        applies: always,
    },
    Skip {
        kind: "AWS::Logs::LogGroup",
        id: "CKV_AWS_158",
        reason: "CloudWatch Logs encrypts at rest by default; a customer key would need a key policy for the logs service, outside the declared service",
        applies: always,
    },
    Skip {
        kind: "AWS::SQS::Queue",
        id: "CKV_AWS_27",
        reason: "encrypted with SQS-managed keys (SqsManagedSseEnabled); the check only recognises KmsMasterKeyId",
        applies: always,
    },
    Skip {
        kind: "AWS::SNS::Topic",
        id: "CKV_AWS_26",
        reason: "a KMS-encrypted topic needs a customer key whose policy admits every publisher (CloudWatch alarms and S3 cannot use the AWS-managed key)",
        applies: always,
    },
    Skip {
        kind: "AWS::DynamoDB::Table",
        id: "CKV_AWS_119",
        reason: "encrypted at rest (SSESpecification) with the AWS-managed key; a customer key adds a key to manage",
        applies: always,
    },
    Skip {
        kind: "AWS::S3::Bucket",
        id: "CKV_AWS_18",
        reason: "access logging needs a second, log-receiving bucket the service does not declare; add one through extra resources",
        applies: always,
    },
    Skip {
        kind: "AWS::S3::Bucket",
        id: "CKV_AWS_21",
        reason: "versioning keeps every overwritten object as billed storage; enable it with a TemplateTransform where wanted",
        applies: always,
    },
    Skip {
        kind: "AWS::ApiGateway::Method",
        id: "CKV_AWS_59",
        reason: "the route is declared public: it has no `authorizer`",
        applies: |r| r["Properties"]["AuthorizationType"] == "NONE",
    },
    Skip {
        kind: "AWS::ApiGateway::Stage",
        id: "CKV_AWS_76",
        reason: "REST API access logs need the account-wide API Gateway CloudWatch role, an account setting outside any one stack",
        applies: always,
    },
    Skip {
        kind: "AWS::ApiGateway::Stage",
        id: "CKV_AWS_73",
        reason: "stage tracing follows the functions: it is on when a function behind the API has `tracing = active`",
        applies: |r| r["Properties"]["TracingEnabled"] != true,
    },
    Skip {
        kind: "AWS::ApiGateway::Stage",
        id: "CKV_AWS_120",
        reason: "responses come from functions and are dynamic; a cache cluster is billed by the hour",
        applies: always,
    },
];

pub fn annotate(t: &mut Template) {
    for resource in t.resources.values_mut() {
        let Some(kind) = resource.get("Type").and_then(Value::as_str) else { continue };
        let skips: Vec<Value> = SKIPS
            .iter()
            .filter(|s| s.kind == kind && (s.applies)(resource))
            .map(|s| json!({ "id": s.id, "comment": s.reason }))
            .collect();
        if skips.is_empty() {
            continue;
        }
        if let Some(object) = resource.as_object_mut() {
            object.insert("Metadata".into(), json!({ "checkov": { "skip": skips } }));
        }
    }
}

/// Every suppression, for the documentation test: (resource type, check, reason).
pub fn suppressions() -> impl Iterator<Item = (&'static str, &'static str, &'static str)> {
    SKIPS.iter().map(|s| (s.kind, s.id, s.reason))
}
