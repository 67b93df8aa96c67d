//! The event log: one structured record per invocation (and per dead-lettered message or finished
//! execution), broadcast to whoever prints it and kept for a while for tests and `--json` tails.

use std::collections::VecDeque;
use std::sync::Mutex;

use chrono::{DateTime, Utc};
use serde::Serialize;
use tokio::sync::broadcast;

/// How many records [`EventLog::recent`] keeps; older ones are only in the broadcast.
const RECENT: usize = 10_000;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LogRecord {
    pub time: DateTime<Utc>,
    #[serde(flatten)]
    pub entry: LogEntry,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "record", rename_all = "snake_case")]
pub enum LogEntry {
    /// One run of a handler.
    Invocation { trigger: Trigger, function: String, request_id: String, outcome: Outcome, duration_ms: u64 },
    /// A message received more often than its queue's `dlq_max_receive` went to the dead-letter queue.
    DeadLetter { queue: String, message_id: String, receive_count: u32 },
    /// A state machine execution started (`RUNNING`) or ended (`SUCCEEDED`, `FAILED`, `TIMED_OUT`).
    Execution { machine: String, execution_arn: String, status: String },
    /// A callback task (`.waitForTaskToken`) handed out its token and waits for `SendTaskSuccess` or
    /// `SendTaskFailure` with it.
    Callback { execution_arn: String, state: String, task_token: String },
    /// Work with no caller to answer that could not be done: a scheduled execution that would not start, a
    /// queue that could not be persisted.
    Failed { what: String, message: String },
}

/// What made a handler run.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Trigger {
    S3 {
        bucket: String,
        key: String,
        event_name: String,
    },
    Sns {
        topic: String,
    },
    Sqs {
        queue: String,
        messages: usize,
    },
    DynamodbStream {
        table: String,
        records: usize,
    },
    Schedule {
        expression: String,
    },
    Warmup {
        expression: String,
    },
    EventBridge {
        source: String,
        detail_type: String,
    },
    Alarm {
        name: String,
    },
    /// A Task state of a state machine execution.
    Task {
        execution_arn: String,
        state: String,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Outcome {
    Ok,
    /// The handler answered, but reported these SQS messages as failed (`batchItemFailures`).
    PartialFailure {
        failed: usize,
    },
    Error {
        error_type: String,
        error_message: String,
    },
}

/// A broadcast channel of [`LogRecord`]s plus the most recent ones.
#[derive(Debug)]
pub struct EventLog {
    sender: broadcast::Sender<LogRecord>,
    recent: Mutex<VecDeque<LogRecord>>,
}

impl Default for EventLog {
    fn default() -> Self {
        EventLog { sender: broadcast::channel(4096).0, recent: Mutex::default() }
    }
}

impl EventLog {
    pub fn subscribe(&self) -> broadcast::Receiver<LogRecord> {
        self.sender.subscribe()
    }

    /// The last records, oldest first.
    pub fn recent(&self) -> Vec<LogRecord> {
        self.recent.lock().unwrap_or_else(|e| e.into_inner()).iter().cloned().collect()
    }

    pub(crate) fn push(&self, time: DateTime<Utc>, entry: LogEntry) {
        let record = LogRecord { time, entry };
        {
            let mut recent = self.recent.lock().unwrap_or_else(|e| e.into_inner());
            if recent.len() == RECENT {
                recent.pop_front();
            }
            recent.push_back(record.clone());
        }
        // Nobody listening is fine: the record is in `recent`.
        let _ = self.sender.send(record);
    }
}
