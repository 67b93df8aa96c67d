//! S3 notifications: a declared bucket notifies the function directly; an existing bucket, which the stack cannot
//! modify, is reached through S3's EventBridge notifications and a rule matching them.

use lambdaform_manifest::{Function, Manifest, S3Event};
use serde_json::{json, Value};

use super::super::function::permission;
use super::super::intrinsic::{r#ref, sub};
use super::super::names;
use super::super::target::Target;
use super::super::template::Template;

fn key_filter(s3: &S3Event) -> Option<Value> {
    let mut rules = Vec::new();
    if let Some(prefix) = &s3.prefix {
        rules.push(json!({ "Name": "prefix", "Value": prefix }));
    }
    if let Some(suffix) = &s3.suffix {
        rules.push(json!({ "Name": "suffix", "Value": suffix }));
    }
    (!rules.is_empty()).then(|| json!({ "S3Key": { "Rules": rules } }))
}

/// The bucket's `NotificationConfiguration` entries and the permission they need. The permission names the
/// bucket by its deterministic name, and the bucket waits for the permission (S3 checks it on creation).
pub fn declared_raw(
    target: Target,
    m: &Manifest,
    f: &Function,
    bucket: &str,
    s3: &S3Event,
    id: &str,
    t: &mut Template,
) -> Result<(), String> {
    let r = m.resource(bucket).ok_or_else(|| format!("#[s3] names `{bucket}`, which the service does not declare"))?;
    let permission_id = format!("{id}Permission");
    let source = sub(names::bucket_arn_pattern(&m.service, r));
    t.add(&permission_id, permission(target, f, "s3.amazonaws.com", source))?;
    let bucket_id = names::resource_id(r);
    let resource = t.resources.get_mut(&bucket_id).ok_or_else(|| format!("bucket `{bucket}` was not emitted"))?;
    let depends = resource.as_object_mut().map(|o| o.entry("DependsOn").or_insert_with(|| json!([])));
    if let Some(Value::Array(list)) = depends {
        list.push(json!(permission_id));
    }
    let properties =
        t.properties_mut(&bucket_id).ok_or_else(|| format!("bucket `{bucket}` has no properties to extend"))?;
    let notifications = properties.entry("NotificationConfiguration").or_insert_with(|| json!({}));
    let configurations =
        notifications.as_object_mut().map(|o| o.entry("LambdaConfigurations").or_insert_with(|| json!([])));
    if let Some(Value::Array(list)) = configurations {
        for event in &s3.events {
            let mut entry = json!({ "Event": event, "Function": target.invoke_arn(f) });
            if let Some(filter) = key_filter(s3) {
                entry["Filter"] = filter;
            }
            list.push(entry);
        }
    }
    Ok(())
}

pub fn sam_event(m: &Manifest, bucket: &str, s3: &S3Event) -> Value {
    let id = m.resource(bucket).map(names::resource_id).unwrap_or_else(|| names::pascal(bucket));
    let mut p = json!({ "Bucket": r#ref(&id), "Events": s3.events });
    if let Some(filter) = key_filter(s3) {
        p["Filter"] = filter;
    }
    json!({ "Type": "S3", "Properties": p })
}

/// EventBridge's names for S3 events (its `detail-type`), and the `reason` narrowing a specific API call.
fn detail(event: &str) -> (&'static str, Option<&'static str>) {
    match event {
        "s3:ObjectCreated:Put" => ("Object Created", Some("PutObject")),
        "s3:ObjectCreated:Post" => ("Object Created", Some("PostObject")),
        "s3:ObjectCreated:Copy" => ("Object Created", Some("CopyObject")),
        "s3:ObjectCreated:CompleteMultipartUpload" => ("Object Created", Some("CompleteMultipartUpload")),
        "s3:ObjectRemoved:Delete" => ("Object Deleted", Some("DeleteObject")),
        "s3:ObjectRemoved:DeleteMarkerCreated" => ("Object Deleted", Some("DeleteObject")),
        "s3:ObjectRemoved:*" => ("Object Deleted", None),
        "s3:LifecycleExpiration:*" => ("Object Deleted", Some("Lifecycle Expiration")),
        "s3:ObjectRestore:Post" => ("Object Restore Initiated", None),
        "s3:ObjectRestore:Completed" | "s3:ObjectRestore:*" => ("Object Restore Completed", None),
        "s3:ObjectTagging:*" => ("Object Tags Added", None),
        "s3:ObjectAcl:Put" => ("Object ACL Updated", None),
        _ => ("Object Created", None),
    }
}

/// Escapes `*` and `\` for an EventBridge wildcard pattern.
fn wildcard_literal(text: &str) -> String {
    text.replace('\\', "\\\\").replace('*', "\\*")
}

/// The pattern matching `s3`'s events of the existing bucket `bucket`.
pub fn existing_pattern(bucket: &str, s3: &S3Event) -> Value {
    let details: Vec<_> = s3.events.iter().map(|e| detail(e)).collect();
    let mut types: Vec<&str> = details.iter().map(|(t, _)| *t).collect();
    types.sort_unstable();
    types.dedup();
    let mut detail_filter = json!({ "bucket": { "name": [bucket] } });
    // Narrow by reason only when every requested event is a specific call; one broad event takes them all.
    if details.iter().all(|(_, reason)| reason.is_some()) {
        let mut reasons: Vec<&str> = details.iter().filter_map(|(_, r)| *r).collect();
        reasons.sort_unstable();
        reasons.dedup();
        detail_filter["reason"] = json!(reasons);
    }
    let key = match (&s3.prefix, &s3.suffix) {
        (Some(p), Some(s)) => Some(json!([{ "wildcard": format!("{}*{}", wildcard_literal(p), wildcard_literal(s)) }])),
        (Some(p), None) => Some(json!([{ "prefix": p }])),
        (None, Some(s)) => Some(json!([{ "suffix": s }])),
        (None, None) => None,
    };
    if let Some(key) = key {
        detail_filter["object"] = json!({ "key": key });
    }
    json!({ "source": ["aws.s3"], "detail-type": types, "detail": detail_filter })
}

#[cfg(test)]
mod tests {
    use super::*;
    use lambdaform_manifest::S3Bucket;

    #[test]
    fn existing_bucket_pattern_combines_prefix_and_suffix() {
        let s3 = S3Event {
            bucket: S3Bucket::Existing("legacy".into()),
            events: vec!["s3:ObjectCreated:Put".into(), "s3:ObjectCreated:Copy".into()],
            prefix: Some("in/".into()),
            suffix: Some(".jpg".into()),
        };
        let p = existing_pattern("legacy", &s3);
        assert_eq!(p["detail-type"], json!(["Object Created"]));
        assert_eq!(p["detail"]["reason"], json!(["CopyObject", "PutObject"]));
        assert_eq!(p["detail"]["object"]["key"], json!([{ "wildcard": "in/*.jpg" }]));
    }
}
