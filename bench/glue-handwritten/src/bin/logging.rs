//! The hand-written baseline plus the one line AWS's `lambda_runtime` examples start `main` with:
//! `tracing::init_default_subscriber()`, which lambdaform's `main!()` also calls (unless `tracing = false`).
//! `glue-lambdaform` compares with it, `glue-lambdaform-quiet` with the bare `glue-handwritten`.

#[path = "../../../glue-lambdaform/src/order.rs"]
mod order;

use lambda_runtime::{service_fn, Error, LambdaEvent};

async fn handle(event: LambdaEvent<order::Order>) -> Result<order::Total, Error> {
    Ok(order::total(event.payload))
}

#[tokio::main]
async fn main() -> Result<(), Error> {
    lambda_runtime::tracing::init_default_subscriber();
    lambda_runtime::run(service_fn(handle)).await
}
