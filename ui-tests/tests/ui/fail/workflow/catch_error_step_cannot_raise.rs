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

#[derive(Debug, FunctionError)]
enum StockError {
    OutOfStock,
}

impl std::fmt::Display for StockError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{self:?}")
    }
}

// `validate` fails with `OrderError`; it cannot raise `StockError::OutOfStock`.
#[state_machine]
async fn order(input: Order) -> Result<Order, OrderError> {
    match validate(input).await {
        Ok(o) => Ok(o),
        Err(StockError::OutOfStock) => fail("Unavailable", "no stock"),
    }
}

fn main() {}
