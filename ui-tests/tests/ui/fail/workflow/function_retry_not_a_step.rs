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

// An #[http] handler is no step, so a retry default for workflow Tasks means nothing on it.
#[function(retry(on = [Declined]))]
#[http(GET, "/orders")]
async fn list(_req: Request) -> Result<String, Error> {
    Ok(String::new())
}

// Bad values are reported as on a statement's #[retry].
#[function(retry(attempts = 2, backoff = 0.5))]
async fn refund(order: Order) -> Result<Order, OrderError> {
    Ok(order)
}

fn main() {}
