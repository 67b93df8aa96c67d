//! `Local`: the service's declared resources in memory (or persisted), and the calls that change them and
//! fire the triggers wired to them.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, MutexGuard};

use chrono::{DateTime, Utc};
use lambdaform_manifest::{Manifest, ResourceKind};
use serde_json::Value;
use tokio::sync::watch;

use crate::dynamodb::{Item, SortKeyCondition, Table};
use crate::events;
use crate::log::{EventLog, Trigger};
use crate::names::Names;
use crate::s3::{notification_matches, Bucket, Object};
use crate::sns::{self, Attributes};
use crate::sqs::{Message, Queue};
use crate::triggers::{Target, TimerKind, Wiring};
use crate::workflows::Workflows;
use crate::{Clock, Invoker, LocalError, Store};

/// The whole service's resources and triggers on one machine. Cheap to clone; clones share everything.
/// Calls that fire triggers spawn the invocations on the current Tokio runtime and return at once; await
/// [`Local::idle`] to wait for them.
#[derive(Clone)]
pub struct Local {
    pub(crate) inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub manifest: Manifest,
    pub names: Names,
    pub invoker: Arc<dyn Invoker>,
    pub store: Store,
    pub clock: Clock,
    pub created: DateTime<Utc>,
    pub log: EventLog,
    pub wiring: Mutex<Wiring>,
    pub buckets: Mutex<BTreeMap<String, Bucket>>,
    pub queues: Mutex<BTreeMap<String, Queue>>,
    pub tables: Mutex<BTreeMap<String, (Table, u64)>>,
    pub alarm_states: Mutex<BTreeMap<String, String>>,
    /// Failed asynchronous invocations waiting for their retry.
    pub retries: Mutex<Vec<crate::delivery::Retry>>,
    pub workflows: Workflows,
    /// Invocations spawned and not yet finished.
    pub busy: watch::Sender<usize>,
}

pub(crate) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// An event to put on the default event bus (`PutEvents` entry).
#[derive(Debug, Clone, PartialEq)]
pub struct BusEvent {
    pub source: String,
    pub detail_type: String,
    pub detail: Value,
}

impl Local {
    /// Creates every declared resource, loading persisted data from `store`, and wires the triggers. Fails on
    /// a filter, pattern, schedule or state machine definition AWS would reject (with a pointer into the
    /// manifest) or on an unreadable store.
    pub fn new(manifest: Manifest, invoker: Arc<dyn Invoker>, store: Store, clock: Clock) -> Result<Local, LocalError> {
        let created = clock.now();
        let wiring = Wiring::from_manifest(&manifest, created)?;
        let mut buckets = BTreeMap::new();
        let mut queues = BTreeMap::new();
        let mut tables = BTreeMap::new();
        for r in &manifest.resources {
            match &r.kind {
                ResourceKind::Bucket => {
                    buckets.insert(r.name.clone(), store.load_bucket(&r.name)?);
                }
                ResourceKind::Queue(config) => {
                    let queue = match store.load_queue(&r.name)? {
                        Some(saved) => Queue { config: config.clone(), ..saved },
                        None => Queue::new(config.clone()),
                    };
                    queues.insert(r.name.clone(), queue);
                }
                ResourceKind::Table(config) => {
                    let mut table = Table::new(config.clone());
                    for item in store.load_table(&r.name)? {
                        table.put(item).map_err(|e| LocalError::Store(format!("table `{}`: {e}", r.name)))?;
                    }
                    tables.insert(r.name.clone(), (table, 0));
                }
                ResourceKind::Topic(_) => {}
            }
        }
        let names = Names::new(&manifest);
        let workflows = Workflows::new(&manifest, &names)?;
        let inner = Inner {
            names,
            invoker,
            store,
            clock,
            created,
            log: EventLog::default(),
            wiring: Mutex::new(wiring),
            buckets: Mutex::new(buckets),
            queues: Mutex::new(queues),
            tables: Mutex::new(tables),
            alarm_states: Mutex::default(),
            retries: Mutex::default(),
            workflows,
            busy: watch::channel(0).0,
            manifest,
        };
        Ok(Local { inner: Arc::new(inner) })
    }

    pub fn manifest(&self) -> &Manifest {
        &self.inner.manifest
    }

    pub fn names(&self) -> &Names {
        &self.inner.names
    }

    pub fn clock(&self) -> &Clock {
        &self.inner.clock
    }

    /// When the resources were created: the local state machines' creation date.
    pub fn created(&self) -> DateTime<Utc> {
        self.inner.created
    }

    pub fn log(&self) -> &EventLog {
        &self.inner.log
    }

    // ---- S3 ----

    /// `PutObject`: stores the object and notifies the `#[s3]` handlers whose event names, prefix and suffix
    /// match with an `ObjectCreated:Put` event.
    pub async fn put_object(&self, bucket: &str, key: &str, bytes: Vec<u8>) -> Result<String, LocalError> {
        check_key(key)?;
        let now = self.inner.clock.now();
        let object = Object::new(bytes, now);
        let etag = object.etag.clone();
        let size = object.bytes.len();
        {
            let mut buckets = lock(&self.inner.buckets);
            let b = buckets.get_mut(bucket).ok_or_else(|| LocalError::unknown("bucket", bucket))?;
            self.inner.store.save_object(bucket, key, &object)?;
            b.objects.insert(key.to_string(), object);
        }
        self.notify_object(bucket, key, "ObjectCreated:Put", size, &etag, now);
        Ok(etag)
    }

    /// `GetObject`: the bytes, or `None` when the key is absent.
    pub fn get_object(&self, bucket: &str, key: &str) -> Result<Option<Vec<u8>>, LocalError> {
        let buckets = lock(&self.inner.buckets);
        let b = buckets.get(bucket).ok_or_else(|| LocalError::unknown("bucket", bucket))?;
        Ok(b.objects.get(key).map(|o| o.bytes.clone()))
    }

    /// `ListObjectsV2`: keys under `prefix` with their size and ETag, in key order.
    pub fn list_objects(&self, bucket: &str, prefix: &str) -> Result<Vec<(String, usize, String)>, LocalError> {
        let buckets = lock(&self.inner.buckets);
        let b = buckets.get(bucket).ok_or_else(|| LocalError::unknown("bucket", bucket))?;
        Ok(b.list(prefix).into_iter().map(|(k, o)| (k, o.bytes.len(), o.etag.clone())).collect())
    }

    /// `DeleteObject`: removes the key (absent keys are fine, as in S3) and notifies `ObjectRemoved:Delete`
    /// handlers.
    pub async fn delete_object(&self, bucket: &str, key: &str) -> Result<(), LocalError> {
        {
            let mut buckets = lock(&self.inner.buckets);
            let b = buckets.get_mut(bucket).ok_or_else(|| LocalError::unknown("bucket", bucket))?;
            self.inner.store.remove_object(bucket, key)?;
            b.objects.remove(key);
        }
        self.notify_object(bucket, key, "ObjectRemoved:Delete", 0, "", self.inner.clock.now());
        Ok(())
    }

    fn notify_object(&self, bucket: &str, key: &str, event_name: &str, size: usize, etag: &str, now: DateTime<Utc>) {
        let matching: Vec<String> = lock(&self.inner.wiring)
            .notifications
            .iter()
            .filter(|n| n.bucket == bucket && notification_matches(&n.filter, event_name, key))
            .map(|n| n.function.clone())
            .collect();
        for function in matching {
            let event = events::s3(
                &self.inner.names,
                &events::ObjectEvent { bucket, key, event_name, size, etag, time: now, configuration: &function },
            );
            let trigger = Trigger::S3 { bucket: bucket.into(), key: key.into(), event_name: event_name.into() };
            self.inner.spawn_invoke(trigger, function, event);
        }
    }

    // ---- SNS ----

    /// `Publish`: fans the message out to every `#[sns]` subscriber of the topic whose filter policy accepts
    /// the attributes. Returns the message id.
    pub async fn publish(&self, topic: &str, message: &str, attributes: Attributes) -> Result<String, LocalError> {
        self.publish_with_subject(topic, None, message, attributes).await
    }

    pub async fn publish_with_subject(
        &self,
        topic: &str,
        subject: Option<&str>,
        message: &str,
        attributes: Attributes,
    ) -> Result<String, LocalError> {
        if !matches!(self.inner.manifest.resource(topic).map(|r| &r.kind), Some(ResourceKind::Topic(_))) {
            return Err(LocalError::unknown("topic", topic));
        }
        let document = sns::document(&attributes)?;
        let message_id = uuid::Uuid::new_v4().to_string();
        let now = self.inner.clock.now();
        let topic_arn = self.inner.names.topic_arn(topic);
        let subscribers: Vec<String> = lock(&self.inner.wiring)
            .subscriptions
            .iter()
            .filter(|s| s.topic == topic && s.filter.accepts(&document))
            .map(|s| s.function.clone())
            .collect();
        for function in subscribers {
            let event = events::sns(&events::Notification {
                topic_arn: &topic_arn,
                subscriber: &function,
                message_id: &message_id,
                subject,
                message,
                attributes: &attributes,
                time: now,
            });
            self.inner.spawn_invoke(Trigger::Sns { topic: topic.into() }, function, event);
        }
        Ok(message_id)
    }

    // ---- SQS ----

    /// `SendMessage`: queues the message for the `#[sqs]` handlers (batched as their settings say). Returns
    /// the message id.
    pub async fn send(&self, queue: &str, body: &str, attributes: Attributes) -> Result<String, LocalError> {
        sns::check_attributes(&attributes)?;
        let now = self.inner.clock.now();
        let id = {
            let mut queues = lock(&self.inner.queues);
            let q = queues.get_mut(queue).ok_or_else(|| LocalError::unknown("queue", queue))?;
            q.expire(now);
            let id = q.send(body.to_string(), attributes, now).message_id;
            self.inner.store.save_queue(queue, q)?;
            id
        };
        self.inner.pump();
        Ok(id)
    }

    /// The messages in the queue (visible or in flight), oldest first.
    pub fn queue_messages(&self, queue: &str) -> Result<Vec<Message>, LocalError> {
        let queues = lock(&self.inner.queues);
        let q = queues.get(queue).ok_or_else(|| LocalError::unknown("queue", queue))?;
        Ok(q.messages.iter().cloned().collect())
    }

    /// The messages the queue moved to its dead-letter queue, oldest first.
    pub fn dead_letters(&self, queue: &str) -> Result<Vec<Message>, LocalError> {
        let queues = lock(&self.inner.queues);
        let q = queues.get(queue).ok_or_else(|| LocalError::unknown("queue", queue))?;
        Ok(q.dead_letters.clone())
    }

    // ---- DynamoDB ----

    /// `PutItem`: stores the item (DynamoDB JSON) and returns the item it replaced. Writes stream records for
    /// `#[dynamodb_stream]` handlers when the table has a stream.
    pub async fn put_item(&self, table: &str, item: Value) -> Result<Option<Value>, LocalError> {
        let Value::Object(item) = item else { return Err(LocalError::invalid("/Item", "an item is a JSON object")) };
        let (old, keys, new) = {
            let mut tables = lock(&self.inner.tables);
            let (t, _) = tables.get_mut(table).ok_or_else(|| LocalError::unknown("table", table))?;
            let keys = t.key_attributes(&item);
            let old = t.put(item.clone())?;
            self.inner.store.save_table(table, &t.scan())?;
            (old, keys, item)
        };
        let event_name = if old.is_some() { "MODIFY" } else { "INSERT" };
        self.inner.stream(table, event_name, keys, old.clone(), Some(new));
        Ok(old.map(Value::Object))
    }

    /// `UpdateItem` with a `SET`/`REMOVE` expression on top-level attributes; creates the item when absent.
    /// Returns the item as it is now.
    pub async fn update_item(
        &self,
        table: &str,
        key: &Value,
        expression: &str,
        names: &Value,
        values: &Value,
    ) -> Result<Value, LocalError> {
        let key = as_item(key, "/Key")?;
        let empty = serde_json::Map::new();
        let names = names.as_object().unwrap_or(&empty);
        let values = values.as_object().unwrap_or(&empty);
        for (name, v) in values {
            crate::dynamodb::check_item(
                &std::iter::once((name.clone(), v.clone())).collect(),
                "/ExpressionAttributeValues",
            )?;
        }
        let update = crate::update::Update::parse(expression, names, values)?;
        let (old, new) = {
            let mut tables = lock(&self.inner.tables);
            let (t, _) = tables.get_mut(table).ok_or_else(|| LocalError::unknown("table", table))?;
            let (old, new) = t.update(key, &update)?;
            self.inner.store.save_table(table, &t.scan())?;
            (old, new)
        };
        let event_name = if old.is_some() { "MODIFY" } else { "INSERT" };
        self.inner.stream(table, event_name, key.clone(), old, Some(new.clone()));
        Ok(Value::Object(new))
    }

    /// `GetItem` by the full key.
    pub fn get_item(&self, table: &str, key: &Value) -> Result<Option<Value>, LocalError> {
        let key = as_item(key, "/Key")?;
        let tables = lock(&self.inner.tables);
        let (t, _) = tables.get(table).ok_or_else(|| LocalError::unknown("table", table))?;
        Ok(t.get(key)?.cloned().map(Value::Object))
    }

    /// `DeleteItem` by the full key; returns the deleted item.
    pub async fn delete_item(&self, table: &str, key: &Value) -> Result<Option<Value>, LocalError> {
        let key = as_item(key, "/Key")?;
        let old = {
            let mut tables = lock(&self.inner.tables);
            let (t, _) = tables.get_mut(table).ok_or_else(|| LocalError::unknown("table", table))?;
            let old = t.delete(key)?;
            if old.is_some() {
                self.inner.store.save_table(table, &t.scan())?;
            }
            old
        };
        if let Some(old) = &old {
            self.inner.stream(table, "REMOVE", key.clone(), Some(old.clone()), None);
        }
        Ok(old.map(Value::Object))
    }

    /// `Query`: one partition (the partition key's AttributeValue), optionally narrowed by a sort-key condition.
    pub fn query(
        &self,
        table: &str,
        partition: &Value,
        sort: Option<&SortKeyCondition>,
    ) -> Result<Vec<Value>, LocalError> {
        let tables = lock(&self.inner.tables);
        let (t, _) = tables.get(table).ok_or_else(|| LocalError::unknown("table", table))?;
        Ok(t.query(partition, sort)?.into_iter().map(Value::Object).collect())
    }

    /// `Scan`: every item in key order.
    pub fn scan(&self, table: &str) -> Result<Vec<Value>, LocalError> {
        let tables = lock(&self.inner.tables);
        let (t, _) = tables.get(table).ok_or_else(|| LocalError::unknown("table", table))?;
        Ok(t.scan().into_iter().map(Value::Object).collect())
    }

    // ---- EventBridge, alarms, schedules on demand ----

    /// `PutEvents` on the default bus: invokes the functions and starts the state machines whose pattern
    /// matches. Returns how many targets matched.
    pub async fn put_events(&self, entry: BusEvent) -> Result<usize, LocalError> {
        let now = self.inner.clock.now();
        let event = events::eventbridge(&entry.source, &entry.detail_type, &entry.detail, &[], now);
        let targets: Vec<Target> = lock(&self.inner.wiring)
            .rules
            .iter()
            .filter(|r| r.pattern.matches(&event))
            .map(|r| r.target.clone())
            .collect();
        for target in &targets {
            let trigger = Trigger::EventBridge { source: entry.source.clone(), detail_type: entry.detail_type.clone() };
            self.inner.start_target(target, trigger, event.clone())?;
        }
        Ok(targets.len())
    }

    /// `SetAlarmState`: a change into `ALARM` notifies the `#[alarm]` handlers of that alarm (the stack wires
    /// only `AlarmActions`). Returns how many were notified.
    pub async fn set_alarm_state(&self, alarm: &str, state: &str, reason: &str) -> Result<usize, LocalError> {
        if !["OK", "ALARM", "INSUFFICIENT_DATA"].contains(&state) {
            return Err(LocalError::invalid("/StateValue", format!("`{state}` is not OK, ALARM or INSUFFICIENT_DATA")));
        }
        let subscribers: Vec<_> =
            lock(&self.inner.wiring).alarms.iter().filter(|a| a.alarm.name == alarm).cloned().collect();
        if subscribers.is_empty() {
            return Err(LocalError::unknown("alarm", alarm));
        }
        let old = lock(&self.inner.alarm_states)
            .insert(alarm.to_string(), state.to_string())
            .unwrap_or_else(|| "INSUFFICIENT_DATA".into());
        if state != "ALARM" || old == "ALARM" {
            return Ok(0);
        }
        let now = self.inner.clock.now();
        for s in &subscribers {
            let event = events::alarm(&self.inner.names, &s.alarm, &old, state, reason, now);
            self.inner.spawn_invoke(Trigger::Alarm { name: alarm.into() }, s.function.clone(), event);
        }
        Ok(subscribers.len())
    }

    /// Fires the `#[schedule]` of a function or state machine now, as its rule would.
    pub async fn fire(&self, name: &str) -> Result<(), LocalError> {
        let timer = lock(&self.inner.wiring)
            .timers
            .iter()
            .find(|t| {
                matches!(&t.kind, TimerKind::Schedule { .. })
                    && matches!(&t.target, Target::Function(n) | Target::Machine(n) if n == name)
            })
            .cloned();
        let Some(timer) = timer else {
            return Err(LocalError::invalid("", format!("`{name}` has no #[schedule] to fire")));
        };
        self.inner.fire_timer(&timer, self.inner.clock.now())
    }

    // ---- time ----

    /// Waits until every invocation started so far, and every one they caused, has finished.
    pub async fn idle(&self) {
        let mut busy = self.inner.busy.subscribe();
        let _ = busy.wait_for(|n| *n == 0).await;
    }
}

fn as_item<'a>(v: &'a Value, at: &str) -> Result<&'a Item, LocalError> {
    v.as_object().ok_or_else(|| LocalError::invalid(at, "a key is a JSON object of attribute values"))
}

/// S3 keys are 1 to 1,024 bytes of UTF-8.
fn check_key(key: &str) -> Result<(), LocalError> {
    if key.is_empty() || key.len() > 1024 {
        return Err(LocalError::invalid("/Key", "an object key is 1 to 1024 bytes long"));
    }
    Ok(())
}
