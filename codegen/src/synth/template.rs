//! A CloudFormation template under construction: sections keyed by logical ID, kept sorted so the output is
//! byte-identical across runs, and a duplicate logical ID is an error instead of a silent overwrite.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Template {
    pub description: String,
    pub parameters: BTreeMap<String, Value>,
    pub resources: BTreeMap<String, Value>,
    pub outputs: BTreeMap<String, Value>,
}

impl Template {
    pub fn add(&mut self, id: impl Into<String>, resource: Value) -> Result<(), String> {
        let id = id.into();
        if self.resources.contains_key(&id) {
            return Err(format!("two resources map to the logical ID `{id}`; rename one of the declarations"));
        }
        self.resources.insert(id, resource);
        Ok(())
    }

    pub fn output(&mut self, id: impl Into<String>, description: &str, value: Value) {
        let mut output = Map::new();
        output.insert("Description".into(), Value::String(description.into()));
        output.insert("Value".into(), value);
        self.outputs.insert(id.into(), Value::Object(output));
    }

    /// A mutable handle on a resource's `Properties`, for wiring that adds to a resource created earlier.
    pub fn properties_mut(&mut self, id: &str) -> Option<&mut Map<String, Value>> {
        self.resources.get_mut(id)?.get_mut("Properties")?.as_object_mut()
    }

    /// The template as JSON, sections in the order people read them.
    pub fn into_json(self, transform: Option<&str>) -> Value {
        let mut out = Map::new();
        out.insert("AWSTemplateFormatVersion".into(), Value::String("2010-09-09".into()));
        if let Some(transform) = transform {
            out.insert("Transform".into(), Value::String(transform.into()));
        }
        out.insert("Description".into(), Value::String(self.description));
        let sections = [("Parameters", self.parameters), ("Resources", self.resources), ("Outputs", self.outputs)];
        for (name, section) in sections {
            if !section.is_empty() {
                out.insert(name.into(), Value::Object(section.into_iter().collect()));
            }
        }
        Value::Object(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn duplicate_ids_are_errors() {
        let mut t = Template::default();
        t.add("A", json!({"Type": "AWS::SNS::Topic"})).unwrap();
        assert!(t.add("A", json!({})).unwrap_err().contains("`A`"));
    }

    #[test]
    fn resources_are_sorted() {
        let mut t = Template::default();
        t.add("B", json!({})).unwrap();
        t.add("A", json!({})).unwrap();
        let keys: Vec<_> = t.into_json(None)["Resources"].as_object().unwrap().keys().cloned().collect();
        assert_eq!(keys, ["A", "B"]);
    }
}
