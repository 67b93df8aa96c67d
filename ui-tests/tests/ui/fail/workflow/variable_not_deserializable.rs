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

#[derive(Serialize)]
struct Receipt {
    id: String,
}

#[function]
async fn issue(order: Order) -> Result<Receipt, OrderError> {
    Ok(Receipt { id: order.id })
}

// The receipt is kept in the execution between states, so it must also read back from JSON.
#[state_machine]
async fn order(input: Order) -> Result<u32, OrderError> {
    let receipt = issue(input.clone()).await?;
    Ok(input.amount)
}

fn main() {}
