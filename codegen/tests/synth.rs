//! Synthesis of the fixture manifests: the three outputs describe the same service, IAM is least privilege,
//! output is deterministic, logical IDs are stable under renames, and bad input is refused with a clear message.

mod synth_describe;
mod synth_support;

use std::collections::BTreeSet;

use lambdaform_codegen::synth::{synth, synth_with, SynthOptions, Target, TemplateTransform};
use lambdaform_manifest::limits::{resource_env_var, WARMUP_PAYLOAD};
use lambdaform_manifest::{Event, Manifest};
use serde_json::{json, Value};
use synth_support::{load, synth_fixture, GOOD};

fn resources(doc: &Value) -> &serde_json::Map<String, Value> {
    doc["Resources"].as_object().unwrap()
}

#[test]
fn the_three_outputs_describe_the_same_service() {
    for name in GOOD {
        let m = load(name);
        let out = synth_fixture(name);
        let cfn = synth_describe::cloudformation(&out.cloudformation);
        let sam = synth_describe::sam(&out.sam);
        let sls = synth_describe::serverless(&out.serverless);
        assert_eq!(cfn, sam, "{name}: CloudFormation and SAM differ");
        assert_eq!(cfn, sls, "{name}: CloudFormation and serverless.yml differ");

        // ... and that service is the manifest's: every function, route, trigger and resource is there.
        let handlers: BTreeSet<String> = m.functions.iter().map(|f| f.name.clone()).collect();
        assert_eq!(cfn.functions, handlers, "{name}");
        let routes = m.functions.iter().flat_map(|f| &f.events).filter(|e| matches!(e, Event::Http(_))).count();
        assert_eq!(cfn.routes.len(), routes, "{name}: routes");
        for f in &m.functions {
            let triggers = f.events.iter().filter(|e| !matches!(e, Event::Http(_))).count();
            let warmup = usize::from(f.warmup.is_some());
            let found = cfn.triggers.iter().filter(|(h, _, _)| *h == f.name).count();
            assert_eq!(found, triggers + warmup, "{name}: triggers of {}: {:?}", f.name, cfn.triggers);
        }
        let declared = m.resources.len()
            + m.resources.iter().filter(|r| serde_json::to_value(r).unwrap()["dlq_max_receive"].is_u64()).count()
            + m.functions.iter().flat_map(|f| &f.events).filter(|e| matches!(e, Event::Alarm(_))).count();
        assert_eq!(cfn.resources.len(), declared, "{name}: {:?}", cfn.resources);
    }
}

#[test]
fn every_event_kind_and_resource_kind_is_covered_by_the_fixtures() {
    let m = load("full");
    let rest = load("rest");
    let kinds: BTreeSet<&str> =
        m.functions.iter().chain(&rest.functions).flat_map(|f| &f.events).map(Event::attribute).collect();
    assert_eq!(kinds.len(), 8, "{kinds:?}");
    let resource_kinds: BTreeSet<&str> = m.resources.iter().map(|r| r.kind.attribute()).collect();
    assert_eq!(resource_kinds.len(), 4);
}

/// Every IAM statement of every role in every output.
fn statements(doc: &Value) -> Vec<(String, Value)> {
    let all = doc.get("Resources").or_else(|| doc["resources"].get("Resources")).unwrap().as_object().unwrap();
    let mut out = Vec::new();
    for (id, r) in all {
        if r["Type"] != "AWS::IAM::Role" {
            continue;
        }
        for policy in r["Properties"]["Policies"].as_array().unwrap() {
            for st in policy["PolicyDocument"]["Statement"].as_array().unwrap() {
                out.push((id.clone(), st.clone()));
            }
        }
    }
    out
}

fn as_list(v: &Value) -> Vec<Value> {
    v.as_array().cloned().unwrap_or_else(|| vec![v.clone()])
}

#[test]
fn iam_is_least_privilege() {
    for name in GOOD {
        let out = synth_fixture(name);
        for target in [Target::CloudFormation, Target::Sam, Target::Serverless] {
            let found = statements(out.document(target));
            assert!(!found.is_empty());
            for (role, st) in found {
                for action in as_list(&st["Action"]) {
                    let action = action.as_str().unwrap();
                    assert!(!action.contains('*'), "{name} {role}: wildcard action {action}");
                }
                for resource in as_list(&st["Resource"]) {
                    // Wildcards only scope below a named resource (`table/index/*`, `bucket/*`).
                    assert!(resource.is_object(), "{name} {role}: literal resource {resource}");
                    let text = resource.to_string();
                    assert!(!text.contains("\"*\"") && !text.contains(":*\""), "{name} {role}: {text}");
                }
            }
        }
    }
    // The exact grants of some functions of the full fixture.
    let out = synth_fixture("full");
    let by_role = |role: &str| -> Vec<Value> {
        statements(&out.cloudformation).into_iter().filter(|(r, _)| r == role).map(|(_, st)| st).collect()
    };
    let notify = by_role("NotifyRole");
    assert_eq!(notify.len(), 1, "notify only logs: {notify:?}");
    assert_eq!(notify[0]["Resource"], json!({ "Fn::GetAtt": ["NotifyLogGroup", "Arn"] }));
    let worker = by_role("WorkerRole");
    assert_eq!(worker[1]["Resource"], json!([{ "Fn::GetAtt": ["JobsQueue", "Arn"] }]));
    assert!(as_list(&worker[1]["Action"]).contains(&json!("sqs:ReceiveMessage")));
    let cleanup = by_role("CleanupRole");
    let actions: Vec<Value> = cleanup.iter().flat_map(|st| as_list(&st["Action"])).collect();
    assert!(
        actions.contains(&json!("dynamodb:PutItem")) && !actions.contains(&json!("dynamodb:GetItem")),
        "write only"
    );
    let audit = by_role("AuditRole");
    let text = json!(audit).to_string();
    assert!(text.contains("StreamArn") && text.contains("dynamodb:GetRecords") && !text.contains("dynamodb:PutItem"));
}

#[test]
fn functions_get_the_environment_of_what_they_touch() {
    let out = synth_fixture("full");
    let env = &resources(&out.cloudformation)["CreateUserFunction"]["Properties"]["Environment"]["Variables"];
    assert_eq!(env["LOG_LEVEL"], "info");
    assert_eq!(env[resource_env_var("Users", "NAME")], json!({ "Ref": "UsersTable" }));
    assert_eq!(env[resource_env_var("Notifications", "ARN")], json!({ "Ref": "NotificationsTopic" }));
    assert_eq!(env[resource_env_var("Jobs", "URL")], json!({ "Ref": "JobsQueue" }));
    let worker = &resources(&out.cloudformation)["WorkerFunction"]["Properties"]["Environment"]["Variables"];
    assert!(worker.get(resource_env_var("Jobs", "ARN")).is_some(), "a trigger's resource is in the environment too");
}

#[test]
fn function_settings_reach_cloudformation() {
    let out = synth_fixture("full");
    let r = resources(&out.cloudformation);
    let p = &r["CreateUserFunction"]["Properties"];
    assert_eq!(p["Runtime"], "provided.al2023");
    assert_eq!(p["Handler"], "create_user");
    assert_eq!(p["Architectures"], json!(["arm64"]));
    assert_eq!(p["MemorySize"], 256);
    assert_eq!(p["ReservedConcurrentExecutions"], 20);
    assert_eq!(p["TracingConfig"], json!({ "Mode": "Active" }));
    assert_eq!(p["Code"], json!({ "S3Bucket": { "Ref": "CodeS3Bucket" }, "S3Key": { "Ref": "CodeS3Key" } }));
    assert_eq!(r["AuditLogGroup"]["Properties"]["RetentionInDays"], 90);
    assert_eq!(r["UsersTable"]["DeletionPolicy"], "Retain");
    assert_eq!(r["UsersTable"]["UpdateReplacePolicy"], "Retain");
    assert!(r["NotificationsTopic"].get("DeletionPolicy").is_none());
    assert_eq!(r["JobsQueue"]["Properties"]["RedrivePolicy"]["maxReceiveCount"], 5);
    let bucket = &r["UploadsBucket"]["Properties"];
    assert_eq!(bucket["PublicAccessBlockConfiguration"]["RestrictPublicBuckets"], true);
    assert!(bucket["BucketName"]["Fn::Sub"].as_str().unwrap().contains("${AWS::AccountId}"), "not hard-coded");
    // Provisioned concurrency lives on an alias, which the triggers invoke.
    let rest = synth_fixture("rest");
    let rr = resources(&rest.cloudformation);
    assert_eq!(
        rr["PlaceOrderFunctionAliasLive"]["Properties"]["ProvisionedConcurrencyConfig"]
            ["ProvisionedConcurrentExecutions"],
        2
    );
    assert_eq!(
        rr["PlaceOrderRestApiPermission"]["Properties"]["FunctionName"],
        json!({ "Ref": "PlaceOrderFunctionAliasLive" })
    );
    let outputs = rest.cloudformation["Outputs"].as_object().unwrap();
    assert!(
        outputs.contains_key("RestApiUrl")
            && outputs.contains_key("PlaceOrderFunctionArn")
            && outputs.contains_key("OrdersTableName")
    );
}

#[test]
fn warmup_sends_one_ping_per_concurrent_instance() {
    let out = synth_fixture("full");
    let r = resources(&out.cloudformation);
    let first = r["CreateUserWarmup"]["Properties"]["Targets"].as_array().unwrap();
    let second = r["CreateUserWarmup2"]["Properties"]["Targets"].as_array().unwrap();
    assert_eq!(first.len() + second.len(), 7);
    assert!(first.iter().chain(second).all(|t| t["Input"] == WARMUP_PAYLOAD));
    assert!(r.contains_key("CreateUserWarmup2Permission"));
}

#[test]
fn synthesis_is_byte_identical_across_runs() {
    for name in GOOD {
        let a = synth_fixture(name);
        let b = synth_fixture(name);
        for target in [Target::CloudFormation, Target::Sam, Target::Serverless] {
            assert_eq!(a.render(target).unwrap(), b.render(target).unwrap(), "{name} {}", target.file_name());
        }
    }
    // Resource order in the file is sorted, whatever the order of declaration.
    let mut m = load("full");
    m.resources.reverse();
    m.functions.reverse();
    let reordered = synth(&m, &SynthOptions::default()).unwrap();
    let keys = |v: &Value| resources(v).keys().cloned().collect::<Vec<_>>();
    assert_eq!(keys(&reordered.cloudformation), keys(&synth_fixture("full").cloudformation));
}

fn rename(m: &Manifest, from: &str, to: &str) -> Manifest {
    let mut text = serde_json::to_string(m).unwrap();
    text = text.replace(&format!("\"name\":\"{from}\""), &format!("\"name\":\"{to}\""));
    text = text.replace(&format!("function:{from}"), &format!("function:{to}"));
    serde_json::from_str(&text).unwrap()
}

#[test]
fn renaming_a_function_changes_no_other_logical_id() {
    for (fixture, from, to, old_stem, new_stem) in [
        ("full", "cleanup", "purge", "Cleanup", "Purge"),
        ("full", "create_user", "add_user", "CreateUser", "AddUser"),
        ("rest", "health", "ping", "Health", "Ping"),
    ] {
        let before = synth_fixture(fixture);
        let after = synth(&rename(&load(fixture), from, to), &SynthOptions::default()).unwrap();
        let ids = |v: &Value| resources(v).keys().cloned().collect::<BTreeSet<_>>();
        let (old, new) = (ids(&before.cloudformation), ids(&after.cloudformation));
        // A REST deployment is a snapshot of the routes and their integrations: it must be replaced when one changes.
        let snapshot = |id: &&String| id.starts_with("RestApiDeployment");
        let gone: Vec<_> = old.difference(&new).filter(|id| !snapshot(id)).collect();
        let added: Vec<_> = new.difference(&old).filter(|id| !snapshot(id)).collect();
        assert!(!gone.is_empty(), "{fixture}: {from} had resources");
        assert!(gone.iter().all(|id| id.starts_with(old_stem)), "{fixture}: renamed away {gone:?}");
        assert!(added.iter().all(|id| id.starts_with(new_stem)), "{fixture}: new {added:?}");
        assert_eq!(gone.len(), added.len());
    }
}

#[test]
fn bad_manifests_are_refused_naming_the_problem() {
    let cases = [
        ("bad-undeclared", "`Ghosts`"),
        ("bad-memory", "/functions/1/memory"),
        ("bad-jwt-on-rest", "JWT authorizers exist only on HTTP APIs"),
    ];
    for (name, expected) in cases {
        let err = synth(&load(name), &SynthOptions::default()).unwrap_err();
        assert!(err.to_string().contains(expected), "{name}: {err}");
    }
    let long = SynthOptions { stage: "a-very-long-stage-name-for-a-bucket".into(), ..SynthOptions::default() };
    let err = synth(&load("full"), &long).unwrap_err();
    assert!(err.to_string().contains("bucket `Uploads`"), "{err}");
    let upper = SynthOptions { stage: "Prod".into(), ..SynthOptions::default() };
    assert!(synth(&load("minimal"), &upper).unwrap_err().to_string().contains("stage `Prod`"));
}

#[test]
fn extra_resources_are_merged_into_every_output() {
    let extra = json!({
        "Resources": { "AuditTrailTopic": { "Type": "AWS::SNS::Topic", "Properties": { "DisplayName": { "Fn::Sub": "audit-${Stage}" } } } },
        "Outputs": { "AuditTrail": { "Value": { "Ref": "AuditTrailTopic" } } },
    });
    let opts = SynthOptions { extra: Some(extra), ..SynthOptions::default() };
    let out = synth(&load("minimal"), &opts).unwrap();
    assert!(resources(&out.cloudformation).contains_key("AuditTrailTopic"));
    assert!(resources(&out.sam).contains_key("AuditTrailTopic"));
    let sls = &out.serverless["resources"]["Resources"]["AuditTrailTopic"]["Properties"]["DisplayName"];
    assert_eq!(sls, "audit-${sls:stage}", "the Stage parameter becomes the Framework's stage");
    let clash = SynthOptions {
        extra: Some(json!({ "Resources": { "HelloRole": { "Type": "AWS::IAM::Role" } } })),
        ..SynthOptions::default()
    };
    assert!(synth(&load("minimal"), &clash).unwrap_err().to_string().contains("`HelloRole`"));
}

struct Tag(&'static str);

impl TemplateTransform for Tag {
    fn transform(&self, target: Target, document: &mut Value) -> Result<(), String> {
        if target == Target::Serverless {
            return Ok(());
        }
        for r in document["Resources"].as_object_mut().ok_or("no Resources")?.values_mut() {
            if r["Type"] == "AWS::S3::Bucket" {
                r["Properties"]["VersioningConfiguration"] = json!({ "Status": self.0 });
            }
        }
        Ok(())
    }
}

#[test]
fn transforms_change_outputs_before_they_are_written() {
    let versioning = Tag("Enabled");
    let failing = |_: Target, _: &mut Value| -> Result<(), String> { Err("policy says no".into()) };
    let out = synth_with(&load("full"), &SynthOptions::default(), &[&versioning]).unwrap();
    assert_eq!(
        resources(&out.cloudformation)["UploadsBucket"]["Properties"]["VersioningConfiguration"]["Status"],
        "Enabled"
    );
    assert_eq!(resources(&out.sam)["UploadsBucket"]["Properties"]["VersioningConfiguration"]["Status"], "Enabled");
    let err = synth_with(&load("full"), &SynthOptions::default(), &[&versioning, &failing]).unwrap_err();
    assert!(err.to_string().contains("policy says no") && err.to_string().contains("cloudformation.json"), "{err}");
}

#[test]
fn checkov_suppressions_carry_reasons() {
    let out = synth_fixture("full");
    let mut seen = 0;
    for r in resources(&out.cloudformation).values() {
        for skip in r["Metadata"]["checkov"]["skip"].as_array().into_iter().flatten() {
            assert!(skip["id"].as_str().unwrap().starts_with("CKV_AWS_"));
            assert!(skip["comment"].as_str().unwrap().len() > 20, "{skip}");
            seen += 1;
        }
    }
    assert!(seen > 0);
    // A function with reserved concurrency passes CKV_AWS_115 and is not suppressed for it.
    let skips = resources(&out.cloudformation)["CreateUserFunction"]["Metadata"].to_string();
    assert!(!skips.contains("CKV_AWS_115"));
}

#[test]
fn yaml_quotes_what_yaml_1_1_would_misread() {
    let mut m = load("minimal");
    m.functions[0].environment.insert("FEATURE".into(), "on".into());
    m.functions[0].environment.insert("SINCE".into(), "2024-01-01".into());
    let out = synth(&m, &SynthOptions::default()).unwrap();
    let yaml = out.render(Target::Sam).unwrap();
    assert!(!yaml.contains("FEATURE: on\n"), "{yaml}");
    assert!(!yaml.contains("SINCE: 2024-01-01\n"), "{yaml}");
    assert!(!yaml.contains("!Ref") && !yaml.contains("!GetAtt"));
}

#[test]
fn every_checkov_suppression_is_documented() {
    let docs = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/synth.md")).unwrap();
    for (_, id, reason) in lambdaform_codegen::synth::checkov::suppressions() {
        assert!(docs.contains(id), "docs/synth.md does not explain {id} ({reason})");
    }
}
