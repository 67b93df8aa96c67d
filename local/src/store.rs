//! Where the resources' data lives: in memory only, or persisted under a directory (the dev server uses
//! `.lambdaform/local/`) so objects, items and queued messages survive a restart.
//!
//! Layout: `buckets/<Bucket>/<key, percent-encoded>` holds each object's bytes; `tables/<Table>.json` the
//! table's items; `queues/<Queue>.json` its messages and dead letters. Files are replaced atomically.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use crate::dynamodb::Item;
use crate::s3::{Bucket, Object};
use crate::sqs::Queue;
use crate::LocalError;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Store {
    Memory,
    Dir(PathBuf),
}

fn io(path: &Path, e: impl std::fmt::Display) -> LocalError {
    LocalError::Store(format!("{}: {e}", path.display()))
}

/// A key as one file name: bytes outside `[A-Za-z0-9_-]` (and a dot anywhere but inside) become `%XX`.
fn file_name(key: &str) -> String {
    let mut out = String::with_capacity(key.len());
    for (i, b) in key.bytes().enumerate() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' => out.push(b as char),
            b'.' if i > 0 => out.push('.'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

fn key_of(file_name: &str) -> Option<String> {
    let bytes = file_name.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), LocalError> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
    let tmp = path.with_extension("tmp~");
    std::fs::write(&tmp, bytes).map_err(|e| io(&tmp, e))?;
    std::fs::rename(&tmp, path).map_err(|e| io(path, e))
}

impl Store {
    pub(crate) fn load_bucket(&self, bucket: &str) -> Result<Bucket, LocalError> {
        let mut out = Bucket::default();
        let Store::Dir(root) = self else { return Ok(out) };
        let dir = root.join("buckets").join(bucket);
        let entries = match std::fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(out),
            Err(e) => return Err(io(&dir, e)),
        };
        for entry in entries {
            let entry = entry.map_err(|e| io(&dir, e))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.ends_with(".tmp~") {
                continue;
            }
            let Some(key) = key_of(&name) else { continue };
            let path = entry.path();
            let bytes = std::fs::read(&path).map_err(|e| io(&path, e))?;
            let modified: DateTime<Utc> = entry.metadata().and_then(|m| m.modified()).map_err(|e| io(&path, e))?.into();
            out.objects.insert(key, Object::new(bytes, modified));
        }
        Ok(out)
    }

    pub(crate) fn save_object(&self, bucket: &str, key: &str, object: &Object) -> Result<(), LocalError> {
        match self {
            Store::Memory => Ok(()),
            Store::Dir(root) => {
                write_atomically(&root.join("buckets").join(bucket).join(file_name(key)), &object.bytes)
            }
        }
    }

    pub(crate) fn remove_object(&self, bucket: &str, key: &str) -> Result<(), LocalError> {
        let Store::Dir(root) = self else { return Ok(()) };
        let path = root.join("buckets").join(bucket).join(file_name(key));
        match std::fs::remove_file(&path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(io(&path, e)),
            _ => Ok(()),
        }
    }

    pub(crate) fn load_table(&self, table: &str) -> Result<Vec<Item>, LocalError> {
        self.load_json(&["tables", &format!("{table}.json")]).map(Option::unwrap_or_default)
    }

    pub(crate) fn save_table(&self, table: &str, items: &[Item]) -> Result<(), LocalError> {
        self.save_json(&["tables", &format!("{table}.json")], &items)
    }

    pub(crate) fn load_queue(&self, queue: &str) -> Result<Option<Queue>, LocalError> {
        self.load_json(&["queues", &format!("{queue}.json")])
    }

    pub(crate) fn save_queue(&self, queue: &str, state: &Queue) -> Result<(), LocalError> {
        self.save_json(&["queues", &format!("{queue}.json")], state)
    }

    fn load_json<T: serde::de::DeserializeOwned>(&self, parts: &[&str]) -> Result<Option<T>, LocalError> {
        let Store::Dir(root) = self else { return Ok(None) };
        let path = parts.iter().fold(root.clone(), |p, part| p.join(part));
        match std::fs::read(&path) {
            Ok(bytes) => serde_json::from_slice(&bytes).map(Some).map_err(|e| io(&path, e)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(io(&path, e)),
        }
    }

    fn save_json<T: serde::Serialize + ?Sized>(&self, parts: &[&str], value: &T) -> Result<(), LocalError> {
        let Store::Dir(root) = self else { return Ok(()) };
        let path = parts.iter().fold(root.clone(), |p, part| p.join(part));
        let bytes = serde_json::to_vec(value).map_err(|e| io(&path, e))?;
        write_atomically(&path, &bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip_through_file_names() {
        for key in ["images/a b+c.png", ".hidden", "..", "ünï/cödé", "plain-key_1.txt"] {
            let name = file_name(key);
            assert!(!name.contains('/') && name != "." && name != "..", "{name}");
            assert_eq!(key_of(&name).as_deref(), Some(key));
        }
    }
}
