//! A static upper bound on an execution's history events, compared with AWS's 25,000 per execution. Counts follow
//! the events Step Functions writes per state (entered/exited, plus scheduled/started/succeeded for a task and
//! three more per retry attempt); a path's bound is the sum of its states, a Choice the largest arm.

use super::ir::*;

pub const MAX_HISTORY_EVENTS: u64 = 25_000;

/// ExecutionStarted and ExecutionSucceeded/Failed.
const EXECUTION: u64 = 2;
/// StateEntered and StateExited.
const STATE: u64 = 2;
/// Scheduled, Started, Succeeded.
const TASK: u64 = 3;
/// Each retry adds a scheduled, a started and a failed event.
const RETRY: u64 = 3;

/// The bound, or `None` when a Map's item count is unknown (the history then depends on the input).
pub fn history_bound(w: &Workflow) -> Option<u64> {
    Some(EXECUTION + STATE + block(&w.body)?)
}

fn block(b: &[Stmt]) -> Option<u64> {
    b.iter().try_fold(0u64, |sum, s| Some(sum.saturating_add(stmt(s)?)))
}

fn stmt(s: &Stmt) -> Option<u64> {
    match s {
        Stmt::Let { value, .. } => match value {
            Value::Expr { .. } => Some(STATE),
            Value::Action(a) => action(a),
            Value::Choice(c) => choice(c),
            Value::Try(t) => try_(t),
        },
        Stmt::Choice(c) => choice(c),
        Stmt::Try(t) => try_(t),
        Stmt::Return { .. } | Stmt::Fail { .. } => Some(STATE),
    }
}

fn choice(c: &Choice) -> Option<u64> {
    let mut worst = 0;
    for arm in c.arms.iter().chain(c.default.as_deref()) {
        // A default arm with bindings goes through one Pass state first.
        let binds = if arm.binds.is_empty() { 0 } else { STATE };
        worst = worst.max(block(&arm.body)? + binds);
    }
    Some(STATE + worst)
}

fn try_(t: &Try) -> Option<u64> {
    let mut worst = block(&t.ok)?;
    for c in &t.catches {
        worst = worst.max(block(&c.body)?);
    }
    Some(action(&t.action)?.saturating_add(worst))
}

fn action(a: &Action) -> Option<u64> {
    let retries = a.retry.as_ref().map_or(0, |r| u64::from(r.attempts) * RETRY);
    let task = STATE + TASK;
    let own = match &a.kind {
        ActionKind::Invoke { .. }
        | ActionKind::Dynamo { .. }
        | ActionKind::Publish { .. }
        | ActionKind::Send { .. } => task,
        ActionKind::PutEvents { .. } | ActionKind::Start { .. } => task,
        // TaskSubmitted, then the wait for the token.
        ActionKind::Callback { .. } => task + 1,
        // ParallelStateStarted/Succeeded around the branches.
        ActionKind::Parallel(branches) => {
            let retries: u64 =
                branches.iter().filter_map(|b| b.retry.as_ref()).map(|r| u64::from(r.attempts) * RETRY).sum();
            STATE + 2 + task * branches.len() as u64 + retries
        }
        // Distributed: MapRunStarted/Succeeded; the iterations are child executions with their own histories.
        ActionKind::Map { distributed: true, .. } => STATE + 2,
        // MapStateStarted/Succeeded, then per item an iteration's started/succeeded and its task.
        ActionKind::Map { count, .. } => STATE + 2 + count.as_ref()? * (2 + task),
        ActionKind::Wait(_) => STATE,
    };
    Some(own.saturating_add(retries))
}
