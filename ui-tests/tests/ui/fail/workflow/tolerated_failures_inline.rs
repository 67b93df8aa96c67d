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

// Tolerated failures belong to a distributed Map.
#[state_machine]
async fn order(input: Vec<Order>) -> Result<Vec<Order>, Failure> {
    let checked = map(input, validate).tolerated_failures(1).await?;
    Ok(checked)
}

// A percentage is 0 to 100.
#[state_machine]
async fn order_pct(input: Vec<Order>) -> Result<Vec<Tolerated<Order>>, Failure> {
    let checked = map(input, validate).distributed().tolerated_failure_percentage(150).await?;
    Ok(checked)
}

fn main() {}
