//! The AWS services a workflow calls without a Lambda (DynamoDB, SNS, SQS, EventBridge), and the S3 objects a
//! distributed Map reads, in memory. A test reads what the workflow wrote afterwards, and can seed tables and
//! buckets before it starts.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, MutexGuard};

use lambdaform_asl::exec::MemoryStore;
use serde_json::{json, Value};

use super::dynamodb::Table;
use super::{arns, marshal};
use crate::workflow::DynamoDbAction;

/// A failed integration call: Step Functions' error name (`DynamoDB.ConditionalCheckFailedException`) and cause.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IntegrationError {
    pub error: &'static str,
    pub cause: String,
}

impl IntegrationError {
    pub fn new(error: &'static str, cause: impl Into<String>) -> Self {
        IntegrationError { error, cause: cause.into() }
    }
}

/// One SNS message published to a topic.
#[derive(Debug, Clone, PartialEq)]
pub struct Published {
    pub message: String,
    pub subject: Option<String>,
    pub attributes: Option<Value>,
}

#[derive(Debug, Default)]
struct State {
    tables: BTreeMap<String, Table>,
    topics: BTreeMap<String, Vec<Published>>,
    queues: BTreeMap<String, Vec<Value>>,
    events: Vec<Value>,
    started: Vec<(String, Value)>,
    next_id: u64,
}

/// The in-memory services of one test; cheap to clone, shared by every execution it starts (nested ones too).
#[derive(Debug, Clone, Default)]
pub struct Services {
    state: Arc<Mutex<State>>,
    /// The buckets: the executor's object store for the ASL run, read directly by the native run.
    objects: MemoryStore,
}

impl Services {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Declares a table (the service's `#[table]`s are declared from its manifest).
    pub fn declare_table(&self, name: &str, partition_key: &str, sort_key: Option<&str>) {
        self.lock().tables.entry(name.to_string()).or_insert_with(|| Table {
            partition_key: partition_key.to_string(),
            sort_key: sort_key.map(str::to_string),
            items: BTreeMap::new(),
        });
    }

    /// Puts an object into a bucket (`#[bucket]` name) before the run, for a distributed Map to read.
    pub fn put_object(&self, bucket: &str, key: &str, body: impl Into<Vec<u8>>) {
        self.objects.insert(bucket, key, body);
    }

    /// An object's bytes, if present.
    pub fn object(&self, bucket: &str, key: &str) -> Option<Vec<u8>> {
        self.objects.get(bucket, key)
    }

    pub(crate) fn object_store(&self) -> MemoryStore {
        self.objects.clone()
    }

    /// Declares a topic or queue, so publishing to it succeeds.
    pub fn declare_topic(&self, name: &str) {
        self.lock().topics.entry(name.to_string()).or_default();
    }

    pub fn declare_queue(&self, name: &str) {
        self.lock().queues.entry(name.to_string()).or_default();
    }

    /// Puts an item (plain JSON, `{"id": "o-1", "total": 12}`) into a declared table before the workflow runs.
    pub fn seed(&self, table: &str, item: &Value) -> Result<(), IntegrationError> {
        self.dynamodb_plain(DynamoDbAction::PutItem, table, item).map(drop)
    }

    /// The items of a table as plain JSON, in key order; empty for an unknown table.
    pub fn items(&self, table: &str) -> Vec<Value> {
        self.raw_items(table).iter().filter_map(Value::as_object).map(marshal::from_item).collect()
    }

    /// The items of a table in DynamoDB's JSON (`{"id": {"S": "o-1"}}`), in key order.
    pub fn raw_items(&self, table: &str) -> Vec<Value> {
        let state = self.lock();
        let Some(t) = state.tables.get(table) else { return Vec::new() };
        t.items.values().map(|item| Value::Object(item.clone())).collect()
    }

    /// A workflow's native table call (plain JSON, as [`crate::workflow::Integrations::dynamodb`] takes it) on
    /// the same tables the ASL run uses.
    pub fn dynamodb_plain(
        &self,
        action: DynamoDbAction,
        table: &str,
        request: &Value,
    ) -> Result<Value, IntegrationError> {
        let not_item = || IntegrationError::new("DynamoDB.ValidationException", format!("not an item: {request}"));
        let answer = match action {
            DynamoDbAction::PutItem => {
                let item = marshal::to_item(request).ok_or_else(not_item)?;
                self.with_table(table, |t| t.put_item(&json!({ "Item": item })))?
            }
            DynamoDbAction::GetItem | DynamoDbAction::DeleteItem => {
                let key = marshal::to_item(request).ok_or_else(not_item)?;
                let payload = json!({ "Key": key });
                self.with_table(table, |t| match action {
                    DynamoDbAction::GetItem => t.get_item(&payload),
                    _ => t.delete_item(&payload),
                })?
            }
            DynamoDbAction::UpdateItem => {
                let (Some(key), Some(set)) =
                    (request.get("key").and_then(marshal::to_item), request.get("set").and_then(Value::as_object))
                else {
                    return Err(IntegrationError::new(
                        "DynamoDB.ValidationException",
                        "an update is {\"key\": {...}, \"set\": {...}}",
                    ));
                };
                let names: Vec<String> = (0..set.len()).map(|i| format!("#f{i}")).collect();
                let expression = names.iter().enumerate().map(|(i, n)| format!("{n} = :v{i}")).collect::<Vec<_>>();
                let payload = json!({
                    "Key": key,
                    "UpdateExpression": format!("SET {}", expression.join(", ")),
                    "ExpressionAttributeNames": names.iter().zip(set.keys()).map(|(n, k)| (n.clone(), json!(k))).collect::<serde_json::Map<_, _>>(),
                    "ExpressionAttributeValues": set.values().enumerate().map(|(i, v)| (format!(":v{i}"), marshal::to_attribute(v))).collect::<serde_json::Map<_, _>>(),
                });
                self.with_table(table, |t| t.update_item(&payload))?
            }
        };
        Ok(answer.get("Item").and_then(Value::as_object).map(marshal::from_item).unwrap_or(Value::Null))
    }

    /// The messages published to a topic, oldest first.
    pub fn published(&self, topic: &str) -> Vec<Published> {
        self.lock().topics.get(topic).cloned().unwrap_or_default()
    }

    /// The bodies sent to a queue (parsed as JSON where they are JSON), oldest first.
    pub fn sent(&self, queue: &str) -> Vec<Value> {
        self.lock().queues.get(queue).cloned().unwrap_or_default()
    }

    /// The EventBridge entries put, oldest first.
    pub fn events(&self) -> Vec<Value> {
        self.lock().events.clone()
    }

    /// The executions started without waiting (`startExecution`, natively `start::<machine>`): machine name and
    /// input, oldest first. A `.sync` start is a call, like a step's, and is not listed.
    pub fn started(&self) -> Vec<(String, Value)> {
        self.lock().started.clone()
    }

    pub(crate) fn record_start(&self, machine: &str, input: Value) {
        self.lock().started.push((machine.to_string(), input));
    }

    fn with_table<T>(
        &self,
        name: &str,
        f: impl FnOnce(&mut Table) -> Result<T, IntegrationError>,
    ) -> Result<T, IntegrationError> {
        let mut state = self.lock();
        let table = state.tables.get_mut(name).ok_or_else(|| {
            IntegrationError::new(
                "DynamoDB.ResourceNotFoundException",
                format!("Requested resource not found: Table: {name} not found"),
            )
        })?;
        f(table)
    }

    fn message_id(&self) -> String {
        let mut state = self.lock();
        state.next_id += 1;
        format!("00000000-0000-4000-8000-{:012x}", state.next_id)
    }

    /// Runs the integration named by a Task `Resource` (`arn:aws:states:::dynamodb:putItem`); `None` when the
    /// resource is not one of these services.
    pub fn call(&self, resource: &str, payload: &Value) -> Option<Result<Value, IntegrationError>> {
        let action = resource.strip_prefix("arn:aws:states:::")?;
        let result = match action {
            "dynamodb:putItem" | "dynamodb:getItem" | "dynamodb:updateItem" | "dynamodb:deleteItem" => {
                let table = match payload.get("TableName").and_then(Value::as_str) {
                    Some(t) => t.to_string(),
                    None => {
                        return Some(Err(IntegrationError::new(
                            "DynamoDB.AmazonDynamoDBException",
                            "/TableName must be a string",
                        )))
                    }
                };
                self.with_table(&table, |t| match action {
                    "dynamodb:putItem" => t.put_item(payload),
                    "dynamodb:getItem" => t.get_item(payload),
                    "dynamodb:updateItem" => t.update_item(payload),
                    _ => t.delete_item(payload),
                })
            }
            "sns:publish" => self.publish(payload),
            "sqs:sendMessage" => self.send_message(payload),
            "events:putEvents" => self.put_events(payload),
            _ => return None,
        };
        Some(result)
    }

    fn publish(&self, payload: &Value) -> Result<Value, IntegrationError> {
        let topic = payload
            .get("TopicArn")
            .and_then(Value::as_str)
            .ok_or_else(|| IntegrationError::new("SNS.InvalidParameterException", "/TopicArn must be a string"))?;
        let message = text(payload.get("Message")).ok_or_else(|| {
            IntegrationError::new("SNS.InvalidParameterException", "Invalid parameter: /Message is missing")
        })?;
        let published = Published {
            message,
            subject: payload.get("Subject").and_then(Value::as_str).map(str::to_string),
            attributes: payload.get("MessageAttributes").cloned(),
        };
        self.push_message(arns::last_segment(topic), published)
    }

    /// A native `publish`: the message as SNS receives it from the ASL run (JSON text unless a string).
    pub fn publish_plain(&self, topic: &str, message: &Value) -> Result<Value, IntegrationError> {
        let message = text(Some(message)).unwrap_or_default();
        self.push_message(topic, Published { message, subject: None, attributes: None })
    }

    fn push_message(&self, topic: &str, published: Published) -> Result<Value, IntegrationError> {
        let id = self.message_id();
        let mut state = self.lock();
        let messages = state.topics.get_mut(topic).ok_or_else(|| {
            IntegrationError::new(
                "SNS.NotFoundException",
                format!("Topic does not exist: {}", arns::fake("topic", topic)),
            )
        })?;
        messages.push(published);
        Ok(json!({ "MessageId": id }))
    }

    fn send_message(&self, payload: &Value) -> Result<Value, IntegrationError> {
        let url = payload
            .get("QueueUrl")
            .and_then(Value::as_str)
            .ok_or_else(|| IntegrationError::new("SQS.InvalidParameterValueException", "/QueueUrl must be a string"))?;
        let body = payload.get("MessageBody").cloned().ok_or_else(|| {
            IntegrationError::new(
                "SQS.MissingParameterException",
                "The request must contain the parameter MessageBody.",
            )
        })?;
        let body = match body {
            Value::String(s) => serde_json::from_str(&s).unwrap_or(Value::String(s)),
            other => other,
        };
        self.send_plain(arns::last_segment(url), body)
    }

    /// A native `send`, and the end of the ASL one: the body (JSON) onto the named queue.
    pub fn send_plain(&self, queue: &str, body: Value) -> Result<Value, IntegrationError> {
        let id = self.message_id();
        let mut state = self.lock();
        let messages = state.queues.get_mut(queue).ok_or_else(|| {
            IntegrationError::new(
                "SQS.QueueDoesNotExistException",
                format!("The specified queue does not exist: {}", arns::fake("queue", queue)),
            )
        })?;
        messages.push(body);
        Ok(json!({ "MessageId": id }))
    }

    fn put_events(&self, payload: &Value) -> Result<Value, IntegrationError> {
        let entries = payload
            .get("Entries")
            .and_then(Value::as_array)
            .ok_or_else(|| IntegrationError::new("EventBridge.ValidationException", "/Entries must be an array"))?
            .clone();
        let ids: Vec<Value> = entries.iter().map(|_| json!({ "EventId": self.message_id() })).collect();
        self.lock().events.extend(entries);
        Ok(json!({ "Entries": ids, "FailedEntryCount": 0 }))
    }
}

/// SNS takes a string message; a JSON object given instead is sent as its JSON text, as Step Functions does.
fn text(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(s) => Some(s.clone()),
        Value::Null => None,
        other => Some(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_service_records_what_it_was_sent() {
        let s = Services::default();
        s.declare_table("Orders", "id", None);
        s.declare_topic("News");
        s.declare_queue("Jobs");
        let put = json!({"TableName": "Orders", "Item": {"id": {"S": "o1"}}});
        assert_eq!(s.call("arn:aws:states:::dynamodb:putItem", &put), Some(Ok(json!({}))));
        assert_eq!(s.raw_items("Orders"), [json!({"id": {"S": "o1"}})]);
        s.dynamodb_plain(DynamoDbAction::UpdateItem, "Orders", &json!({"key": {"id": "o1"}, "set": {"n": 2}})).unwrap();
        assert_eq!(
            s.dynamodb_plain(DynamoDbAction::GetItem, "Orders", &json!({"id": "o1"})),
            Ok(json!({"id": "o1", "n": 2}))
        );
        assert_eq!(s.items("Orders"), [json!({"id": "o1", "n": 2})]);
        let publish = json!({"TopicArn": arns::fake("topic", "News"), "Message": {"hello": 1}});
        assert!(s.call("arn:aws:states:::sns:publish", &publish).unwrap().unwrap()["MessageId"].is_string());
        assert_eq!(s.published("News")[0].message, r#"{"hello":1}"#);
        let send = json!({"QueueUrl": arns::fake("queue", "Jobs"), "MessageBody": "{\"n\":1}"});
        s.call("arn:aws:states:::sqs:sendMessage", &send).unwrap().unwrap();
        assert_eq!(s.sent("Jobs"), [json!({"n": 1})]);
        let events = json!({"Entries": [{"Source": "shop", "DetailType": "Placed", "Detail": "{}"}]});
        let answer = s.call("arn:aws:states:::events:putEvents", &events).unwrap().unwrap();
        assert_eq!(answer["FailedEntryCount"], 0);
        assert_eq!(s.events().len(), 1);
        assert_eq!(s.call("arn:aws:states:::s3:getObject", &json!({})), None);
    }

    #[test]
    fn undeclared_targets_fail_like_aws() {
        let s = Services::default();
        let put = json!({"TableName": "Nope", "Item": {"id": {"S": "o1"}}});
        let err = s.call("arn:aws:states:::dynamodb:putItem", &put).unwrap().unwrap_err();
        assert_eq!(err.error, "DynamoDB.ResourceNotFoundException");
        let publish = json!({"TopicArn": arns::fake("topic", "Nope"), "Message": "x"});
        assert_eq!(
            s.call("arn:aws:states:::sns:publish", &publish).unwrap().unwrap_err().error,
            "SNS.NotFoundException"
        );
    }
}
