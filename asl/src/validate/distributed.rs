//! A distributed Map's dataset fields: ItemReader (with ReaderConfig), ItemBatcher, ResultWriter.

use serde_json::{Map, Value};

use super::paths::{self, PathKind};
use super::pointer::Ptr;
use super::problem::Report;
use super::scope::{Lang, Scope};
use super::{jsonata, template, values};

pub(crate) fn check(state: &Map<String, Value>, at: &Ptr, scope: Scope, r: &mut Report) {
    if let Some(v) = state.get("ItemReader") {
        integration(v, &at.key("ItemReader"), scope, "ReaderConfig", r);
    }
    if let Some(v) = state.get("ResultWriter") {
        integration(v, &at.key("ResultWriter"), scope, "WriterConfig", r);
    }
    if let Some(v) = state.get("ItemBatcher") {
        item_batcher(v, &at.key("ItemBatcher"), scope, r);
    }
}

/// ItemReader and ResultWriter call an S3 (or similar) API: a Resource and its parameters.
fn integration(v: &Value, at: &Ptr, scope: Scope, config_field: &str, r: &mut Report) {
    let Some(fields) = values::object(v, at, r) else {
        return;
    };
    if !fields.contains_key("Resource") && config_field == "ReaderConfig" {
        r.push(at, "an ItemReader needs 'Resource'");
    }
    for (k, field) in fields {
        let here = at.key(k);
        match (k.as_str(), scope.lang) {
            ("Resource", _) => {
                if let Some(s) = values::string(field, &here, r) {
                    if !s.starts_with("arn:") {
                        r.push(&here, format!("'{s}' is not an ARN"));
                    }
                }
            }
            ("Parameters", Lang::JsonPath) => template::check_object(field, &here, r),
            ("Arguments", Lang::Jsonata) => jsonata::check_template(field, &here, r),
            (name, _) if name == config_field => {
                if let Some(config) = values::object(field, &here, r) {
                    exclusive_count(config, "MaxItems", &here, scope, r);
                }
            }
            _ => r.push(&here, format!("unknown field '{k}' here")),
        }
    }
}

fn item_batcher(v: &Value, at: &Ptr, scope: Scope, r: &mut Report) {
    let Some(fields) = values::object(v, at, r) else {
        return;
    };
    exclusive_count(fields, "MaxItemsPerBatch", at, scope, r);
    exclusive_count(fields, "MaxInputBytesPerBatch", at, scope, r);
    for (k, field) in fields {
        let here = at.key(k);
        match (k.as_str(), scope.lang) {
            ("MaxItemsPerBatch" | "MaxInputBytesPerBatch", _) => {}
            ("MaxItemsPerBatchPath" | "MaxInputBytesPerBatchPath", Lang::JsonPath) => {}
            ("BatchInput", Lang::JsonPath) => template::check_object(field, &here, r),
            ("BatchInput", Lang::Jsonata) => jsonata::check_template(field, &here, r),
            _ => r.push(&here, format!("unknown field '{k}' in ItemBatcher")),
        }
    }
}

/// `<field>` (a count, or a JSONata expression) or, under JSONPath, `<field>Path`; never both.
fn exclusive_count(fields: &Map<String, Value>, field: &str, at: &Ptr, scope: Scope, r: &mut Report) {
    let path_field = format!("{field}Path");
    if let (Some(p), Lang::JsonPath) = (fields.get(&path_field), scope.lang) {
        let here = at.key(&path_field);
        if let Some(s) = values::string(p, &here, r) {
            paths::check(s, PathKind::Reference, &here, r);
        }
        if fields.contains_key(field) {
            r.push(at, format!("{field} and {path_field} cannot both be set"));
        }
    }
    if let Some(v) = fields.get(field) {
        values::integer_or_expression(v, &at.key(field), r, scope, 0, i64::MAX);
    }
}
