//! A counter loop, Choice → Pass → Choice ..., up to and beyond the 25,000-event history.

use lambdaform_asl::exec::ExecutionResult;
use lambdaform_asl::model::StateMachine;
use serde_json::json;

use crate::limit::{largest_fitting, timed};
use crate::run::{execute, runtime};

fn machine() -> StateMachine {
    StateMachine::from_value(json!({
        "StartAt": "Init",
        "States": {
            "Init": {"Type": "Pass", "Parameters": {"i": 0, "n.$": "$.n"}, "Next": "Check"},
            "Check": {
                "Type": "Choice",
                "Choices": [{"Variable": "$.i", "NumericLessThanPath": "$.n", "Next": "Step"}],
                "Default": "Done"
            },
            "Step": {"Type": "Pass", "Parameters": {"i.$": "States.MathAdd($.i, 1)", "n.$": "$.n"}, "Next": "Check"},
            "Done": {"Type": "Succeed"}
        }
    }))
    .expect("the loop bench definition parses")
}

/// States entered for `n` turns: Init, n + 1 Checks, n Steps, Done.
fn transitions(n: usize) -> usize {
    2 * n + 3
}

fn run_loop(n: usize) -> ExecutionResult {
    let rt = runtime();
    execute(&rt, machine(), json!({"n": n}))
}

fn entered(result: &ExecutionResult) -> usize {
    result.history.iter().filter(|e| e.kind.ends_with("StateEntered")).count()
}

pub fn report(wanted: usize) {
    // The smallest turn count whose run makes at least `wanted` transitions.
    let turns = wanted.saturating_sub(3).div_ceil(2);
    let (spent, result) = timed(1, || run_loop(turns));
    println!("\n== Loop: Pass/Choice counter, {} transitions asked ==", transitions(turns));
    println!(
        "{} transitions: {} {} after {} events ({} states entered), {:.1} ms",
        transitions(turns),
        result.status.as_str(),
        result.error.as_deref().unwrap_or(""),
        result.history.len(),
        entered(&result),
        spent.as_secs_f64() * 1e3
    );
    if let Some(cause) = &result.cause {
        println!("  cause: {cause}");
    }
    let fits = match largest_fitting(run_loop) {
        Ok(n) => n,
        Err(e) => return println!("largest loop that fits: {e}"),
    };
    let (spent, result) = timed(3, || run_loop(fits));
    let count = entered(&result);
    println!(
        "largest loop that fits: {count} transitions, {} in {:.1} ms, {:.0} transitions/s, {} events; one more turn: {}",
        result.status.as_str(),
        spent.as_secs_f64() * 1e3,
        count as f64 / spent.as_secs_f64(),
        result.history.len(),
        run_loop(fits + 1).error.as_deref().unwrap_or("succeeds")
    );
}
