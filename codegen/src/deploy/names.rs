//! The names deploy chooses: the stack, the deployment bucket and the object keys. All deterministic, so a second
//! deploy finds what the first one made.

use sha2::{Digest, Sha256};

/// `photo-service` at stage `dev` → `photo-service-dev`, the Serverless Framework's convention too.
pub fn stack_name(service: &str, stage: &str) -> String {
    format!("{service}-{stage}")
}

/// One bucket per account, region and service: `lambdaform-<service>-<region>-<account>`. Bucket names are global
/// and at most 63 characters; a long service name is cut and followed by a digest of the whole name, so two long
/// names sharing a prefix still get different buckets.
pub fn deployment_bucket(service: &str, region: &str, account: &str) -> String {
    const MAX: usize = 63;
    let service: String =
        service.to_ascii_lowercase().chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect();
    let fixed = "lambdaform-".len() + 1 + region.len() + 1 + account.len();
    let room = MAX.saturating_sub(fixed);
    let part = if service.len() <= room {
        service
    } else {
        let digest = hex(&Sha256::digest(service.as_bytes()))[..8].to_string();
        let keep = room.saturating_sub(digest.len() + 1);
        format!("{}-{digest}", service[..keep].trim_end_matches('-'))
    };
    format!("lambdaform-{part}-{region}-{account}")
}

/// The artifact's key names its content, so unchanged code keeps its key and is not uploaded again.
pub fn artifact_key(service: &str, sha256: &str) -> String {
    format!("{service}/artifacts/{sha256}/bootstrap.zip")
}

/// Templates too large to send inline are uploaded under their own digest.
pub fn template_key(service: &str, stage: &str, sha256: &str) -> String {
    format!("{service}/{stage}/templates/{sha256}.json")
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bucket_names_are_valid_and_distinct() {
        let short = deployment_bucket("photo-service", "eu-west-1", "123456789012");
        assert_eq!(short, "lambdaform-photo-service-eu-west-1-123456789012");
        let a = deployment_bucket(&"a".repeat(80), "ap-southeast-2", "123456789012");
        let b = deployment_bucket(&format!("{}b", "a".repeat(79)), "ap-southeast-2", "123456789012");
        assert!(a.len() <= 63 && b.len() <= 63, "{a} {b}");
        assert_ne!(a, b);
        assert!(a.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'), "{a}");
    }

    #[test]
    fn keys_follow_content() {
        assert_eq!(artifact_key("svc", "ab12"), "svc/artifacts/ab12/bootstrap.zip");
        assert_ne!(template_key("svc", "dev", "1"), template_key("svc", "dev", "2"));
        assert_eq!(stack_name("svc", "prod"), "svc-prod");
    }
}
