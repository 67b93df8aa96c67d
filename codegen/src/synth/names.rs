//! Names and logical IDs. A logical ID derives only from the declared name of the thing it belongs to, so
//! renaming one function or resource never changes the logical ID of anything else.

use lambdaform_manifest::{Function, Resource, ResourceKind, StateMachine};

/// `create_user` → `CreateUser`; any character outside `[A-Za-z0-9]` separates words.
pub fn pascal(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut upper = true;
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(if upper { c.to_ascii_uppercase() } else { c });
            upper = false;
        } else {
            upper = true;
        }
    }
    out
}

/// `PhotoUploads` → `photo-uploads`: the spelling bucket names and URLs accept.
pub fn kebab(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    let mut previous_lower = false;
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            if c.is_ascii_uppercase() && previous_lower {
                out.push('-');
            }
            out.push(c.to_ascii_lowercase());
            previous_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        } else {
            if !out.is_empty() && !out.ends_with('-') {
                out.push('-');
            }
            previous_lower = false;
        }
    }
    out.trim_end_matches('-').to_string()
}

/// The logical-ID stem of a function: `create_user` → `CreateUser`.
pub fn function_stem(f: &Function) -> String {
    pascal(&f.name)
}

/// `CreateUserFunction`.
pub fn function_id(f: &Function) -> String {
    format!("{}Function", function_stem(f))
}

pub fn role_id(f: &Function) -> String {
    format!("{}Role", function_stem(f))
}

pub fn log_group_id(f: &Function) -> String {
    format!("{}LogGroup", function_stem(f))
}

/// The logical-ID stem of a state machine: `order_workflow` → `OrderWorkflowStateMachine` (a name that already
/// ends with `StateMachine` keeps it once), so its IDs never meet a function's (`...Function`, `...Role`).
pub fn state_machine_stem(m: &StateMachine) -> String {
    let stem = pascal(&m.name);
    if stem.ends_with("StateMachine") {
        stem
    } else {
        format!("{stem}StateMachine")
    }
}

/// The deployed state machine name, `{service}-{stage}-{machine}`, as a `Fn::Sub` pattern on the `Stage`
/// parameter. Known before the machine exists, so its own role can name it (a distributed Map starts executions
/// of its own machine) without a dependency cycle.
pub fn state_machine_name_pattern(service: &str, m: &StateMachine) -> String {
    format!("{service}-${{Stage}}-{}", m.name)
}

/// The deployed state machine name for a given stage, for length checks.
pub fn state_machine_name(service: &str, stage: &str, m: &StateMachine) -> String {
    format!("{service}-{stage}-{}", m.name)
}

/// The suffix naming a resource kind in logical IDs.
pub fn kind_suffix(kind: &ResourceKind) -> &'static str {
    match kind {
        ResourceKind::Table(_) => "Table",
        ResourceKind::Bucket => "Bucket",
        ResourceKind::Topic(_) => "Topic",
        ResourceKind::Queue(_) => "Queue",
    }
}

/// `Users` (a table) → `UsersTable`; a name that already ends with its kind keeps it once: `UsersTable`.
pub fn resource_id(r: &Resource) -> String {
    let stem = pascal(&r.name);
    let suffix = kind_suffix(&r.kind);
    if stem.ends_with(suffix) {
        stem
    } else {
        format!("{stem}{suffix}")
    }
}

/// The deployed function name, `{service}-{stage}-{function}`, as a `Fn::Sub` pattern on the `Stage` parameter.
pub fn function_name_pattern(service: &str, f: &Function) -> String {
    format!("{service}-${{Stage}}-{}", f.name)
}

/// The deployed function name for a given stage, for length checks and summaries.
pub fn function_name(service: &str, stage: &str, f: &Function) -> String {
    format!("{service}-{stage}-{}", f.name)
}

/// The bucket-name pattern: `{service}-${Stage}-{bucket}-${AWS::AccountId}-${AWS::Region}`. Deterministic (so a
/// Lambda permission can name the bucket before it exists, breaking the bucket → function → permission → bucket
/// cycle) yet never hard-coded: account and region make it unique per deployment.
pub fn bucket_name_pattern(service: &str, r: &Resource) -> String {
    format!("{}-${{Stage}}-{}-${{AWS::AccountId}}-${{AWS::Region}}", kebab(service), kebab(&r.name))
}

/// A declared bucket's name and ARN, spelled from its deterministic name rather than `Ref`/`GetAtt`, so a
/// function that a bucket notifies can still name the bucket without a dependency cycle.
pub fn bucket_name(service: &str, r: &Resource) -> serde_json::Value {
    super::intrinsic::sub(bucket_name_pattern(service, r))
}

pub fn bucket_arn_pattern(service: &str, r: &Resource) -> String {
    format!("arn:${{AWS::Partition}}:s3:::{}", bucket_name_pattern(service, r))
}

/// The longest the bucket name can get for `stage`: a 12-digit account and the longest region name (14).
pub fn bucket_name_max_len(service: &str, stage: &str, r: &Resource) -> usize {
    kebab(service).len() + stage.len() + kebab(&r.name).len() + 12 + 14 + 4
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pascal_and_kebab() {
        assert_eq!(pascal("create_user"), "CreateUser");
        assert_eq!(pascal("make-thumbnail2"), "MakeThumbnail2");
        assert_eq!(pascal("Users"), "Users");
        assert_eq!(kebab("PhotoUploads"), "photo-uploads");
        assert_eq!(kebab("photo_service"), "photo-service");
        assert_eq!(kebab("S3Data"), "s3-data");
    }
}
