//! CloudFormation intrinsic functions, always in their long JSON form (never YAML `!Ref` tags).

use serde_json::{json, Value};

pub fn r#ref(id: &str) -> Value {
    json!({ "Ref": id })
}

pub fn get_att(id: &str, attribute: &str) -> Value {
    json!({ "Fn::GetAtt": [id, attribute] })
}

pub fn sub(text: impl Into<String>) -> Value {
    json!({ "Fn::Sub": text.into() })
}

/// An ARN in the stack's own partition, region and account: `arn:${AWS::Partition}:{service}:...:{rest}`.
pub fn arn(service: &str, rest: &str) -> Value {
    sub(format!("arn:${{AWS::Partition}}:{service}:${{AWS::Region}}:${{AWS::AccountId}}:{rest}"))
}
