//! Runs one execution to its end on virtual time, the way every figure of this bench is taken.

use lambdaform_asl::exec::{Clock, ExecutionResult, Executor, NoTasks, Status};
use lambdaform_asl::model::StateMachine;
use serde_json::Value;

/// A fixed start, so runs are identical from one round to the next.
pub fn clock() -> Clock {
    let start = chrono::DateTime::parse_from_rfc3339("2024-01-01T00:00:00Z").expect("constant date");
    Clock::Virtual(start.with_timezone(&chrono::Utc))
}

/// A current-thread runtime: executions on virtual time need no timers and no other threads.
pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread().build().expect("a current-thread runtime")
}

pub fn execute(rt: &tokio::runtime::Runtime, machine: StateMachine, input: Value) -> ExecutionResult {
    rt.block_on(Executor::new(machine, NoTasks).with_clock(clock()).start(input))
}

/// Whether `result` is what AWS recorded: status, then output or error and cause.
pub fn reproduces(result: &ExecutionResult, expected: &Value) -> bool {
    let got = result.to_json(false);
    expected["status"] == got["status"]
        && match result.status {
            Status::Succeeded => expected["output"] == got["output"],
            Status::Failed | Status::TimedOut | Status::Aborted => {
                expected["error"] == got["error"] && expected["cause"] == got["cause"]
            }
        }
}
