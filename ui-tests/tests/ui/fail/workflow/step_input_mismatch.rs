use lambdaform::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Serialize, Deserialize)]
struct Order {
    id: String,
    amount: u32,
}

#[derive(Debug, FunctionError)]
enum OrderError {
    Invalid,
    Declined,
}

impl std::fmt::Display for OrderError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{self:?}")
    }
}

impl From<Failure> for OrderError {
    fn from(_: Failure) -> Self {
        OrderError::Declined
    }
}

#[function]
async fn validate(order: Order) -> Result<Order, OrderError> {
    Ok(order)
}

#[function]
async fn charge(amount: u32) -> Result<u32, OrderError> {
    Ok(amount)
}

// `charge` takes the amount, not the order: rustc rejects the data flow between the steps.
#[state_machine]
async fn order(input: Order) -> Result<u32, OrderError> {
    let checked = validate(input).await?;
    let paid = charge(checked).await?;
    Ok(paid)
}

fn main() {}
