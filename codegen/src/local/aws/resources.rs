//! The AWS endpoints' operations carried out on the in-memory resources, and `lambdaform_local`'s
//! refusals in each protocol's error shape.

use super::super::app::App;
use super::super::body;
use super::super::server::Reply;
use super::dynamodb::{Refusal, TableStore};
use super::s3::{self, Listed, S3Request};
use super::sns::{self, Publish};
use super::sqs::{self, Send};
use lambdaform_local::{Attributes, LocalError, MessageAttribute};
use lambdaform_manifest::{ResourceKind, Table};
use serde_json::{Map, Value};

type Item = Map<String, Value>;

impl App {
    /// The declared table a `TableName` (physical name, ARN or declared name) refers to.
    pub(super) fn table(&self, spelling: &str) -> Option<(&str, &Table)> {
        let resource = self.names.resource(spelling)?;
        match &self.manifest.resource(resource)?.kind {
            ResourceKind::Table(table) => Some((resource, table)),
            _ => None,
        }
    }

    pub(super) fn table_store<'a>(&'a self, resource: &'a str) -> LocalTable<'a> {
        LocalTable { app: self, table: resource }
    }

    pub(super) async fn s3(&self, request: S3Request) -> Reply {
        let (bucket_name, key) = match &request {
            S3Request::Put { bucket, key, .. }
            | S3Request::Get { bucket, key }
            | S3Request::Head { bucket, key }
            | S3Request::Delete { bucket, key } => (bucket.clone(), key.clone()),
            S3Request::List { bucket, .. } => (bucket.clone(), String::new()),
        };
        let Some(bucket) = self.names.resource(&bucket_name).filter(|r| self.is_bucket(r)) else {
            return s3::error(404, "NoSuchBucket", "The specified bucket does not exist", &bucket_name);
        };
        match request {
            S3Request::Put { body: bytes, .. } => match self.local.put_object(bucket, &key, bytes).await {
                Ok(etag) => {
                    let mut reply = body::with(200, "application/xml", "");
                    if let Ok(value) = format!("\"{etag}\"").parse() {
                        reply.headers_mut().insert("etag", value);
                    }
                    reply
                }
                Err(error) => s3_refusal(&error, &key),
            },
            S3Request::Get { .. } | S3Request::Head { .. } => {
                let head = matches!(request, S3Request::Head { .. });
                match self.local.get_object(bucket, &key) {
                    Ok(Some(bytes)) => {
                        let etag = s3::etag(&bytes);
                        let length = bytes.len();
                        // S3 answers objects stored without a content type as binary/octet-stream.
                        let mut reply = body::with(200, "binary/octet-stream", if head { Vec::new() } else { bytes });
                        let headers = reply.headers_mut();
                        if let Ok(value) = etag.parse() {
                            headers.insert("etag", value);
                        }
                        if head {
                            headers.insert("content-length", length.into());
                        }
                        reply
                    }
                    Ok(None) if head => body::with(404, "application/xml", ""),
                    Ok(None) => s3::error(404, "NoSuchKey", "The specified key does not exist.", &key),
                    Err(error) => s3_refusal(&error, &key),
                }
            }
            S3Request::Delete { .. } => match self.local.delete_object(bucket, &key).await {
                Ok(()) => body::with(204, "application/xml", ""),
                Err(error) => s3_refusal(&error, &key),
            },
            S3Request::List { prefix, start_after, max_keys, .. } => match self.local.list_objects(bucket, &prefix) {
                Ok(objects) => {
                    let mut listed: Vec<Listed> = objects
                        .into_iter()
                        .filter(|(key, _, _)| start_after.as_ref().is_none_or(|after| key > after))
                        .map(|(key, size, etag)| Listed { key, size, etag: format!("\"{etag}\"") })
                        .collect();
                    let truncated = listed.len() > max_keys;
                    listed.truncate(max_keys);
                    body::with(
                        200,
                        "application/xml",
                        s3::list_result(&bucket_name, &prefix, max_keys, &listed, truncated),
                    )
                }
                Err(error) => s3_refusal(&error, &bucket_name),
            },
        }
    }

    fn is_bucket(&self, resource: &str) -> bool {
        self.manifest.resource(resource).is_some_and(|r| matches!(r.kind, ResourceKind::Bucket))
    }

    pub(super) async fn sns_publish(&self, publish: Publish) -> Reply {
        let Some(topic) = self.names.resource(&publish.topic_arn) else {
            return sns::error(404, "NotFound", "Topic does not exist");
        };
        match self
            .local
            .publish_with_subject(topic, publish.subject.as_deref(), &publish.message, publish.attributes)
            .await
        {
            Ok(message_id) => sns::published(&message_id),
            Err(LocalError::Unknown { .. }) => sns::error(404, "NotFound", "Topic does not exist"),
            Err(error) => sns::error(400, "InvalidParameter", &error.to_string()),
        }
    }

    pub(super) async fn sqs_send(&self, send: Send) -> Reply {
        let Some(queue) = self.names.resource(&send.queue_url) else {
            return sqs::error("QueueDoesNotExist", "The specified queue does not exist.");
        };
        let mut ids = Vec::with_capacity(send.messages.len());
        for message in &send.messages {
            let attributes: Attributes = match message_attributes(&message.attributes) {
                Ok(attributes) => attributes,
                Err(reply) => return reply,
            };
            match self.local.send(queue, &message.body, attributes).await {
                Ok(id) => ids.push(id),
                Err(LocalError::Unknown { .. }) => {
                    return sqs::error("QueueDoesNotExist", "The specified queue does not exist.")
                }
                Err(error) => return sqs::error("InvalidParameterValue", &error.to_string()),
            }
        }
        sqs::sent(&send, &ids)
    }
}

/// SQS's JSON `MessageAttributes` as `lambdaform_local`'s attributes.
fn message_attributes(attributes: &Map<String, Value>) -> Result<Attributes, Reply> {
    attributes
        .iter()
        .map(|(name, attribute)| {
            let data_type = attribute["DataType"].as_str().unwrap_or("String").to_owned();
            let value =
                attribute["StringValue"].as_str().or_else(|| attribute["BinaryValue"].as_str()).ok_or_else(|| {
                    sqs::error("InvalidParameterValue", &format!("message attribute `{name}` has no value"))
                })?;
            Ok((name.clone(), MessageAttribute { data_type, value: value.to_owned() }))
        })
        .collect()
}

fn s3_refusal(error: &LocalError, resource: &str) -> Reply {
    match error {
        LocalError::Unknown { .. } => s3::error(404, "NoSuchBucket", "The specified bucket does not exist", resource),
        LocalError::Invalid { .. } => s3::error(400, "InvalidArgument", &error.to_string(), resource),
        _ => s3::error(500, "InternalError", &error.to_string(), resource),
    }
}

/// One declared table, through `lambdaform_local`: its writes stream to `#[dynamodb_stream]` handlers.
pub struct LocalTable<'a> {
    app: &'a App,
    table: &'a str,
}

fn refusal(error: LocalError) -> Refusal {
    match error {
        LocalError::Unknown { .. } => Refusal("ResourceNotFoundException", error.to_string()),
        LocalError::Invalid { .. } => Refusal("ValidationException", error.to_string()),
        other => Refusal("InternalServerError", other.to_string()),
    }
}

fn into_item(value: Option<Value>) -> Option<Item> {
    match value {
        Some(Value::Object(item)) => Some(item),
        _ => None,
    }
}

impl TableStore for LocalTable<'_> {
    fn get(&self, key: &Item) -> Option<Item> {
        into_item(self.app.local.get_item(self.table, &Value::Object(key.clone())).ok().flatten())
    }

    async fn put(&self, item: Item) -> Result<Option<Item>, Refusal> {
        self.app.local.put_item(self.table, Value::Object(item)).await.map(into_item).map_err(refusal)
    }

    async fn delete(&self, key: &Item) -> Result<Option<Item>, Refusal> {
        self.app.local.delete_item(self.table, &Value::Object(key.clone())).await.map(into_item).map_err(refusal)
    }

    fn items(&self) -> Vec<Item> {
        self.app
            .local
            .scan(self.table)
            .unwrap_or_default()
            .into_iter()
            .filter_map(|item| into_item(Some(item)))
            .collect()
    }
}
