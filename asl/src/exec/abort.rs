//! `...Aborted` events: a Map iteration or a Parallel / Map state stopped before it ended, because a
//! sibling failed (its future is dropped) or the execution timed out.

use std::sync::{Arc, Mutex};

use serde_json::Value;

use super::history::Trace;
use super::run::{Run, Thread};

/// The last event and time of one line of execution, readable after its future is gone.
pub(crate) type Tip = Arc<Mutex<Trace>>;

pub(crate) fn read(tip: &Tip) -> Trace {
    *tip.lock().unwrap_or_else(|e| e.into_inner())
}

pub(crate) fn write(tip: &Tip, trace: Trace) {
    *tip.lock().unwrap_or_else(|e| e.into_inner()) = trace;
}

/// What an aborted event follows in history.
#[derive(Clone, Copy)]
pub(crate) enum After {
    /// The aborted line's own last event (a Map iteration).
    Own,
    /// Everything recorded so far, children's aborted events included (a Parallel or Map state).
    Children,
}

/// Records its event when dropped while armed: the future holding it was cancelled mid-way.
pub(crate) struct AbortGuard {
    run: Arc<Run>,
    tip: Tip,
    after: After,
    kind: &'static str,
    details: Option<(&'static str, Value)>,
}

impl AbortGuard {
    pub fn new(
        run: &Arc<Run>,
        th: &Thread,
        after: After,
        kind: &'static str,
        details: Option<(&'static str, Value)>,
    ) -> Self {
        AbortGuard { run: run.clone(), tip: th.tip.clone(), after, kind, details }
    }

    /// The guarded work ended normally: record nothing.
    pub fn disarm(mut self) {
        self.kind = "";
    }

    /// Records the aborted event now, on `th` (the execution timed out inside the guarded work).
    pub fn abort(mut self, th: &mut Thread) {
        write(&th.tip, th.trace);
        self.record();
        th.trace = read(&th.tip);
        self.kind = "";
    }

    fn record(&mut self) {
        let mut trace = read(&self.tip);
        if let After::Children = self.after {
            trace.prev = self.run.history.len() as u64;
        }
        // At the history quota there is no room left; the execution is failing anyway.
        let _ = self.run.history.record(&mut trace, self.kind, self.details.take());
        write(&self.tip, trace);
    }
}

impl Drop for AbortGuard {
    fn drop(&mut self) {
        if !self.kind.is_empty() {
            self.record();
        }
    }
}
