//! The SQS event source mapping: polls each `#[sqs]` queue into batches (size and window), hands them to the
//! handler, and deletes what succeeded (all, or all but the `batchItemFailures`).

use std::collections::BTreeSet;
use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use serde_json::Value;

use crate::events;
use crate::local::{lock, Inner};
use crate::log::{LogEntry, Trigger};
use crate::sqs::Message;
use crate::LocalError;

/// Batches one SQS mapping may have out at once (Lambda starts with five pollers).
const MAX_BATCHES_PER_MAPPING: usize = 5;

impl Inner {
    pub(crate) fn pump_queues(self: &Arc<Self>, now: DateTime<Utc>) {
        let mut batches = Vec::new();
        {
            let mut wiring = lock(&self.wiring);
            let mut queues = lock(&self.queues);
            let mut changed = BTreeSet::new();
            for (index, mapping) in wiring.mappings.iter_mut().enumerate() {
                let Some(queue) = queues.get_mut(&mapping.queue) else { continue };
                queue.expire(now);
                while mapping.in_flight < MAX_BATCHES_PER_MAPPING {
                    let visible = queue.visible(now);
                    if visible == 0 {
                        mapping.window_started = None;
                        break;
                    }
                    if mapping.window_s > 0 && visible < mapping.batch_size {
                        let started = *mapping.window_started.get_or_insert(now);
                        if now < started + Duration::seconds(i64::from(mapping.window_s)) {
                            break;
                        }
                    }
                    let (received, dead) = queue.receive(mapping.batch_size, now);
                    changed.insert(mapping.queue.clone());
                    for m in &dead {
                        let entry = LogEntry::DeadLetter {
                            queue: mapping.queue.clone(),
                            message_id: m.message_id.clone(),
                            receive_count: m.receive_count,
                        };
                        self.log.push(now, entry);
                    }
                    if received.is_empty() {
                        continue;
                    }
                    mapping.window_started = None;
                    mapping.in_flight += 1;
                    batches.push((
                        index,
                        mapping.function.clone(),
                        mapping.queue.clone(),
                        mapping.partial_failures,
                        received,
                    ));
                }
            }
            for name in changed {
                if let Some(q) = queues.get(&name) {
                    if let Err(e) = self.store.save_queue(&name, q) {
                        self.log_store_error(now, &name, &e);
                    }
                }
            }
        }
        for (index, function, queue, partial, messages) in batches {
            let inner = self.clone();
            self.track(async move { inner.run_batch(index, function, queue, partial, messages).await });
        }
    }

    async fn run_batch(
        self: Arc<Self>,
        index: usize,
        function: String,
        queue: String,
        partial: bool,
        messages: Vec<Message>,
    ) {
        let event = events::sqs(&self.names.queue_arn(&queue), &messages);
        let trigger = Trigger::Sqs { queue: queue.clone(), messages: messages.len() };
        let result = self.invoke_logged(trigger, &function, event).await;
        let done: Vec<&Message> = match &result {
            Err(_) => Vec::new(),
            Ok(response) if partial => match reported_failures(response, &messages) {
                Some(failed) => messages.iter().filter(|m| !failed.contains(m.message_id.as_str())).collect(),
                // A malformed report fails the whole batch, as Lambda does.
                None => Vec::new(),
            },
            Ok(_) => messages.iter().collect(),
        };
        {
            let mut wiring = lock(&self.wiring);
            let mut queues = lock(&self.queues);
            if let Some(q) = queues.get_mut(&queue) {
                for m in done {
                    q.delete(&m.message_id, &m.receipt_handle);
                }
                if let Err(e) = self.store.save_queue(&queue, q) {
                    self.log_store_error(self.clock.now(), &queue, &e);
                }
            }
            if let Some(mapping) = wiring.mappings.get_mut(index) {
                mapping.in_flight -= 1;
            }
        }
        self.pump();
    }

    fn log_store_error(&self, now: DateTime<Utc>, queue: &str, e: &LocalError) {
        let entry = LogEntry::Failed { what: format!("saving queue `{queue}`"), message: e.to_string() };
        self.log.push(now, entry);
    }
}

/// SQS messages a partial-failure response reports (`batchItemFailures`); `None` when the report names a
/// message not in the batch or is not of that shape. A null or empty response means all succeeded.
fn reported_failures<'a>(response: &Value, messages: &'a [Message]) -> Option<BTreeSet<&'a str>> {
    let failures = match response {
        Value::Null => return Some(BTreeSet::new()),
        Value::Object(m) => match m.get("batchItemFailures") {
            None | Some(Value::Null) => return Some(BTreeSet::new()),
            Some(Value::Array(items)) => items,
            Some(_) => return None,
        },
        _ => return Some(BTreeSet::new()),
    };
    let mut out = BTreeSet::new();
    for f in failures {
        let id = f.get("itemIdentifier").and_then(Value::as_str)?;
        out.insert(messages.iter().find(|m| m.message_id == id)?.message_id.as_str());
    }
    Some(out)
}
