//! What `remove` leaves behind: resources whose `DeletionPolicy` keeps them (the service's tables, buckets and
//! queues by default), read from the deployed template, so extra resources with the policy count too.

use serde_json::Value;

/// Logical ids of the resources CloudFormation keeps when the stack is deleted, sorted.
pub fn retained_ids(template: &Value) -> Vec<String> {
    let mut ids: Vec<String> = template["Resources"]
        .as_object()
        .into_iter()
        .flatten()
        .filter(|(_, r)| matches!(r["DeletionPolicy"].as_str(), Some("Retain" | "RetainExceptOnCreate")))
        .map(|(id, _)| id.clone())
        .collect();
    ids.sort();
    ids
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn only_retained_resources_are_listed() {
        let template = json!({ "Resources": {
            "UsersTable": { "Type": "AWS::DynamoDB::Table", "DeletionPolicy": "Retain" },
            "Jobs": { "Type": "AWS::SQS::Queue", "DeletionPolicy": "RetainExceptOnCreate" },
            "Fn": { "Type": "AWS::Lambda::Function" },
            "Snap": { "Type": "AWS::RDS::DBInstance", "DeletionPolicy": "Snapshot" },
        }});
        assert_eq!(retained_ids(&template), ["Jobs", "UsersTable"]);
        assert!(retained_ids(&json!({})).is_empty());
    }
}
