//! The order-total handler written by hand on `lambda_runtime`: the baseline `codegen/benches/glue.rs` measures
//! lambdaform's glue against.

// The same business logic as the lambdaform binary, byte for byte: only the glue differs.
#[path = "../../glue-lambdaform/src/order.rs"]
mod order;

use lambda_runtime::{service_fn, Error, LambdaEvent};

async fn handle(event: LambdaEvent<order::Order>) -> Result<order::Total, Error> {
    Ok(order::total(event.payload))
}

#[tokio::main]
async fn main() -> Result<(), Error> {
    lambda_runtime::run(service_fn(handle)).await
}
