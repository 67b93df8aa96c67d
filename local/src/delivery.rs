//! Delivery: running handlers with the event log around them (retrying failed asynchronous invocations),
//! firing timers, and feeding stream records to their consumers. What is due is decided by `pump`; queues
//! are polled in `poller.rs`, time moves in `time.rs`.

use std::future::Future;
use std::sync::Arc;
use std::time::Instant;

use chrono::{DateTime, Duration, Utc};
use serde_json::Value;

use crate::dynamodb::Item;
use crate::events;
use crate::local::{lock, Inner};
use crate::log::{LogEntry, Outcome, Trigger};
use crate::triggers::{Target, Timer, TimerKind};
use crate::{InvokeFailure, LocalError};

/// Lambda retries a failed asynchronous invocation twice, one minute and then two minutes later.
const ASYNC_RETRY_DELAYS_S: [i64; 2] = [60, 120];

/// A failed asynchronous invocation waiting for its next attempt.
pub(crate) struct Retry {
    pub(crate) due: DateTime<Utc>,
    attempt: usize,
    trigger: Trigger,
    function: String,
    event: Value,
}

impl Inner {
    /// Runs `work` on the runtime, counted as busy until it ends.
    pub(crate) fn track(self: &Arc<Self>, work: impl Future<Output = ()> + Send + 'static) {
        self.busy.send_modify(|n| *n += 1);
        let inner = self.clone();
        tokio::spawn(async move {
            work.await;
            inner.busy.send_modify(|n| *n -= 1);
        });
    }

    /// Invokes a handler and logs one record for it.
    pub(crate) async fn invoke_logged(
        self: &Arc<Self>,
        trigger: Trigger,
        function: &str,
        event: Value,
    ) -> Result<Value, InvokeFailure> {
        let started = Instant::now();
        let result = self.invoker.invoke(function, event).await;
        let outcome = match &result {
            Ok(response) => match failed_items(&trigger, response) {
                0 => Outcome::Ok,
                failed => Outcome::PartialFailure { failed },
            },
            Err(e) => Outcome::Error { error_type: e.error_type.clone(), error_message: e.error_message.clone() },
        };
        let entry = LogEntry::Invocation {
            trigger,
            function: function.to_string(),
            request_id: uuid::Uuid::new_v4().to_string(),
            outcome,
            duration_ms: started.elapsed().as_millis() as u64,
        };
        self.log.push(self.clock.now(), entry);
        result
    }

    /// An asynchronous invocation (S3, SNS, EventBridge, schedules, alarms): fire and log; a failure is retried
    /// twice, as Lambda does.
    pub(crate) fn spawn_invoke(self: &Arc<Self>, trigger: Trigger, function: String, event: Value) {
        self.spawn_attempt(0, trigger, function, event);
    }

    fn spawn_attempt(self: &Arc<Self>, attempt: usize, trigger: Trigger, function: String, event: Value) {
        let inner = self.clone();
        self.track(async move {
            let failed = inner.invoke_logged(trigger.clone(), &function, event.clone()).await.is_err();
            if let (true, Some(delay)) = (failed, ASYNC_RETRY_DELAYS_S.get(attempt)) {
                let due = inner.clock.now() + Duration::seconds(*delay);
                lock(&inner.retries).push(Retry { due, attempt: attempt + 1, trigger, function, event });
            }
        });
    }

    fn pump_retries(self: &Arc<Self>, now: DateTime<Utc>) {
        let due: Vec<Retry> = {
            let mut retries = lock(&self.retries);
            let (due, waiting) = std::mem::take(&mut *retries).into_iter().partition(|r| r.due <= now);
            *retries = waiting;
            due
        };
        for r in due {
            self.spawn_attempt(r.attempt, r.trigger, r.function, r.event);
        }
    }

    /// Invokes a function or starts a state machine execution with `event` as its input.
    pub(crate) fn start_target(
        self: &Arc<Self>,
        target: &Target,
        trigger: Trigger,
        event: Value,
    ) -> Result<(), LocalError> {
        match target {
            Target::Function(f) => {
                self.spawn_invoke(trigger, f.clone(), event);
                Ok(())
            }
            Target::Machine(m) => self.start_execution(m, event, None).map(|_| ()),
        }
    }

    pub(crate) fn fire_timer(self: &Arc<Self>, timer: &Timer, now: DateTime<Utc>) -> Result<(), LocalError> {
        let owner = match &timer.target {
            Target::Function(n) | Target::Machine(n) => n,
        };
        match &timer.kind {
            TimerKind::Schedule { input } => {
                let event = match input {
                    Some(input) => input.clone(),
                    None => events::scheduled(&self.names.rule_arn(owner, "schedule"), now),
                };
                self.start_target(&timer.target, Trigger::Schedule { expression: timer.expression.clone() }, event)
            }
            TimerKind::Warmup { concurrency } => {
                let ping: Value = serde_json::from_str(lambdaform_manifest::limits::WARMUP_PAYLOAD).unwrap_or_default();
                for _ in 0..*concurrency {
                    let trigger = Trigger::Warmup { expression: timer.expression.clone() };
                    self.start_target(&timer.target, trigger, ping.clone())?;
                }
                Ok(())
            }
        }
    }

    /// Adds a change of an item to the table's stream, for each consumer.
    pub(crate) fn stream(
        self: &Arc<Self>,
        table: &str,
        event_name: &str,
        keys: Item,
        old: Option<Item>,
        new: Option<Item>,
    ) {
        let view = match self.manifest.resource(table).map(|r| &r.kind) {
            Some(lambdaform_manifest::ResourceKind::Table(t)) => t.stream,
            _ => None,
        };
        let Some(view) = view else { return };
        let now = self.clock.now();
        let sequence = {
            let mut tables = lock(&self.tables);
            let Some((_, seq)) = tables.get_mut(table) else { return };
            *seq += 1;
            *seq
        };
        let record = events::dynamodb_record(&events::Change {
            stream_arn: &self.names.stream_arn(table),
            event_name,
            view,
            keys: Value::Object(keys),
            old: old.map(Value::Object),
            new: new.map(Value::Object),
            sequence,
            time: now,
        });
        {
            let mut wiring = lock(&self.wiring);
            for (_, consumer) in wiring.consumers.iter_mut().filter(|(t, _)| t == table) {
                consumer.push(now, record.clone());
            }
        }
        self.pump();
    }

    /// Delivers whatever is due now: timers, queue batches, stream batches.
    pub(crate) fn pump(self: &Arc<Self>) {
        let now = self.clock.now();
        self.pump_timers(now);
        self.pump_retries(now);
        self.pump_queues(now);
        self.pump_streams(now);
    }

    fn pump_timers(self: &Arc<Self>, now: DateTime<Utc>) {
        let due: Vec<Timer> = {
            let mut wiring = lock(&self.wiring);
            let created = self.created;
            wiring
                .timers
                .iter_mut()
                .filter(|t| t.next.is_some_and(|n| n <= now))
                .map(|t| {
                    let fired = t.clone();
                    t.next = t.schedule.next_after(created, now);
                    fired
                })
                .collect()
        };
        for timer in due {
            if let Err(e) = self.fire_timer(&timer, now) {
                // A timer has no caller to answer; a failed start is what the log is for.
                let entry =
                    LogEntry::Failed { what: format!("schedule `{}`", timer.expression), message: e.to_string() };
                self.log.push(now, entry);
            }
        }
    }

    fn pump_streams(self: &Arc<Self>, now: DateTime<Utc>) {
        let batches: Vec<(usize, String, String, Vec<Value>)> = {
            let mut wiring = lock(&self.wiring);
            wiring
                .consumers
                .iter_mut()
                .enumerate()
                .filter_map(|(i, (table, c))| c.take_batch(now).map(|b| (i, table.clone(), c.function.clone(), b)))
                .collect()
        };
        for (index, table, function, records) in batches {
            let inner = self.clone();
            self.track(async move {
                let trigger = Trigger::DynamodbStream { table, records: records.len() };
                let ok = inner.invoke_logged(trigger, &function, events::dynamodb(&records)).await.is_ok();
                if let Some((_, c)) = lock(&inner.wiring).consumers.get_mut(index) {
                    c.finish(ok, inner.clock.now());
                }
                inner.pump();
            });
        }
    }
}

fn failed_items(trigger: &Trigger, response: &Value) -> usize {
    match trigger {
        Trigger::Sqs { .. } => response.get("batchItemFailures").and_then(Value::as_array).map_or(0, Vec::len),
        _ => 0,
    }
}
