//! Placeholders → `DefinitionSubstitutions`. Each `${kind:NAME}` string of a definition becomes `${Key}`, where
//! `Key` is the logical ID of the item it names (`${function:validate}` → `${ValidateFunction}`): logical IDs
//! hold only `[A-Za-z0-9]`, which every reader of substitution keys accepts (Step Functions, SAM, moto and
//! LocalStack match `${[A-Za-z0-9_]+}`), and are already unique within the template.

use std::collections::BTreeMap;

use lambdaform_manifest::{Manifest, Placeholder};
use serde_json::Value;

use super::super::intrinsic::r#ref;
use super::super::names;
use super::super::target::Target;
use super::arn;

/// The substitution key of a placeholder; `None` when it names nothing declared (`Manifest::check` reports it).
pub fn key(m: &Manifest, p: &Placeholder) -> Option<String> {
    match p.kind {
        "function" => m.function(p.name).map(names::function_id),
        "state_machine" => m.state_machine(p.name).map(names::state_machine_stem),
        _ => m.resource(p.name).map(names::resource_id),
    }
}

/// What a placeholder stands for in `target`: a function's ARN (its alias's, with provisioned concurrency, so the
/// warm instances serve), a table's or bucket's name, a topic's ARN, a queue's URL, a machine's ARN.
pub fn value(m: &Manifest, p: &Placeholder, target: Target) -> Option<Value> {
    match p.kind {
        "function" => m.function(p.name).map(|f| target.invoke_arn(f)),
        // By its deterministic ARN, not `Ref`: a machine may start itself, and a `Ref` would be a cycle.
        "state_machine" => m.state_machine(p.name).map(|machine| arn::machine(&m.service, machine)),
        _ => m.resource(p.name).map(|r| r#ref(&names::resource_id(r))),
    }
}

/// `definition` with every placeholder replaced by `replace(placeholder)`; other strings stay as they are.
pub fn replaced(definition: &Value, replace: &dyn Fn(&Placeholder) -> Option<Value>) -> Value {
    match definition {
        Value::String(s) => Placeholder::parse(s).and_then(|p| replace(&p)).unwrap_or_else(|| definition.clone()),
        Value::Array(items) => Value::Array(items.iter().map(|i| replaced(i, replace)).collect()),
        Value::Object(map) => Value::Object(map.iter().map(|(k, v)| (k.clone(), replaced(v, replace))).collect()),
        other => other.clone(),
    }
}

/// The definition with `${Key}` references, and the `DefinitionSubstitutions` they need, sorted by key.
pub fn substituted(m: &Manifest, definition: &Value, target: Target) -> (Value, BTreeMap<String, Value>) {
    let mut substitutions = BTreeMap::new();
    for p in Placeholder::all_in(definition) {
        if let (Some(k), Some(v)) = (key(m, &p), value(m, &p, target)) {
            substitutions.insert(k, v);
        }
    }
    let text = replaced(definition, &|p| key(m, p).map(|k| Value::String(format!("${{{k}}}"))));
    (text, substitutions)
}

/// `DefinitionString` as `Fn::Sub` of the definition's text and its substitutions. CloudFormation resolves it the
/// same as `DefinitionSubstitutions`, and so do readers that ignore that property (moto reads only
/// `DefinitionString`). Any other `${` in the text (a user's literal) is written `${!`, Fn::Sub's escape.
pub fn definition_string(text: &str, substitutions: &BTreeMap<String, Value>) -> Value {
    if substitutions.is_empty() {
        return Value::String(text.to_owned());
    }
    let mut escaped = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("${") {
        escaped.push_str(&rest[..at]);
        let after = &rest[at + 2..];
        let is_key = after.split_once('}').is_some_and(|(key, _)| substitutions.contains_key(key));
        escaped.push_str(if is_key { "${" } else { "${!" });
        rest = after;
    }
    escaped.push_str(rest);
    serde_json::json!({ "Fn::Sub": [escaped, substitutions] })
}

/// The definition with each placeholder replaced by the intrinsic function itself, for the Serverless Framework's
/// step functions plugin, which turns intrinsics inside a definition into its own `Fn::Sub`.
pub fn inlined(m: &Manifest, definition: &Value, target: Target) -> Value {
    replaced(definition, &|p| value(m, p, target))
}

#[cfg(test)]
mod definition_string_tests {
    use super::*;

    #[test]
    fn keys_stay_references_and_other_dollar_braces_are_escaped() {
        let subs = BTreeMap::from([("ValidateFunction".to_string(), serde_json::json!({"Ref": "ValidateFunction"}))]);
        let text = r#"{"F":"${ValidateFunction}","Literal":"cost ${amount}","Open":"${"}"#;
        let out = definition_string(text, &subs);
        assert_eq!(out["Fn::Sub"][0], r#"{"F":"${ValidateFunction}","Literal":"cost ${!amount}","Open":"${!"}"#);
        assert_eq!(out["Fn::Sub"][1], serde_json::json!({"ValidateFunction": {"Ref": "ValidateFunction"}}));
        assert_eq!(definition_string("{}", &BTreeMap::new()), Value::String("{}".into()));
    }
}
