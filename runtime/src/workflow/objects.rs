//! A distributed Map over a `#[bucket]`'s objects (`ItemReader`): `Uploads::map_objects(prefix, step)` lists the
//! objects under a prefix (`s3:listObjectsV2`), `Uploads::map_file(key, step)` reads a JSON array and
//! `Uploads::map_csv(key, step)` a CSV file with a header row (`s3:getObject`). Natively the objects come from
//! the current [`Integrations`](super::Integrations).

use std::future::Future;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::distributed::{file_source, DistributedMap, Source};
use super::{current, Failure};
use crate::__private::Bucket;

const READER_FAILED: &str = "States.ItemReaderFailed";

/// One object of a listing, as the item reader hands it to each iteration. AWS also sends `Etag`,
/// `LastModified` and `StorageClass`; they are left out so a native run gives the step the same input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct S3Object {
    #[serde(rename = "Key")]
    pub key: String,
    #[serde(rename = "Size")]
    pub size: u64,
}

fn reader_failed(cause: impl Into<String>) -> Failure {
    Failure { error: READER_FAILED, cause: cause.into() }
}

/// Distributed Maps whose items a `#[bucket]` holds.
pub trait BucketItems: Bucket {
    /// Runs `step` on every object whose key starts with `prefix`, in key order.
    fn map_objects<O, E, F, Fut>(prefix: impl Into<String>, step: F) -> DistributedMap<S3Object, F>
    where
        F: Fn(S3Object) -> Fut,
        Fut: Future<Output = Result<O, E>>,
    {
        let prefix = prefix.into();
        let list = async move { current().list_objects(Self::NAME, &prefix).await };
        DistributedMap::new(Source::Reader(Box::pin(list)), step, 0)
    }

    /// Runs `step` on every element of the JSON array in object `key`.
    fn map_file<I, O, E, F, Fut>(key: impl Into<String>, step: F) -> DistributedMap<I, F>
    where
        I: DeserializeOwned + Send + 'static,
        F: Fn(I) -> Fut,
        Fut: Future<Output = Result<O, E>>,
    {
        DistributedMap::new(file_source(Self::NAME, key.into(), false), step, 0)
    }

    /// Runs `step` on every row of the CSV file in object `key`: the first row names the fields, each item is an
    /// object of strings.
    fn map_csv<I, O, E, F, Fut>(key: impl Into<String>, step: F) -> DistributedMap<I, F>
    where
        I: DeserializeOwned + Send + 'static,
        F: Fn(I) -> Fut,
        Fut: Future<Output = Result<O, E>>,
    {
        DistributedMap::new(file_source(Self::NAME, key.into(), true), step, 0)
    }
}

impl<B: Bucket> BucketItems for B {}

/// The items in `s3://bucket/key`, read as the executor's `ItemReader` reads them.
pub(super) async fn read_items<I: DeserializeOwned>(
    bucket: &'static str,
    key: String,
    csv: bool,
) -> Result<Vec<I>, Failure> {
    let body = current().get_object(bucket, &key).await?;
    let text = String::from_utf8(body).map_err(|_| reader_failed(format!("s3://{bucket}/{key} is not UTF-8 text")))?;
    let values = if csv {
        csv_rows(&text).ok_or_else(|| reader_failed(format!("s3://{bucket}/{key} is not CSV with a row per item")))?
    } else {
        match serde_json::from_str(&text) {
            Ok(Value::Array(items)) => items,
            _ => return Err(reader_failed(format!("s3://{bucket}/{key} is not a JSON array"))),
        }
    };
    values
        .into_iter()
        .enumerate()
        .map(|(i, v)| {
            serde_json::from_value(v).map_err(|e| Failure {
                error: "States.Runtime",
                cause: format!("item {i} of s3://{bucket}/{key} is not a `{}`: {e}", std::any::type_name::<I>()),
            })
        })
        .collect()
}

/// CSV rows as objects keyed by the first row's names; `None` when a row has more fields than the header.
fn csv_rows(text: &str) -> Option<Vec<Value>> {
    let mut rows = text.lines().filter(|l| !l.is_empty()).map(split_csv);
    let header = rows.next()?;
    rows.map(|cells| {
        (cells.len() <= header.len()).then(|| {
            let row: Map<String, Value> = header.iter().cloned().zip(cells.into_iter().map(Value::String)).collect();
            Value::Object(row)
        })
    })
    .collect()
}

/// One comma-separated line: double quotes around a field, `""` for a quote inside one.
fn split_csv(line: &str) -> Vec<String> {
    let (mut fields, mut field, mut quoted) = (Vec::new(), String::new(), false);
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            ',' if !quoted => fields.push(std::mem::take(&mut field)),
            c => field.push(c),
        }
    }
    fields.push(field);
    fields
}

/// Listing and reading for [`Memory`](super::Memory) and test integrations: objects keyed by (bucket, key).
pub(super) fn list(
    objects: &std::collections::BTreeMap<(String, String), Vec<u8>>,
    bucket: &str,
    prefix: &str,
) -> Vec<S3Object> {
    objects
        .iter()
        .filter(|((b, k), _)| b == bucket && k.starts_with(prefix))
        .map(|((_, key), body)| S3Object { key: key.clone(), size: body.len() as u64 })
        .collect()
}

/// `GetObject` of a missing key, worded as S3 and the executor word it.
pub(crate) fn no_such_key(bucket: &str, key: &str) -> Failure {
    reader_failed(format!("NoSuchKey: The specified key does not exist. (Bucket: {bucket}, Key: {key})"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_rows_are_objects_keyed_by_the_header() {
        let rows = csv_rows("id,name\n1,\"a, \"\"b\"\"\"\n2,c\n").unwrap();
        assert_eq!(rows[0], serde_json::json!({"id": "1", "name": "a, \"b\""}));
        assert_eq!(rows[1], serde_json::json!({"id": "2", "name": "c"}));
        assert!(csv_rows("id\n1,2\n").is_none());
    }
}
