//! Buckets: objects in key order, and which `#[s3]` notifications an object event matches.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use lambdaform_manifest::S3Event;
use md5::{Digest, Md5};

#[derive(Debug, Clone, PartialEq)]
pub struct Object {
    pub bytes: Vec<u8>,
    /// The MD5 of the bytes in hex, as S3 reports it for single-part uploads.
    pub etag: String,
    pub last_modified: DateTime<Utc>,
}

impl Object {
    pub fn new(bytes: Vec<u8>, now: DateTime<Utc>) -> Object {
        Object { etag: md5_hex(&bytes), bytes, last_modified: now }
    }
}

/// One bucket's objects, listed in UTF-8 key order as S3 lists them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Bucket {
    pub objects: BTreeMap<String, Object>,
}

impl Bucket {
    /// Keys starting with `prefix`, in order.
    pub fn list(&self, prefix: &str) -> Vec<(String, &Object)> {
        self.objects
            .range(prefix.to_string()..)
            .take_while(|(k, _)| k.starts_with(prefix))
            .map(|(k, o)| (k.clone(), o))
            .collect()
    }
}

/// Whether a notification fires for `event_name` (`ObjectCreated:Put`) on `key`: the configured event names
/// (`s3:ObjectCreated:*` or exact) and the prefix and suffix filters must all match.
pub fn notification_matches(n: &S3Event, event_name: &str, key: &str) -> bool {
    let named = n.events.iter().any(|e| {
        let e = e.strip_prefix("s3:").unwrap_or(e);
        match e.strip_suffix('*') {
            Some(family) => event_name.starts_with(family),
            None => e == event_name,
        }
    });
    named
        && n.prefix.as_deref().is_none_or(|p| key.starts_with(p))
        && n.suffix.as_deref().is_none_or(|s| key.ends_with(s))
}

/// The key as S3 writes it into event notifications: URL-encoded with spaces as `+`, slashes kept.
pub fn event_key(key: &str) -> String {
    let mut out = String::with_capacity(key.len());
    for b in key.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'/' | b'*' => out.push(b as char),
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

pub fn md5_hex(bytes: &[u8]) -> String {
    Md5::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}
