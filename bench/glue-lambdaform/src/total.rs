//! The `total` function on lambdaform's glue.

use lambdaform::function;

use crate::order::{self, Order, Total};

#[function]
async fn total(order: Order) -> Result<Total, lambdaform::Error> {
    Ok(order::total(order))
}
