//! The names, ARNs and URLs of the service's resources as its handlers read them from their environment
//! (`LAMBDAFORM_USERS_NAME`, ...): the spelling `lambdaform_local` gives them (the deployed
//! `{service}-local-{Name}`), and the way back from any spelling in an AWS request to the declared resource.

use lambdaform_local::names::Names as LocalNames;
use lambdaform_manifest::limits::resource_env_var;
use lambdaform_manifest::{Manifest, Resource, ResourceKind};
use std::collections::BTreeMap;

#[derive(Debug, Clone)]
pub struct Names {
    /// Every accepted spelling of a resource (physical name, ARN, URL, declared name) to its declared name.
    lookup: BTreeMap<String, String>,
    /// `LAMBDAFORM_<RESOURCE>_<ATTRIBUTE>` → value.
    variables: BTreeMap<String, String>,
}

impl Names {
    pub fn new(manifest: &Manifest, local: &LocalNames) -> Names {
        let mut names = Names { lookup: BTreeMap::new(), variables: BTreeMap::new() };
        for resource in &manifest.resources {
            for attribute in resource.kind.runtime_attributes() {
                let value = attribute_value(local, resource, attribute);
                names.lookup.insert(value.clone(), resource.name.clone());
                names.variables.insert(resource_env_var(&resource.name, attribute), value);
            }
            names.lookup.insert(resource.name.clone(), resource.name.clone());
        }
        names
    }

    /// The declared resource a name, ARN or URL in a request refers to. A queue URL on any host resolves
    /// by its last path segment.
    pub fn resource(&self, spelling: &str) -> Option<&str> {
        self.lookup
            .get(spelling)
            .or_else(|| spelling.rsplit('/').next().and_then(|last| self.lookup.get(last)))
            .map(String::as_str)
    }

    /// A resource's attribute value (`NAME`, `ARN`, `URL`).
    pub fn value(&self, resource: &str, attribute: &str) -> Option<&str> {
        self.variables.get(&resource_env_var(resource, attribute)).map(String::as_str)
    }

    /// The environment variables of `resources`, as the template would set them.
    pub fn variables_for<'a>(
        &self,
        manifest: &Manifest,
        resources: impl IntoIterator<Item = &'a str>,
    ) -> BTreeMap<String, String> {
        let mut variables = BTreeMap::new();
        for resource in resources.into_iter().filter_map(|name| manifest.resource(name)) {
            for attribute in resource.kind.runtime_attributes() {
                let variable = resource_env_var(&resource.name, attribute);
                if let Some(value) = self.variables.get(&variable) {
                    variables.insert(variable, value.clone());
                }
            }
        }
        variables
    }
}

fn attribute_value(local: &LocalNames, resource: &Resource, attribute: &str) -> String {
    let name = &resource.name;
    match (&resource.kind, attribute) {
        (ResourceKind::Table(_), "ARN") => local.table_arn(name),
        (ResourceKind::Bucket, "ARN") => local.bucket_arn(name),
        (ResourceKind::Bucket, _) => local.bucket(name),
        (ResourceKind::Topic(_), "ARN") => local.topic_arn(name),
        (ResourceKind::Queue(_), "ARN") => local.queue_arn(name),
        (ResourceKind::Queue(_), "URL") => local.queue_url(name),
        _ => local.physical(name),
    }
}
