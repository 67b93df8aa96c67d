//! The first escape hatch: extra CloudFormation, from a JSON file, merged into every output.
//!
//! The file is an object with `Resources` and, optionally, `Outputs`. It may refer to generated logical IDs
//! (`{"Ref": "UsersTable"}`) and to the `Stage` parameter; a logical ID that synthesis also generates is an error
//! rather than a silent override (to change a generated resource, use a `TemplateTransform`).

use std::path::Path;

use serde_json::Value;

use super::template::Template;

const SECTIONS: [&str; 2] = ["Resources", "Outputs"];

pub fn load(path: &Path) -> Result<Value, String> {
    let text =
        std::fs::read_to_string(path).map_err(|e| format!("cannot read extra resources {}: {e}", path.display()))?;
    let value: Value =
        serde_json::from_str(&text).map_err(|e| format!("extra resources {}: not JSON: {e}", path.display()))?;
    validate(&value).map_err(|e| format!("extra resources {}: {e}", path.display()))?;
    Ok(value)
}

/// Checks the shape, naming the offending place by JSON pointer.
pub fn validate(value: &Value) -> Result<(), String> {
    let Some(object) = value.as_object() else { return Err("/: must be an object with `Resources`".into()) };
    for key in object.keys() {
        if !SECTIONS.contains(&key.as_str()) {
            return Err(format!("/{key}: unknown section; only `Resources` and `Outputs` are merged"));
        }
    }
    for section in SECTIONS {
        let Some(entries) = object.get(section) else { continue };
        let Some(entries) = entries.as_object() else { return Err(format!("/{section}: must be an object")) };
        for (id, entry) in entries {
            if id.is_empty() || !id.chars().all(|c| c.is_ascii_alphanumeric()) {
                return Err(format!("/{section}/{id}: a logical ID holds only A-Z, a-z and 0-9"));
            }
            if section == "Resources" && entry.get("Type").and_then(Value::as_str).is_none() {
                return Err(format!("/Resources/{id}/Type: missing; every resource needs a `Type`"));
            }
        }
    }
    Ok(())
}

pub fn merge(t: &mut Template, extra: &Value) -> Result<(), String> {
    for section in SECTIONS {
        let Some(entries) = extra.get(section).and_then(Value::as_object) else { continue };
        let target = if section == "Resources" { &mut t.resources } else { &mut t.outputs };
        for (id, entry) in entries {
            if target.contains_key(id) {
                return Err(format!(
                    "extra resources /{section}/{id}: lambdaform already generates `{id}`; pick another logical ID or change it with a TemplateTransform"
                ));
            }
            target.insert(id.clone(), entry.clone());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn shape_errors_point_at_the_place() {
        assert!(validate(&json!({ "Resources": { "A": {} } })).unwrap_err().starts_with("/Resources/A/Type"));
        assert!(validate(&json!({ "Mappings": {} })).unwrap_err().starts_with("/Mappings"));
        assert!(validate(&json!({ "Resources": { "A-b": { "Type": "X" } } }))
            .unwrap_err()
            .starts_with("/Resources/A-b"));
    }

    #[test]
    fn collisions_are_errors() {
        let mut t = Template::default();
        t.add("UsersTable", json!({ "Type": "AWS::DynamoDB::Table" })).unwrap();
        let extra = json!({ "Resources": { "UsersTable": { "Type": "AWS::SNS::Topic" } } });
        assert!(merge(&mut t, &extra).unwrap_err().contains("`UsersTable`"));
    }
}
