//! Finds the largest workload that still fits in the 25,000-event history, and times runs.

use std::time::{Duration, Instant};

use lambdaform_asl::exec::{ExecutionResult, MAX_EVENTS};

/// The largest size whose run fits the history quota. Every unit of work adds the same number of
/// events, so sizes 1 and 2 give an estimate; it is then moved until it fits and one more does not.
pub fn largest_fitting(run: impl Fn(usize) -> ExecutionResult) -> Result<usize, String> {
    let (one, two) = (run(1).history.len(), run(2).history.len());
    let per_unit = two.checked_sub(one).filter(|&d| d > 0).ok_or("the history does not grow with the size")?;
    let mut n = (MAX_EVENTS - (one - per_unit)) / per_unit;
    while run(n).error.is_some() {
        n = n.checked_sub(1).ok_or("even size 0 does not fit")?;
    }
    while run(n + 1).error.is_none() {
        n += 1;
    }
    Ok(n)
}

/// Runs `f` `runs` times; the mean duration and the last result.
pub fn timed<T>(runs: u32, mut f: impl FnMut() -> T) -> (Duration, T) {
    let started = Instant::now();
    let mut last = f();
    for _ in 1..runs {
        last = f();
    }
    (started.elapsed() / runs, last)
}
