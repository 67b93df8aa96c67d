//! A function's own resources: the function, its log group, its role and, with provisioned concurrency, the
//! version and alias it runs on.

use lambdaform_manifest::{Architecture, Function, Manifest, Tracing};
use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};

use super::intrinsic::{get_att, r#ref, sub};
use super::target::{Target, ALIAS};
use super::template::Template;
use super::{env, iam, names};

pub const RUNTIME: &str = "provided.al2023";

pub fn architecture(f: &Function) -> &'static str {
    match f.architecture {
        Architecture::Arm64 => "arm64",
        Architecture::X86_64 => "x86_64",
    }
}

pub fn tracing(t: Tracing) -> &'static str {
    match t {
        Tracing::Active => "Active",
        Tracing::PassThrough => "PassThrough",
    }
}

/// The settings CloudFormation's `AWS::Lambda::Function` and SAM's `AWS::Serverless::Function` spell alike.
pub fn common_properties(m: &Manifest, f: &Function) -> Map<String, Value> {
    let mut p = Map::new();
    p.insert("FunctionName".into(), sub(names::function_name_pattern(&m.service, f)));
    p.insert("Handler".into(), json!(f.name));
    p.insert("Runtime".into(), json!(RUNTIME));
    p.insert("Architectures".into(), json!([architecture(f)]));
    p.insert("MemorySize".into(), json!(f.memory));
    p.insert("Timeout".into(), json!(f.timeout));
    p.insert("Role".into(), get_att(&names::role_id(f), "Arn"));
    if let Some(description) = &f.description {
        p.insert("Description".into(), json!(description));
    }
    let variables = env::environment(m, f);
    if !variables.is_empty() {
        p.insert("Environment".into(), json!({ "Variables": variables }));
    }
    if let Some(reserved) = f.reserved_concurrency {
        p.insert("ReservedConcurrentExecutions".into(), json!(reserved));
    }
    if let Some(mode) = f.tracing {
        p.insert("Tracing".into(), json!(tracing(mode)));
    }
    p
}

/// The log group and the role: raw CloudFormation in CloudFormation and SAM.
pub fn add_log_group_and_role(m: &Manifest, f: &Function, t: &mut Template) -> Result<(), String> {
    add_log_group(m, f, t)?;
    add_role(m, f, t)
}

/// The function's log group, with its retention. (The Serverless Framework makes its own, under the same ID.)
pub fn add_log_group(m: &Manifest, f: &Function, t: &mut Template) -> Result<(), String> {
    t.add(
        names::log_group_id(f),
        json!({
            "Type": "AWS::Logs::LogGroup",
            "Properties": {
                "LogGroupName": sub(format!("/aws/lambda/{}", names::function_name_pattern(&m.service, f))),
                "RetentionInDays": f.log_retention,
            },
        }),
    )
}

pub fn add_role(m: &Manifest, f: &Function, t: &mut Template) -> Result<(), String> {
    t.add(names::role_id(f), iam::role(m, f))
}

/// The canonical `AWS::Lambda::Function` and its companions.
pub fn add_cloudformation(m: &Manifest, f: &Function, sha256: Option<&str>, t: &mut Template) -> Result<(), String> {
    add_log_group_and_role(m, f, t)?;
    let mut p = common_properties(m, f);
    p.insert("Code".into(), json!({ "S3Bucket": r#ref("CodeS3Bucket"), "S3Key": r#ref("CodeS3Key") }));
    // CloudFormation spells tracing as a config object where SAM takes a bare string.
    if let Some(mode) = p.remove("Tracing") {
        p.insert("TracingConfig".into(), json!({ "Mode": mode }));
    }
    let id = names::function_id(f);
    t.add(&id, json!({ "Type": "AWS::Lambda::Function", "Properties": p }))?;
    if let Some(provisioned) = f.provisioned_concurrency {
        let version = format!("{id}Version");
        // A version is immutable and replaced only when its properties change: the description carries a digest
        // of the code and configuration, so every change publishes a new version under the same logical ID.
        t.add(
            &version,
            json!({
                "Type": "AWS::Lambda::Version",
                "Properties": { "FunctionName": r#ref(&id), "Description": version_description(f, sha256) },
            }),
        )?;
        t.add(
            Target::CloudFormation.alias_id(f),
            json!({
                "Type": "AWS::Lambda::Alias",
                "Properties": {
                    "FunctionName": r#ref(&id),
                    "FunctionVersion": get_att(&version, "Version"),
                    "Name": ALIAS,
                    "ProvisionedConcurrencyConfig": { "ProvisionedConcurrentExecutions": provisioned },
                },
            }),
        )?;
    }
    Ok(())
}

fn version_description(f: &Function, sha256: Option<&str>) -> String {
    let config = serde_json::to_vec(f).unwrap_or_default();
    let digest = Sha256::digest(&config);
    let config_hex: String = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
    match sha256 {
        Some(code) => format!("lambdaform configuration {config_hex}, code {}", &code[..code.len().min(16)]),
        None => format!("lambdaform configuration {config_hex}"),
    }
}

/// A resource-based permission letting `principal` invoke the function (or its alias).
pub fn permission(target: Target, f: &Function, principal: &str, source_arn: Value) -> Value {
    let mut p = json!({
        "Action": "lambda:InvokeFunction",
        "FunctionName": target.invoke_arn(f),
        "Principal": principal,
        "SourceArn": source_arn,
    });
    if principal == "s3.amazonaws.com" {
        // Bucket ARNs carry no account: pin the owner so a same-named bucket elsewhere cannot invoke.
        p["SourceAccount"] = r#ref("AWS::AccountId");
    }
    json!({ "Type": "AWS::Lambda::Permission", "Properties": p })
}
