//! A state machine's own role: exactly the integrations its definition uses (found by [`walk`](super::walk)),
//! each on exactly the ARNs it names. The one `*` resource is CloudWatch Logs' log-delivery actions for an Express
//! machine's logging, which support no resource-level permissions.

use std::collections::{BTreeMap, BTreeSet};

use lambdaform_manifest::{MachineKind, Manifest, StateMachine};
use serde_json::{json, Value};

use super::super::intrinsic::{get_att, r#ref, sub};
use super::super::names;
use super::super::target::Target;
use super::arn;
use super::walk::{Bucket, Bus, Need};

/// What an Express machine's role needs to deliver its execution logs (AWS documents `*` as the only resource).
pub const LOG_DELIVERY: &[&str] = &[
    "logs:CreateLogDelivery",
    "logs:DeleteLogDelivery",
    "logs:DescribeLogGroups",
    "logs:DescribeResourcePolicies",
    "logs:GetLogDelivery",
    "logs:ListLogDeliveries",
    "logs:PutResourcePolicy",
    "logs:UpdateLogDelivery",
];

/// Statements under construction: Sid → (actions, resources in first-seen order).
#[derive(Default)]
struct Statements(BTreeMap<String, (BTreeSet<&'static str>, Vec<Value>)>);

impl Statements {
    fn allow(&mut self, sid: impl Into<String>, actions: &[&'static str], resources: &[Value]) {
        let (a, r) = self.0.entry(sid.into()).or_default();
        a.extend(actions);
        for resource in resources {
            if !r.contains(resource) {
                r.push(resource.clone());
            }
        }
    }
}

fn bucket_arn(service: &str, m: &Manifest, b: Bucket, objects: bool) -> Value {
    let base = match b {
        Bucket::Own(name) => match m.resource(name) {
            Some(r) => names::bucket_arn_pattern(service, r),
            None => format!("arn:${{AWS::Partition}}:s3:::{name}"),
        },
        Bucket::External(name) => format!("arn:${{AWS::Partition}}:s3:::{name}"),
    };
    sub(if objects { format!("{base}/*") } else { base })
}

fn bucket_sid(m: &Manifest, b: Bucket) -> String {
    match b {
        Bucket::Own(name) => m.resource(name).map(names::resource_id).unwrap_or_else(|| names::pascal(name)),
        Bucket::External(name) => format!("Bucket{}", names::pascal(name)),
    }
}

/// The policy statements of `machine` in `target`, from the needs its definition walk found.
pub fn statements(m: &Manifest, machine: &StateMachine, needs: &BTreeSet<Need>, target: Target) -> Vec<Value> {
    let service = m.service.as_str();
    let mut s = Statements::default();
    for need in needs {
        match *need {
            Need::Invoke(name) => {
                let Some(f) = m.function(name) else { continue };
                let id = target.function_id(f);
                // `:*` covers the versions and aliases a function with provisioned concurrency is invoked through.
                s.allow(
                    format!("Invoke{}", names::function_stem(f)),
                    &["lambda:InvokeFunction"],
                    &[get_att(&id, "Arn"), sub(format!("${{{id}.Arn}}:*"))],
                );
            }
            Need::Table(name, action) => {
                let Some(r) = m.resource(name) else { continue };
                let id = names::resource_id(r);
                s.allow(&id, &[action], &[get_att(&id, "Arn")]);
            }
            Need::Publish(name) => {
                let Some(r) = m.resource(name) else { continue };
                let id = names::resource_id(r);
                s.allow(&id, &["sns:Publish"], &[r#ref(&id)]);
            }
            Need::Send(name) => {
                let Some(r) = m.resource(name) else { continue };
                let id = names::resource_id(r);
                s.allow(&id, &["sqs:SendMessage"], &[get_att(&id, "Arn")]);
            }
            Need::PutEvents(bus) => {
                let arn = match bus {
                    Bus::Default => {
                        "arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:event-bus/default".into()
                    }
                    Bus::Named(name) => {
                        format!("arn:${{AWS::Partition}}:events:${{AWS::Region}}:${{AWS::AccountId}}:event-bus/{name}")
                    }
                    Bus::Arn(arn) => arn.to_string(),
                };
                s.allow("PutEvents", &["events:PutEvents"], &[sub(arn)]);
            }
            Need::StartExecution { machine: name, sync } => {
                let Some(child) = m.state_machine(name) else { continue };
                let stem = names::state_machine_stem(child);
                s.allow(format!("Start{stem}"), &["states:StartExecution"], &[arn::machine(service, child)]);
                if sync {
                    s.allow(
                        format!("Watch{stem}"),
                        &["states:DescribeExecution", "states:StopExecution"],
                        &[arn::executions(service, child)],
                    );
                    s.allow(
                        "SyncExecutionEvents",
                        &["events:DescribeRule", "events:PutRule", "events:PutTargets"],
                        &[arn::sync_rule()],
                    );
                }
            }
            Need::DistributedMap => {
                s.allow("DistributedMapStart", &["states:StartExecution"], &[arn::machine(service, machine)]);
                s.allow(
                    "DistributedMapRuns",
                    &["states:DescribeExecution", "states:StopExecution"],
                    &[arn::map_run_executions(service, machine)],
                );
            }
            Need::ReadObjects(b) => {
                s.allow(format!("Read{}", bucket_sid(m, b)), &["s3:GetObject"], &[bucket_arn(service, m, b, true)])
            }
            Need::ListObjects(b) => {
                s.allow(format!("List{}", bucket_sid(m, b)), &["s3:ListBucket"], &[bucket_arn(service, m, b, false)])
            }
            Need::WriteResults(b) => s.allow(
                format!("Write{}", bucket_sid(m, b)),
                &["s3:AbortMultipartUpload", "s3:GetObject", "s3:ListMultipartUploadParts", "s3:PutObject"],
                &[bucket_arn(service, m, b, true)],
            ),
        }
    }
    if machine.kind == MachineKind::Express {
        s.allow("LogDelivery", LOG_DELIVERY, &[json!("*")]);
    }
    s.0.into_iter()
        .map(|(sid, (actions, resources))| {
            json!({ "Sid": sid, "Effect": "Allow", "Action": actions, "Resource": resources })
        })
        .collect()
}

/// The `AWS::IAM::Role` the machine runs as.
pub fn role(m: &Manifest, machine: &StateMachine, needs: &BTreeSet<Need>, target: Target) -> Value {
    let mut properties = json!({
        "AssumeRolePolicyDocument": {
            "Version": "2012-10-17",
            "Statement": [{
                "Effect": "Allow",
                "Principal": { "Service": "states.amazonaws.com" },
                "Action": "sts:AssumeRole",
            }],
        },
    });
    let statements = statements(m, machine, needs, target);
    if !statements.is_empty() {
        properties["Policies"] = json!([{
            "PolicyName": format!("{}-least-privilege", machine.name),
            "PolicyDocument": { "Version": "2012-10-17", "Statement": statements },
        }]);
    }
    json!({ "Type": "AWS::IAM::Role", "Properties": properties })
}
