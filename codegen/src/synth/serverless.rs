//! `serverless.yml` for the Serverless Framework v3. Functions and the events the Framework can express are
//! native; declared resources, roles and the rest travel as raw CloudFormation under `resources`, with the
//! `Stage` parameter replaced by the Framework's own `${sls:stage}`.

use lambdaform_manifest::Manifest;
use serde_json::{json, Map, Value};

use super::cloudformation::common_outputs;
use super::events::{self, http_api};
use super::options::SynthOptions;
use super::target::Target;
use super::template::Template;
use super::{env, extra, function, machine, names, resources};

const SLS_STAGE: &str = "${sls:stage}";

pub fn build(m: &Manifest, opts: &SynthOptions) -> Result<Value, String> {
    let mut raw = Template::default();
    resources::add_all(m, &mut raw)?;
    let mut functions = Map::new();
    for f in &m.functions {
        function::add_role(m, f, &mut raw)?;
        let mut entry = Map::new();
        entry.insert("name".into(), json!(format!("{}-{SLS_STAGE}-{}", m.service, f.name)));
        entry.insert("handler".into(), json!(f.name));
        entry.insert("architecture".into(), json!(function::architecture(f)));
        entry.insert("memorySize".into(), json!(f.memory));
        entry.insert("timeout".into(), json!(f.timeout));
        // As a `Fn::Sub` rather than the bare logical ID: with the latter the Framework adds a `DependsOn` that
        // duplicates the reference (cfn-lint W3005).
        entry.insert("role".into(), json!({ "Fn::Sub": format!("${{{}.Arn}}", names::role_id(f)) }));
        entry.insert("logRetentionInDays".into(), json!(f.log_retention));
        if let Some(description) = &f.description {
            entry.insert("description".into(), json!(description));
        }
        let variables = env::environment(m, f);
        if !variables.is_empty() {
            entry.insert("environment".into(), resolve_stage(json!(variables)));
        }
        if let Some(reserved) = f.reserved_concurrency {
            entry.insert("reservedConcurrency".into(), json!(reserved));
        }
        if let Some(provisioned) = f.provisioned_concurrency {
            entry.insert("provisionedConcurrency".into(), json!(provisioned));
        }
        if let Some(mode) = f.tracing {
            entry.insert("tracing".into(), json!(function::tracing(mode)));
        }
        let events = events::serverless(m, f, &mut raw)?;
        if !events.is_empty() {
            entry.insert("events".into(), Value::Array(events));
        }
        functions.insert(names::function_stem(f), Value::Object(entry));
    }
    let step_functions = machine::serverless(m, &mut raw)?;
    if http_api::serverless_provider(m).is_none() && http_api::needed(m) {
        // Only state machines have routes, so the Framework makes no API for them to join.
        http_api::add_raw_api(m, &mut raw)?;
    }
    common_outputs(Target::Serverless, m, opts, &mut raw);
    if let Some(extra) = &opts.extra {
        extra::merge(&mut raw, extra)?;
    }

    let architecture = m.functions.first().map(function::architecture).unwrap_or("arm64");
    let mut provider = json!({
        "name": "aws",
        "runtime": function::RUNTIME,
        "architecture": architecture,
        "stage": opts.stage,
        "region": opts.region,
    });
    if let Some(http) = http_api::serverless_provider(m) {
        provider["httpApi"] = http;
        provider["logs"] = json!({ "httpApi": true });
    }
    let mut resources = Map::new();
    if !raw.resources.is_empty() {
        resources.insert("Resources".into(), resolve_stage(Value::Object(raw.resources.into_iter().collect())));
    }
    if !raw.outputs.is_empty() {
        resources.insert("Outputs".into(), resolve_stage(Value::Object(raw.outputs.into_iter().collect())));
    }
    let mut out = json!({
        "service": m.service,
        "frameworkVersion": "3",
        "configValidationMode": "error",
        "provider": provider,
        "package": { "individually": false, "artifact": opts.artifact_file },
    });
    if !functions.is_empty() {
        out["functions"] = Value::Object(functions);
    }
    if let Some(step_functions) = step_functions {
        out["stepFunctions"] = resolve_stage(step_functions);
        out["plugins"] = json!([machine::SERVERLESS_PLUGIN]);
    }
    if !resources.is_empty() {
        out["resources"] = Value::Object(resources);
    }
    Ok(out)
}

/// Replaces the `Stage` parameter, which serverless.yml does not have, by the Framework's `${sls:stage}`; a
/// `Fn::Sub` left with nothing else to substitute becomes a plain string.
pub fn resolve_stage(value: Value) -> Value {
    match value {
        Value::Object(map) => {
            if map.len() == 1 {
                if map.get("Ref").and_then(Value::as_str) == Some("Stage") {
                    return json!(SLS_STAGE);
                }
                if let Some(Value::String(text)) = map.get("Fn::Sub") {
                    let text = text.replace("${Stage}", SLS_STAGE);
                    return if text.replace(SLS_STAGE, "").contains("${") {
                        json!({ "Fn::Sub": text })
                    } else {
                        json!(text)
                    };
                }
            }
            Value::Object(map.into_iter().map(|(k, v)| (k, resolve_stage(v))).collect())
        }
        Value::Array(items) => Value::Array(items.into_iter().map(resolve_stage).collect()),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stage_becomes_the_frameworks_variable() {
        assert_eq!(resolve_stage(json!({ "Ref": "Stage" })), json!("${sls:stage}"));
        assert_eq!(resolve_stage(json!({ "Fn::Sub": "svc-${Stage}-f" })), json!("svc-${sls:stage}-f"));
        assert_eq!(
            resolve_stage(json!({ "Fn::Sub": "${Stage}-${AWS::Region}" })),
            json!({ "Fn::Sub": "${sls:stage}-${AWS::Region}" })
        );
    }
}
