//! One machine per construct. Each body reads as ordinary Rust; `tests/differential.rs` runs each on inputs
//! that take every path through it.

// The Map cases read their item count from the input, which the macro warns about (the history has no static
// bound); the inputs here are a handful of items.
#![allow(deprecated)]

use std::time::Duration;

use lambdaform::prelude::*;

use crate::data::{Account, Batch, Change, Delay, Key, Num, Pair, Person, Row, Summary, Tier};
use crate::resources::{Events, Jobs, Store};
use crate::steps::{self, ask, check, double, greet, increment, NumError};

/// A single Task.
#[state_machine]
pub async fn one_step(input: Num) -> Result<Num, Failure> {
    let result = double(input).await?;
    Ok(result)
}

/// Steps in sequence, each on the previous result.
#[state_machine]
pub async fn chain(input: Num) -> Result<Num, Failure> {
    let a = double(input).await?;
    let b = increment(a).await?;
    let result = double(b).await?;
    Ok(result)
}

/// Arithmetic, comparison, string building and a struct literal over a step's result.
#[state_machine]
pub async fn expressions(input: Num) -> Result<Summary, Failure> {
    let d = double(input).await?;
    Ok(Summary { label: format!("{} doubled", d.n), value: d.n * 3 - 4, big: d.n >= 100 })
}

/// `if` / `else`: a Choice with a Default.
#[state_machine]
pub async fn branch(input: Num) -> Result<Num, Failure> {
    if input.n > 10 {
        let result = double(input).await?;
        Ok(result)
    } else {
        let result = increment(input).await?;
        Ok(result)
    }
}

/// `if` / `else if` / `else`.
#[state_machine]
pub async fn ranges(input: Num) -> Result<String, Failure> {
    if input.n < 0 {
        Ok("negative".to_string())
    } else if input.n == 0 {
        Ok("zero".to_string())
    } else {
        Ok("positive".to_string())
    }
}

/// `&&`, `||` and `!` in a condition.
#[allow(clippy::nonminimal_bool)] // `!(a != b)` on purpose: the case exercises `!`.
#[state_machine]
pub async fn logic(input: Person) -> Result<bool, Failure> {
    if (input.age >= 18 && input.age < 65) || !(input.name != "root") {
        Ok(true)
    } else {
        Ok(false)
    }
}

/// `match` on integer literals.
#[state_machine]
pub async fn literal_match(input: Num) -> Result<String, Failure> {
    match input.n {
        1 => Ok("one".to_string()),
        2 => Ok("two".to_string()),
        _ => Ok("many".to_string()),
    }
}

/// `match` on a unit enum.
#[state_machine]
pub async fn enum_match(input: Account) -> Result<i64, Failure> {
    match input.tier {
        Tier::Free => Ok(0),
        Tier::Pro => Ok(input.seats * 10),
        Tier::Enterprise => Ok(input.seats * 8 + 500),
    }
}

/// `match` on an `Option`, binding the value.
#[state_machine]
pub async fn option_match(input: Person) -> Result<String, Failure> {
    match input.nickname {
        Some(nick) => Ok(format!("{} aka {}", input.name, nick)),
        None => Ok(input.name),
    }
}

/// `.is_some()` in a condition, then a step.
#[state_machine]
pub async fn option_test(input: Person) -> Result<String, Failure> {
    if input.nickname.is_some() {
        let result = greet(input).await?;
        Ok(result)
    } else {
        Ok("anonymous".to_string())
    }
}

/// `?` on a step that fails: the execution fails with the variant's name.
#[state_machine]
pub async fn propagate(input: Num) -> Result<Num, Failure> {
    let checked = check(input).await?;
    let result = double(checked).await?;
    Ok(result)
}

/// `match` on a step's errors: a Catch per variant and one for the rest.
#[state_machine]
pub async fn catch_variants(input: Num) -> Result<String, Failure> {
    match check(input).await {
        Ok(v) => Ok(format!("ok {}", v.n)),
        Err(NumError::Negative(_)) => Ok("caught negative".to_string()),
        Err(_) => Ok("caught other".to_string()),
    }
}

/// A caught error followed by more steps.
#[state_machine]
pub async fn catch_then_continue(input: Num) -> Result<Num, Failure> {
    let fixed = match check(input).await {
        Ok(v) => v,
        Err(NumError::TooBig(_)) => Num { n: 1000 },
        Err(NumError::Negative(_)) => Num { n: 0 },
    };
    let result = increment(fixed).await?;
    Ok(result)
}

/// `fail(..)`: a Fail state with an error and cause.
#[state_machine]
pub async fn explicit_fail(input: Num) -> Result<Num, Failure> {
    if input.n == 13 {
        return fail("Unlucky", "thirteen is not accepted");
    }
    Ok(input)
}

/// `#[retry]`: retried on one error, then the error stands.
#[state_machine]
pub async fn retried(input: Num) -> Result<Num, Failure> {
    #[retry(on = [TooBig], attempts = 2, interval = "1s", backoff = 2.0)]
    let v = steps::check(input).await?;
    Ok(v)
}

/// `#[retry]` inside a `match` with a Catch after the retries.
#[state_machine]
pub async fn retry_then_catch(input: Num) -> Result<String, Failure> {
    #[retry(on = [TooBig], attempts = 3, interval = "2s", max_delay = "3s")]
    match steps::check(input).await {
        Ok(v) => Ok(format!("fine {}", v.n)),
        Err(_) => Ok("gave up".to_string()),
    }
}

/// `join!`: a Parallel with one branch per step.
#[state_machine]
pub async fn parallel(input: Num) -> Result<Pair, Failure> {
    let (a, b) = join!(double(input.clone()), increment(input.clone())).await?;
    Ok(Pair { left: a.n, right: b.n })
}

/// `join!` with a failing branch.
#[state_machine]
pub async fn parallel_failure(input: Num) -> Result<Pair, Failure> {
    let (a, b) = join!(check(input.clone()), double(input.clone())).await?;
    Ok(Pair { left: a.n, right: b.n })
}

/// `join!` whose failure is caught.
#[state_machine]
pub async fn parallel_caught(input: Num) -> Result<i64, Failure> {
    match join!(check(input.clone()), increment(input.clone())).await {
        Ok((a, b)) => Ok(a.n + b.n),
        Err(_) => Ok(-1),
    }
}

/// `map`: a Map state over a list.
#[state_machine]
pub async fn mapped(input: Batch) -> Result<Vec<Num>, Failure> {
    let result = map(input.items, double).await?;
    Ok(result)
}

/// `map` with a concurrency limit and an item that fails.
#[state_machine]
pub async fn mapped_checked(input: Batch) -> Result<Vec<Num>, Failure> {
    let result = map(input.items, check).max_concurrency(2).await?;
    Ok(result)
}

/// `.len()` on a list in a condition.
#[state_machine]
pub async fn counted(input: Batch) -> Result<String, Failure> {
    if input.items.len() > 2 {
        Ok("many".to_string())
    } else {
        Ok("few".to_string())
    }
}

/// `sleep` for a fixed time between steps.
#[state_machine]
pub async fn waits(input: Num) -> Result<Num, Failure> {
    let a = increment(input).await?;
    sleep(Duration::from_mins(5)).await;
    let result = double(a).await?;
    Ok(result)
}

/// `sleep` for a time read from the input.
#[state_machine]
pub async fn waits_for_input(input: Delay) -> Result<Delay, Failure> {
    sleep(Duration::from_secs(input.seconds)).await;
    Ok(input)
}

/// A callback step: waits for the token's answer.
#[state_machine]
pub async fn callback_step(input: Num) -> Result<Num, Failure> {
    let answer: Num = callback(ask, input).heartbeat(60).timeout(3600).await?;
    let result = double(answer).await?;
    Ok(result)
}

/// DynamoDB put then get.
#[state_machine]
pub async fn table_put_get(input: Row) -> Result<Option<Row>, Failure> {
    Store::put(input.clone()).await?;
    let result = Store::get(Key { id: input.id }).await?;
    Ok(result)
}

/// DynamoDB update then delete, reading in between.
#[state_machine]
pub async fn table_update_delete(input: Row) -> Result<Option<Row>, Failure> {
    Store::put(input.clone()).await?;
    Store::update(Key { id: input.id.clone() }, Change { value: input.value + 1 }).await?;
    let updated: Option<Row> = Store::get(Key { id: input.id.clone() }).await?;
    Store::delete(Key { id: input.id }).await?;
    Ok(updated)
}

/// A get that finds nothing answers `None`.
#[state_machine]
pub async fn table_miss(input: Key) -> Result<Option<Row>, Failure> {
    let result = Store::get(input).await?;
    Ok(result)
}

/// SNS publish.
#[state_machine]
pub async fn publishes(input: Person) -> Result<String, Failure> {
    Events::publish(input.clone()).await?;
    Ok(input.name)
}

/// SQS send.
#[state_machine]
pub async fn sends(input: Num) -> Result<Num, Failure> {
    Jobs::send(input.clone()).await?;
    Ok(input)
}

/// EventBridge put events.
#[state_machine]
pub async fn emits(input: Num) -> Result<Num, Failure> {
    put_events("cases", "Counted", input.clone()).await?;
    Ok(input)
}

/// Another machine, run to its end (`startExecution.sync:2`).
#[state_machine]
pub async fn nested_sync(input: Num) -> Result<Num, Failure> {
    let inner = start_sync::<chain>(input).await?;
    let result = increment(inner).await?;
    Ok(result)
}

/// Another machine, started without waiting.
#[state_machine]
pub async fn nested_async(input: Num) -> Result<Num, Failure> {
    start::<one_step>(input.clone()).await?;
    Ok(input)
}

/// A vec literal built from step results.
#[state_machine]
pub async fn collects(input: Num) -> Result<Vec<i64>, Failure> {
    let a = double(input.clone()).await?;
    let b = increment(input).await?;
    Ok(vec![a.n, b.n, a.n + b.n])
}

/// A Choice inside a caught step's arm.
#[state_machine]
pub async fn nested_branches(input: Num) -> Result<String, Failure> {
    match check(input).await {
        Ok(v) => {
            if v.n > 500 {
                Ok("high".to_string())
            } else {
                Ok("low".to_string())
            }
        }
        Err(_) => fail("OutOfRange", "the number is outside 0..=1000"),
    }
}
