//! Whole-service checks before emitting: the manifest's own (a hand-edited manifest never went through the
//! macros), then what only synthesis knows: deployed name lengths and settings a target cannot express.

use lambdaform_manifest::{Manifest, ResourceKind};

use super::events::rest_api;
use super::{machine, names};

/// AWS's limit on a Lambda function name.
const FUNCTION_NAME_MAX: usize = 64;
/// S3's limit on a bucket name.
const BUCKET_NAME_MAX: usize = 63;

pub fn check(m: &Manifest, stage: &str) -> Vec<String> {
    let mut problems: Vec<String> = m.check().into_iter().map(|e| e.to_string()).collect();
    if !stage.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        || !stage.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        problems.push(format!("stage `{stage}` must start with a lower-case letter and hold only a-z, 0-9 and `-` (it goes into bucket names)"));
    }
    for (i, f) in m.functions.iter().enumerate() {
        let name = names::function_name(&m.service, stage, f);
        if name.len() > FUNCTION_NAME_MAX {
            problems.push(format!(
                "/functions/{i}/name: deployed name `{name}` is {} characters, over Lambda's {FUNCTION_NAME_MAX}; shorten the service, stage or function name",
                name.len()
            ));
        }
    }
    for (i, r) in m.resources.iter().enumerate() {
        if let ResourceKind::Bucket = r.kind {
            let len = names::bucket_name_max_len(&m.service, stage, r);
            if len > BUCKET_NAME_MAX {
                problems.push(format!(
                    "/resources/{i}/name: bucket `{}` would get a name of up to {len} characters (service, stage, name, account and region), over S3's {BUCKET_NAME_MAX}",
                    r.name
                ));
            }
        }
    }
    problems.extend(rest_api::check(m));
    problems.extend(machine::check(m, stage));
    problems
}
