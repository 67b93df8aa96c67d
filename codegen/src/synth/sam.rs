//! `template.yaml`: the same service for the SAM CLI. Functions are `AWS::Serverless::Function`s with `Events`;
//! what SAM has no spelling for (alarms, warm-up, log groups, roles) stays raw CloudFormation.

use lambdaform_manifest::Manifest;
use serde_json::{json, Value};

use super::cloudformation::{common_outputs, description, stage_parameter};
use super::events::{self, http_api, rest_api};
use super::options::SynthOptions;
use super::target::{Target, ALIAS};
use super::template::Template;
use super::{extra, function, machine, names, resources};

pub const TRANSFORM: &str = "AWS::Serverless-2016-10-31";

pub fn build(m: &Manifest, opts: &SynthOptions) -> Result<Template, String> {
    let mut t = Template { description: description(m), ..Template::default() };
    t.parameters.insert("Stage".into(), stage_parameter(opts));
    resources::add_all(m, &mut t)?;
    for f in &m.functions {
        function::add_log_group_and_role(m, f, &mut t)?;
        let mut p = function::common_properties(m, f);
        p.insert("CodeUri".into(), json!(opts.artifact_file));
        if let Some(provisioned) = f.provisioned_concurrency {
            p.insert("AutoPublishAlias".into(), json!(ALIAS));
            p.insert("ProvisionedConcurrencyConfig".into(), json!({ "ProvisionedConcurrentExecutions": provisioned }));
        }
        let events = events::sam(m, f, &mut t)?;
        if !events.is_empty() {
            p.insert("Events".into(), Value::Object(events));
        }
        t.add(names::function_id(f), json!({ "Type": "AWS::Serverless::Function", "Properties": p }))?;
    }
    http_api::sam_resource(m, &mut t)?;
    rest_api::sam_resource(m, &mut t)?;
    machine::sam(m, &mut t)?;
    common_outputs(Target::Sam, m, opts, &mut t);
    if let Some(extra) = &opts.extra {
        extra::merge(&mut t, extra)?;
    }
    Ok(t)
}
