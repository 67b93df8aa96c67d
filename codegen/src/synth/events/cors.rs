//! CORS is a setting of a whole API in API Gateway, while the manifest carries it per route: the API gets the union
//! of what its routes ask for.

use std::collections::BTreeSet;

use lambdaform_manifest::{ApiKind, Event, Manifest};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MergedCors {
    pub origins: BTreeSet<String>,
    pub headers: BTreeSet<String>,
    pub methods: BTreeSet<String>,
    pub max_age: Option<u32>,
    pub credentials: bool,
}

pub fn merged(m: &Manifest, api: ApiKind) -> Option<MergedCors> {
    let mut out: Option<MergedCors> = None;
    for f in &m.functions {
        for event in &f.events {
            let Event::Http(http) = event else { continue };
            let Some(cors) = http.cors.as_ref().filter(|_| http.api == api) else { continue };
            let merged = out.get_or_insert_with(MergedCors::default);
            merged.origins.extend(cors.allow_origins.iter().cloned());
            merged.headers.extend(cors.allow_headers.iter().cloned());
            merged.methods.extend(cors.allow_methods.iter().cloned());
            merged.max_age = merged.max_age.max(cors.max_age);
            merged.credentials |= cors.allow_credentials;
        }
    }
    out
}

impl MergedCors {
    /// The methods to allow: those declared, else every method of the API's CORS routes.
    pub fn methods_or(&self, m: &Manifest, api: ApiKind) -> Vec<String> {
        if !self.methods.is_empty() {
            return self.methods.iter().cloned().collect();
        }
        let mut methods = BTreeSet::new();
        for f in &m.functions {
            for event in &f.events {
                if let Event::Http(http) = event {
                    if http.api == api && http.cors.is_some() {
                        if http.method == "ANY" {
                            methods.extend(["DELETE", "GET", "HEAD", "PATCH", "POST", "PUT"].map(String::from));
                        } else {
                            methods.insert(http.method.clone());
                        }
                    }
                }
            }
        }
        methods.insert("OPTIONS".into());
        methods.into_iter().collect()
    }
}
