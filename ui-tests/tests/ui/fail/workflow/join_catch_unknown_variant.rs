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
async fn reserve(order: Order) -> Result<Order, OrderError> {
    Ok(order)
}

// A branch's error is caught by its variant, which must exist on the enum named.
#[state_machine]
async fn order(input: Order) -> Result<u32, OrderError> {
    match join!(validate(input.clone()), reserve(input.clone())).await {
        Ok((a, b)) => Ok(a.amount + b.amount),
        Err(OrderError::Timeout) => Ok(0),
        Err(_) => Ok(1),
    }
}

fn main() {}
