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

#[table(partition_key = "id")]
struct Orders;

// Only a #[bucket] holds objects to map over.
#[state_machine]
async fn order(input: Order) -> Result<Vec<Order>, Failure> {
    let checked = Orders::map_file(input.id, validate).await?;
    Ok(checked)
}

fn main() {}
