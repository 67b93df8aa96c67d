//! Where a Distributed Map reads its `ItemReader` objects and writes its `ResultWriter` files: an S3-like
//! object store behind a trait, in memory by default so tests can seed inputs and read results back.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use futures::future::BoxFuture;
use md5::Digest;

/// An object as `ListObjectsV2` describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectSummary {
    pub key: String,
    pub size: u64,
    /// Quoted, as S3 returns it.
    pub etag: String,
}

/// Why an object operation failed: an S3 error code (`NoSuchKey`, `NoSuchBucket`, ...) and a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreError {
    pub code: String,
    pub message: String,
}

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl std::error::Error for StoreError {}

/// S3 as the executor uses it: `GetObject`, `PutObject` and `ListObjectsV2`.
pub trait ObjectStore: Send + Sync {
    fn get_object(&self, bucket: &str, key: &str) -> BoxFuture<'static, Result<Vec<u8>, StoreError>>;
    fn put_object(&self, bucket: &str, key: &str, body: Vec<u8>) -> BoxFuture<'static, Result<(), StoreError>>;
    /// Objects of `bucket` whose key starts with `prefix`, in key order.
    fn list_objects(&self, bucket: &str, prefix: &str) -> BoxFuture<'static, Result<Vec<ObjectSummary>, StoreError>>;
}

type Objects = BTreeMap<(String, String), Vec<u8>>;

/// An in-memory object store; clones share the same objects. Every bucket exists.
#[derive(Debug, Clone, Default)]
pub struct MemoryStore {
    objects: Arc<Mutex<Objects>>,
}

impl MemoryStore {
    fn lock(&self) -> std::sync::MutexGuard<'_, Objects> {
        self.objects.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Stores an object (test setup).
    pub fn insert(&self, bucket: &str, key: &str, body: impl Into<Vec<u8>>) {
        self.lock().insert((bucket.to_string(), key.to_string()), body.into());
    }

    /// An object's bytes, if present.
    pub fn get(&self, bucket: &str, key: &str) -> Option<Vec<u8>> {
        self.lock().get(&(bucket.to_string(), key.to_string())).cloned()
    }

    /// The keys in `bucket`, in order.
    pub fn keys(&self, bucket: &str) -> Vec<String> {
        self.lock().keys().filter(|(b, _)| b == bucket).map(|(_, k)| k.clone()).collect()
    }
}

impl ObjectStore for MemoryStore {
    fn get_object(&self, bucket: &str, key: &str) -> BoxFuture<'static, Result<Vec<u8>, StoreError>> {
        let found = self.get(bucket, key).ok_or_else(|| StoreError {
            code: "NoSuchKey".into(),
            message: format!("The specified key does not exist. (Bucket: {bucket}, Key: {key})"),
        });
        Box::pin(std::future::ready(found))
    }

    fn put_object(&self, bucket: &str, key: &str, body: Vec<u8>) -> BoxFuture<'static, Result<(), StoreError>> {
        self.insert(bucket, key, body);
        Box::pin(std::future::ready(Ok(())))
    }

    fn list_objects(&self, bucket: &str, prefix: &str) -> BoxFuture<'static, Result<Vec<ObjectSummary>, StoreError>> {
        let listed = self
            .lock()
            .iter()
            .filter(|((b, k), _)| b == bucket && k.starts_with(prefix))
            .map(|((_, key), body)| ObjectSummary {
                key: key.clone(),
                size: body.len() as u64,
                etag: format!("\"{:x}\"", md5::Md5::digest(body)),
            })
            .collect();
        Box::pin(std::future::ready(Ok(listed)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn put_get_list() {
        let s = MemoryStore::default();
        s.put_object("b", "in/1.json", b"[1]".to_vec()).await.unwrap();
        s.insert("b", "other", "x");
        assert_eq!(s.get_object("b", "in/1.json").await.unwrap(), b"[1]");
        assert_eq!(s.get_object("b", "nope").await.unwrap_err().code, "NoSuchKey");
        let listed = s.list_objects("b", "in/").await.unwrap();
        assert_eq!(listed.len(), 1);
        assert_eq!((listed[0].key.as_str(), listed[0].size), ("in/1.json", 3));
        assert_eq!(s.keys("b"), vec!["in/1.json", "other"]);
    }
}
