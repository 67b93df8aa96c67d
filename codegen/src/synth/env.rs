//! A function's environment: the user's variables plus, for each resource it uses or is triggered by, the
//! variables through which the runtime's typed handles find that resource.

use std::collections::BTreeMap;

use lambdaform_manifest::limits::resource_env_var;
use lambdaform_manifest::{Function, Manifest, ResourceKind};
use serde_json::Value;

use super::intrinsic::{get_att, r#ref, sub};
use super::names;

/// Every declared resource the function touches, by `uses` or as a trigger, sorted and without repeats.
pub fn touched_resources<'m>(m: &'m Manifest, f: &Function) -> Vec<&'m lambdaform_manifest::Resource> {
    f.touched_resources().into_iter().filter_map(|name| m.resource(name)).collect()
}

pub fn environment(m: &Manifest, f: &Function) -> BTreeMap<String, Value> {
    let mut vars: BTreeMap<String, Value> =
        f.environment.iter().map(|(k, v)| (k.clone(), Value::String(v.clone()))).collect();
    for r in touched_resources(m, f) {
        let id = names::resource_id(r);
        let attributes: Vec<(&str, Value)> = match &r.kind {
            ResourceKind::Table(_) => vec![("NAME", r#ref(&id)), ("ARN", get_att(&id, "Arn"))],
            ResourceKind::Bucket => vec![
                ("NAME", names::bucket_name(&m.service, r)),
                ("ARN", sub(names::bucket_arn_pattern(&m.service, r))),
            ],
            ResourceKind::Topic(_) => vec![("ARN", r#ref(&id)), ("NAME", get_att(&id, "TopicName"))],
            ResourceKind::Queue(_) => {
                vec![("URL", r#ref(&id)), ("ARN", get_att(&id, "Arn")), ("NAME", get_att(&id, "QueueName"))]
            }
        };
        for (attribute, value) in attributes {
            vars.insert(resource_env_var(&r.name, attribute), value);
        }
    }
    vars
}
