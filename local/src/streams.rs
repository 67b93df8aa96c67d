//! A `#[dynamodb_stream]` consumer: records in order, delivered in batches; a failed batch blocks the shard and
//! is retried with backoff until it succeeds or its records pass the stream's 24-hour retention.

use std::collections::VecDeque;

use chrono::{DateTime, Duration, Utc};
use serde_json::Value;

/// How long a stream keeps a record.
const RETENTION_HOURS: i64 = 24;
/// Retries back off from one second, doubling, up to this.
const MAX_BACKOFF_S: i64 = 60;

#[derive(Debug, Clone, PartialEq)]
pub struct StreamConsumer {
    pub function: String,
    pub batch_size: usize,
    pending: VecDeque<(DateTime<Utc>, Value)>,
    in_flight: usize,
    /// The size of the last batch; a retry delivers exactly the same records.
    last_batch: usize,
    retry_at: Option<DateTime<Utc>>,
    failures: u32,
}

impl StreamConsumer {
    pub fn new(function: String, batch_size: usize) -> StreamConsumer {
        StreamConsumer {
            function,
            batch_size,
            pending: VecDeque::new(),
            in_flight: 0,
            last_batch: 0,
            retry_at: None,
            failures: 0,
        }
    }

    pub fn push(&mut self, time: DateTime<Utc>, record: Value) {
        self.pending.push_back((time, record));
    }

    /// The next batch to deliver, if no batch is out and no retry is waiting.
    pub fn take_batch(&mut self, now: DateTime<Utc>) -> Option<Vec<Value>> {
        let oldest = now - Duration::hours(RETENTION_HOURS);
        self.pending.retain(|(t, _)| *t > oldest);
        if self.in_flight > 0 || self.pending.is_empty() || self.retry_at.is_some_and(|t| t > now) {
            return None;
        }
        let size = if self.failures > 0 { self.last_batch } else { self.batch_size };
        self.in_flight = size.min(self.pending.len());
        self.last_batch = self.in_flight;
        Some(self.pending.iter().take(self.in_flight).map(|(_, r)| r.clone()).collect())
    }

    /// Ends the batch out: on success its records are done; on failure they are kept and retried later.
    pub fn finish(&mut self, ok: bool, now: DateTime<Utc>) {
        if ok {
            let n = self.in_flight.min(self.pending.len());
            self.pending.drain(..n);
            self.failures = 0;
            self.retry_at = None;
        } else {
            self.failures += 1;
            let backoff = (1i64 << self.failures.min(10)).min(MAX_BACKOFF_S * 2) / 2;
            self.retry_at = Some(now + Duration::seconds(backoff.clamp(1, MAX_BACKOFF_S)));
        }
        self.in_flight = 0;
    }

    /// When a waiting retry falls due.
    pub fn due_at(&self) -> Option<DateTime<Utc>> {
        self.retry_at.filter(|_| !self.pending.is_empty() && self.in_flight == 0)
    }
}
