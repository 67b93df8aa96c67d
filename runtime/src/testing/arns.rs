//! Placeholders (`${function:validate}`) become fake ARNs in one made-up account and region, and ARNs map back
//! to the item they name, so the resolver knows which handler, table or machine a task is for.

use lambdaform_manifest::Placeholder;
use serde_json::Value;

/// The account of every fake ARN; the executor uses the same one for executions.
pub const ACCOUNT: &str = "000000000000";
pub const REGION: &str = "us-east-1";

/// What a placeholder of `kind` stands for: an ARN, or a name or URL where the service takes one.
pub fn fake(kind: &str, name: &str) -> String {
    match kind {
        "function" => format!("arn:aws:lambda:{REGION}:{ACCOUNT}:function:{name}"),
        // DynamoDB and S3 integrations take the table's or bucket's name.
        "table" | "bucket" => name.to_string(),
        "topic" => format!("arn:aws:sns:{REGION}:{ACCOUNT}:{name}"),
        "queue" => format!("https://sqs.{REGION}.amazonaws.com/{ACCOUNT}/{name}"),
        "state_machine" => format!("arn:aws:states:{REGION}:{ACCOUNT}:stateMachine:{name}"),
        _ => format!("${{{kind}:{name}}}"),
    }
}

/// Replaces every placeholder inside the definition's strings, as `DefinitionSubstitutions` does.
pub fn substitute(definition: &Value) -> Value {
    match definition {
        Value::String(s) => Value::String(substitute_str(s)),
        Value::Array(items) => Value::Array(items.iter().map(substitute).collect()),
        Value::Object(map) => Value::Object(map.iter().map(|(k, v)| (k.clone(), substitute(v))).collect()),
        other => other.clone(),
    }
}

fn substitute_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let candidate = &rest[start..];
        match candidate.find('}').and_then(|end| Placeholder::parse(&candidate[..=end]).map(|p| (p, end))) {
            Some((p, end)) => {
                out.push_str(&fake(p.kind, p.name));
                rest = &candidate[end + 1..];
            }
            None => {
                out.push_str("${");
                rest = &candidate[2..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The function an ARN, partial ARN or plain name (as Lambda's `FunctionName` accepts) refers to; a version or
/// alias suffix is dropped.
pub fn function_name(reference: &str) -> &str {
    let name = match reference.split_once(":function:") {
        Some((_, rest)) => rest,
        None => reference,
    };
    name.split(':').next().unwrap_or(name)
}

/// The last `:`- or `/`-separated part of an ARN or URL: a topic's, queue's or machine's name.
pub fn last_segment(reference: &str) -> &str {
    reference.rsplit([':', '/']).next().unwrap_or(reference)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn placeholders_become_fake_arns_anywhere_in_strings() {
        let def = json!({"A": {"Arguments": {"FunctionName": "${function:validate}", "T": "${table:Orders}",
            "Q": "${queue:Jobs}", "Text": "see ${topic:News} and ${unknown:x} and ${"}}});
        let out = substitute(&def);
        assert_eq!(out["A"]["Arguments"]["FunctionName"], "arn:aws:lambda:us-east-1:000000000000:function:validate");
        assert_eq!(out["A"]["Arguments"]["T"], "Orders");
        assert_eq!(out["A"]["Arguments"]["Q"], "https://sqs.us-east-1.amazonaws.com/000000000000/Jobs");
        assert_eq!(
            out["A"]["Arguments"]["Text"],
            "see arn:aws:sns:us-east-1:000000000000:News and ${unknown:x} and ${"
        );
    }

    #[test]
    fn references_map_back_to_names() {
        assert_eq!(function_name(&fake("function", "charge")), "charge");
        assert_eq!(function_name("arn:aws:lambda:us-east-1:1:function:charge:live"), "charge");
        assert_eq!(function_name("charge"), "charge");
        assert_eq!(last_segment(&fake("queue", "Jobs")), "Jobs");
        assert_eq!(last_segment(&fake("state_machine", "child")), "child");
        assert_eq!(last_segment(&fake("topic", "News")), "News");
    }
}
