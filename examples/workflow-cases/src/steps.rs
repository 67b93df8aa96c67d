//! The steps the cases call.

use lambdaform::prelude::*;
use lambdaform::workflow::Failure;

use crate::data::{Num, Person};

#[derive(Debug, PartialEq, thiserror::Error, FunctionError)]
pub enum NumError {
    #[error("{0} is negative")]
    Negative(i64),
    #[error("{0} is over 1000")]
    TooBig(i64),
}

impl From<NumError> for Failure {
    fn from(e: NumError) -> Self {
        Failure::from_error(e)
    }
}

#[function]
pub async fn double(x: Num) -> Result<Num, NumError> {
    Ok(Num { n: x.n * 2 })
}

#[function]
pub async fn increment(x: Num) -> Result<Num, NumError> {
    Ok(Num { n: x.n + 1 })
}

/// Accepts 0..=1000.
#[function]
pub async fn check(x: Num) -> Result<Num, NumError> {
    match x.n {
        n if n < 0 => Err(NumError::Negative(n)),
        n if n > 1000 => Err(NumError::TooBig(n)),
        _ => Ok(x),
    }
}

#[function]
pub async fn greet(p: Person) -> Result<String, NumError> {
    Ok(match p.nickname {
        Some(nick) => format!("hi {nick}"),
        None => format!("hello {}", p.name),
    })
}

/// A callback step: hands the token on (here: nowhere) and returns.
#[function]
pub async fn ask(request: Callback<Num, Num>) -> Result<(), NumError> {
    if request.input.n < 0 {
        return Err(NumError::Negative(request.input.n));
    }
    Ok(())
}
