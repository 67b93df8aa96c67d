//! The execution history, shaped like `GetExecutionHistory` events.

use std::sync::Mutex;

use chrono::{DateTime, Utc};
use serde_json::{json, Map, Value};

/// AWS's quota of events in one execution history.
pub const MAX_EVENTS: usize = 25_000;

/// One history event.
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryEvent {
    pub id: u64,
    pub previous_event_id: u64,
    pub timestamp: DateTime<Utc>,
    /// e.g. `PassStateEntered`.
    pub kind: String,
    /// e.g. `stateEnteredEventDetails`, with its content.
    pub details: Option<(String, Value)>,
}

impl HistoryEvent {
    /// The event as `GetExecutionHistory` returns it.
    pub fn to_json(&self) -> Value {
        let mut m = Map::new();
        m.insert("timestamp".into(), json!(super::clock::iso(self.timestamp)));
        m.insert("type".into(), json!(self.kind));
        m.insert("id".into(), json!(self.id));
        m.insert("previousEventId".into(), json!(self.previous_event_id));
        if let Some((k, v)) = &self.details {
            m.insert(k.clone(), v.clone());
        }
        Value::Object(m)
    }
}

/// Appends events with increasing ids; shared by every branch of an execution.
#[derive(Debug, Default)]
pub struct History {
    events: Mutex<Vec<HistoryEvent>>,
}

/// Where a branch of execution is: its last event id and its own (virtual) time.
#[derive(Debug, Clone, Copy)]
pub struct Trace {
    pub prev: u64,
    pub now: DateTime<Utc>,
}

impl History {
    /// Records an event after `trace.prev` and returns its id; `None` once the quota is used up.
    pub fn record(&self, trace: &mut Trace, kind: &str, details: Option<(&str, Value)>) -> Option<u64> {
        let mut events = self.events.lock().unwrap_or_else(|e| e.into_inner());
        if events.len() >= MAX_EVENTS {
            return None;
        }
        let id = events.len() as u64 + 1;
        events.push(HistoryEvent {
            id,
            previous_event_id: trace.prev,
            timestamp: trace.now,
            kind: kind.to_string(),
            details: details.map(|(k, v)| (k.to_string(), v)),
        });
        trace.prev = id;
        Some(id)
    }

    pub fn len(&self) -> usize {
        self.events.lock().unwrap_or_else(|e| e.into_inner()).len()
    }

    pub fn snapshot(&self) -> Vec<HistoryEvent> {
        self.events.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_increase_and_link_to_the_branch_before() {
        let h = History::default();
        let now = Utc::now();
        let mut main = Trace { prev: 0, now };
        assert_eq!(h.record(&mut main, "ExecutionStarted", None), Some(1));
        let mut branch = main;
        assert_eq!(h.record(&mut main, "A", None), Some(2));
        assert_eq!(h.record(&mut branch, "B", Some(("bEventDetails", json!({"x": 1})))), Some(3));
        let events = h.snapshot();
        assert_eq!(events[2].previous_event_id, 1);
        assert_eq!(events[2].to_json()["bEventDetails"]["x"], 1);
        assert_eq!(h.len(), 3);
    }
}
