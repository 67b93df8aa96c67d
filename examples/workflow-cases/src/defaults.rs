//! Retry defaults on `#[function(retry(..))]`, `#[retry]` on a `join!` branch, and catching a branch's error out
//! of `join!`. The tests mock `flaky` to fail with `Busy` a number of times, in both runs.

#![allow(deprecated)]

use lambdaform::prelude::*;

use crate::data::{Batch, Num};
use crate::steps::{check, double, NumError};

#[derive(Debug, PartialEq, thiserror::Error, FunctionError)]
pub enum BusyError {
    #[error("busy, try again")]
    Busy,
    #[error("{0} refused")]
    Refused(i64),
}

impl From<BusyError> for Failure {
    fn from(e: BusyError) -> Self {
        Failure::from_error(e)
    }
}

/// Every Task invoking it retries `Busy` twice, 3 s then 6 s apart, unless the statement says otherwise.
#[function(retry(on = [Busy], attempts = 2, interval = "3s", backoff = 2.0))]
pub async fn flaky(x: Num) -> Result<Num, BusyError> {
    if x.n < 0 {
        return Err(BusyError::Refused(x.n));
    }
    Ok(Num { n: x.n + 100 })
}

/// The default applies to a plain call.
#[state_machine]
pub async fn defaulted(input: Num) -> Result<Num, Failure> {
    let result = flaky(input).await?;
    Ok(result)
}

/// A statement's `#[retry]` replaces the default.
#[state_machine]
pub async fn overridden(input: Num) -> Result<Num, Failure> {
    #[retry(on = [Busy], attempts = 1)]
    let result = flaky(input).await?;
    Ok(result)
}

/// The default applies to a `join!` branch and a Map iteration too.
#[state_machine]
pub async fn defaulted_everywhere(input: Batch) -> Result<Vec<Num>, Failure> {
    let first = input.items[0].clone();
    let (a, _) = join!(flaky(first.clone()), double(first.clone())).await?;
    let all = map(input.items, flaky).await?;
    Ok(vec![a, all[1].clone()])
}

/// `#[retry]` on one `join!` branch.
#[state_machine]
pub async fn joined_retry(input: Num) -> Result<i64, Failure> {
    let (a, b) = join!(
        #[retry(on = [Busy], attempts = 3, interval = "1s")]
        flaky(input.clone()),
        double(input.clone())
    )
    .await?;
    Ok(a.n + b.n)
}

/// Catching one branch's error by its variant.
#[state_machine]
pub async fn join_caught(input: Num) -> Result<i64, Failure> {
    match join!(check(input.clone()), flaky(Num { n: 1 })).await {
        Ok((a, b)) => Ok(a.n + b.n),
        Err(NumError::Negative(_)) => Ok(-1),
        Err(BusyError::Refused(_) | BusyError::Busy) => Ok(-2),
        Err(_) => Ok(-3),
    }
}
