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

// 9,000 retries of one task can write more than the 25,000 events an execution may have.
#[state_machine]
async fn order(input: Order) -> Result<Order, OrderError> {
    #[retry(attempts = 9000)]
    let checked = validate(input).await?;
    Ok(checked)
}

fn main() {}
