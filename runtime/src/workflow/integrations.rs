//! Where a workflow's native side effects go: waiting, the service integrations and callback tokens. A test
//! installs its own [`Integrations`] around a run with [`with_integrations`]; without one, a process-wide
//! [`Memory`] is used, so a workflow body also runs as a plain program.

use std::collections::{BTreeMap, HashMap};
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use serde_json::Value;
use tokio::sync::oneshot;

use super::objects::{list, no_such_key, S3Object};
use super::{AnyMock, Failure};

pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// The four item operations of the DynamoDB integration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DynamoDbAction {
    PutItem,
    GetItem,
    UpdateItem,
    DeleteItem,
}

/// The native side of everything a workflow does besides calling steps. Values are plain JSON (a table item is
/// `{"id": "a", "n": 1}`, not DynamoDB's typed attribute values); names are the manifest's names.
pub trait Integrations: Send + Sync {
    /// A `Wait` state of `duration`.
    fn sleep(&self, duration: Duration) -> BoxFuture<'_, ()>;
    /// A `Wait` state until an RFC 3339 timestamp.
    fn sleep_until(&self, timestamp: String) -> BoxFuture<'_, Result<(), Failure>>;
    /// `put` and `update` take the item (for update, the key and the fields to set); `get` and `delete` the key.
    /// `get` answers the item or `null`; the others answer `null`.
    fn dynamodb(&self, action: DynamoDbAction, table: &str, request: Value) -> BoxFuture<'_, Result<Value, Failure>>;
    fn publish(&self, topic: &str, message: Value) -> BoxFuture<'_, Result<(), Failure>>;
    fn send(&self, queue: &str, message: Value) -> BoxFuture<'_, Result<(), Failure>>;
    /// EventBridge `PutEvents` entries, as `Entries` holds them.
    fn put_events(&self, entries: Value) -> BoxFuture<'_, Result<(), Failure>>;
    /// Starts a machine without waiting for it (`startExecution`); a synchronous start runs the workflow's
    /// native body instead and does not come here.
    fn start_execution(&self, machine: &str, input: Value) -> BoxFuture<'_, Result<(), Failure>>;
    /// `s3:getObject`, for a distributed Map's item reader; a missing object is `States.ItemReaderFailed`.
    fn get_object(&self, bucket: &str, key: &str) -> BoxFuture<'_, Result<Vec<u8>, Failure>>;
    /// `s3:listObjectsV2`: the objects of `bucket` under `prefix`, in key order.
    fn list_objects(&self, bucket: &str, prefix: &str) -> BoxFuture<'_, Result<Vec<S3Object>, Failure>>;
    /// Waits until someone completes `token` (`.waitForTaskToken`).
    fn wait_for_token(&self, token: String) -> BoxFuture<'_, Result<Value, Failure>>;
    /// `SendTaskSuccess` (`Ok`) or `SendTaskFailure` (`Err`) for `token`.
    fn complete_token(&self, token: String, result: Result<Value, Failure>) -> BoxFuture<'_, Result<(), Failure>>;
    /// A test's mock of the step named `step` (a [`MockFn`](super::MockFn) of its types); `None` runs the step.
    fn step_mock(&self, _step: &str) -> Option<AnyMock> {
        None
    }
}

tokio::task_local! {
    static CURRENT: Arc<dyn Integrations>;
}

/// Runs `future` (a workflow's native run, typically) with `integrations` answering its side effects.
pub async fn with_integrations<F: Future>(integrations: Arc<dyn Integrations>, future: F) -> F::Output {
    CURRENT.scope(integrations, future).await
}

/// The integrations of the running workflow: the installed ones, or the process-wide [`Memory`].
pub fn current() -> Arc<dyn Integrations> {
    static DEFAULT: OnceLock<Arc<dyn Integrations>> = OnceLock::new();
    CURRENT.try_with(Arc::clone).unwrap_or_else(|_| Arc::clone(DEFAULT.get_or_init(|| Arc::new(Memory::default()))))
}

/// One side effect [`Memory`] saw, in order.
#[derive(Debug, Clone, PartialEq)]
pub enum Record {
    Published { topic: String, message: Value },
    Sent { queue: String, message: Value },
    Events { entries: Value },
    Started { machine: String, input: Value },
    Slept { duration: Duration },
    SleptUntil { timestamp: String },
}

/// In-memory integrations: tables hold items (a key matches the latest item whose fields it all equals), buckets
/// hold the objects put with [`Memory::put_object`], messages, events and starts are recorded, waits return at once, and callback tokens complete through
/// [`complete_token`](Integrations::complete_token) in the same process.
#[derive(Default)]
pub struct Memory {
    tables: Mutex<HashMap<String, Vec<Value>>>,
    records: Mutex<Vec<Record>>,
    tokens: Mutex<Tokens>,
    objects: Mutex<BTreeMap<(String, String), Vec<u8>>>,
}

#[derive(Default)]
struct Tokens {
    waiting: HashMap<String, oneshot::Sender<Result<Value, Failure>>>,
    /// Completions that arrived before anyone waited (a step can answer its own token).
    early: HashMap<String, Result<Value, Failure>>,
}

impl Memory {
    /// Everything recorded so far.
    pub fn records(&self) -> Vec<Record> {
        self.records.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// The items of `table`, in insertion order.
    pub fn items(&self, table: &str) -> Vec<Value> {
        self.tables.lock().unwrap_or_else(|e| e.into_inner()).get(table).cloned().unwrap_or_default()
    }

    /// Stores an object, for a distributed Map to read.
    pub fn put_object(&self, bucket: &str, key: &str, body: impl Into<Vec<u8>>) {
        self.objects.lock().unwrap_or_else(|e| e.into_inner()).insert((bucket.into(), key.into()), body.into());
    }

    /// Tokens a workflow is waiting on.
    pub fn pending_tokens(&self) -> Vec<String> {
        let mut tokens: Vec<String> =
            self.tokens.lock().unwrap_or_else(|e| e.into_inner()).waiting.keys().cloned().collect();
        tokens.sort();
        tokens
    }

    fn record(&self, record: Record) {
        self.records.lock().unwrap_or_else(|e| e.into_inner()).push(record);
    }

    fn table_op(&self, action: DynamoDbAction, table: &str, request: Value) -> Result<Value, Failure> {
        let mut tables = self.tables.lock().unwrap_or_else(|e| e.into_inner());
        let items = tables.entry(table.to_string()).or_default();
        let Value::Object(fields) = &request else {
            return Err(Failure { error: "DynamoDB.ValidationException", cause: format!("not an item: {request}") });
        };
        let matches =
            |key: &serde_json::Map<String, Value>, item: &Value| key.iter().all(|(k, v)| item.get(k) == Some(v));
        // Without the key schema a put cannot replace the item it overwrites; reads take the latest match instead.
        let found = |key: &serde_json::Map<String, Value>, items: &[Value]| items.iter().rposition(|i| matches(key, i));
        match action {
            DynamoDbAction::GetItem => Ok(found(fields, items).map(|i| items[i].clone()).unwrap_or(Value::Null)),
            DynamoDbAction::DeleteItem => {
                items.retain(|i| !matches(fields, i));
                Ok(Value::Null)
            }
            DynamoDbAction::PutItem => {
                items.push(request);
                Ok(Value::Null)
            }
            DynamoDbAction::UpdateItem => {
                let (Some(Value::Object(key)), Some(Value::Object(set))) = (fields.get("key"), fields.get("set"))
                else {
                    return Err(Failure {
                        error: "DynamoDB.ValidationException",
                        cause: "an update is {\"key\": {...}, \"set\": {...}}".into(),
                    });
                };
                match found(key, items) {
                    Some(i) => {
                        if let Value::Object(item) = &mut items[i] {
                            item.extend(set.clone());
                        }
                    }
                    None => {
                        let mut item = key.clone();
                        item.extend(set.clone());
                        items.push(Value::Object(item));
                    }
                }
                Ok(Value::Null)
            }
        }
    }
}

impl Integrations for Memory {
    fn sleep(&self, duration: Duration) -> BoxFuture<'_, ()> {
        self.record(Record::Slept { duration });
        Box::pin(async {})
    }

    fn sleep_until(&self, timestamp: String) -> BoxFuture<'_, Result<(), Failure>> {
        let result = chrono::DateTime::parse_from_rfc3339(&timestamp).map(|_| ()).map_err(|e| Failure {
            error: "States.Runtime",
            cause: format!("`{timestamp}` is not an RFC 3339 timestamp: {e}"),
        });
        self.record(Record::SleptUntil { timestamp });
        Box::pin(async move { result })
    }

    fn dynamodb(&self, action: DynamoDbAction, table: &str, request: Value) -> BoxFuture<'_, Result<Value, Failure>> {
        let result = self.table_op(action, table, request);
        Box::pin(async move { result })
    }

    fn publish(&self, topic: &str, message: Value) -> BoxFuture<'_, Result<(), Failure>> {
        self.record(Record::Published { topic: topic.into(), message });
        Box::pin(async { Ok(()) })
    }

    fn send(&self, queue: &str, message: Value) -> BoxFuture<'_, Result<(), Failure>> {
        self.record(Record::Sent { queue: queue.into(), message });
        Box::pin(async { Ok(()) })
    }

    fn put_events(&self, entries: Value) -> BoxFuture<'_, Result<(), Failure>> {
        self.record(Record::Events { entries });
        Box::pin(async { Ok(()) })
    }

    fn start_execution(&self, machine: &str, input: Value) -> BoxFuture<'_, Result<(), Failure>> {
        self.record(Record::Started { machine: machine.into(), input });
        Box::pin(async { Ok(()) })
    }

    fn get_object(&self, bucket: &str, key: &str) -> BoxFuture<'_, Result<Vec<u8>, Failure>> {
        let objects = self.objects.lock().unwrap_or_else(|e| e.into_inner());
        let found =
            objects.get(&(bucket.to_string(), key.to_string())).cloned().ok_or_else(|| no_such_key(bucket, key));
        Box::pin(async move { found })
    }

    fn list_objects(&self, bucket: &str, prefix: &str) -> BoxFuture<'_, Result<Vec<S3Object>, Failure>> {
        let listed = list(&self.objects.lock().unwrap_or_else(|e| e.into_inner()), bucket, prefix);
        Box::pin(async move { Ok(listed) })
    }

    fn wait_for_token(&self, token: String) -> BoxFuture<'_, Result<Value, Failure>> {
        let mut tokens = self.tokens.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(done) = tokens.early.remove(&token) {
            return Box::pin(async move { done });
        }
        let (tx, rx) = oneshot::channel();
        tokens.waiting.insert(token.clone(), tx);
        Box::pin(async move {
            rx.await.unwrap_or_else(|_| {
                Err(Failure { error: "States.Runtime", cause: format!("task token `{token}` was dropped") })
            })
        })
    }

    fn complete_token(&self, token: String, result: Result<Value, Failure>) -> BoxFuture<'_, Result<(), Failure>> {
        let mut tokens = self.tokens.lock().unwrap_or_else(|e| e.into_inner());
        match tokens.waiting.remove(&token) {
            // The waiter may have gone away (its workflow failed); AWS then answers TaskTimedOut, here it is moot.
            Some(tx) => {
                let _ = tx.send(result);
            }
            None => {
                tokens.early.insert(token, result);
            }
        }
        Box::pin(async { Ok(()) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn table_items_are_found_by_key_and_updated() {
        let m = Memory::default();
        m.table_op(DynamoDbAction::PutItem, "T", json!({"id": "a", "n": 1})).unwrap();
        let got = m.table_op(DynamoDbAction::GetItem, "T", json!({"id": "a"})).unwrap();
        assert_eq!(got, json!({"id": "a", "n": 1}));
        m.table_op(DynamoDbAction::UpdateItem, "T", json!({"key": {"id": "a"}, "set": {"n": 2}})).unwrap();
        assert_eq!(m.items("T"), vec![json!({"id": "a", "n": 2})]);
        m.table_op(DynamoDbAction::DeleteItem, "T", json!({"id": "a"})).unwrap();
        assert_eq!(m.table_op(DynamoDbAction::GetItem, "T", json!({"id": "a"})).unwrap(), Value::Null);
        assert!(m.table_op(DynamoDbAction::PutItem, "T", json!(3)).is_err());
    }

    #[tokio::test]
    async fn a_token_completed_before_the_wait_is_kept() {
        let m = Memory::default();
        m.complete_token("t1".into(), Ok(json!(5))).await.unwrap();
        assert_eq!(m.wait_for_token("t1".into()).await.unwrap(), json!(5));
        let waiting = m.wait_for_token("t2".into());
        assert_eq!(m.pending_tokens(), ["t2"]);
        m.complete_token("t2".into(), Err(Failure { error: "No", cause: "c".into() })).await.unwrap();
        assert_eq!(waiting.await.unwrap_err().error, "No");
    }
}
