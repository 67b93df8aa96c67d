use lambdaform::prelude::*;

#[derive(Debug)]
enum PaymentError {
    Declined,
}

#[function]
async fn charge(event: serde_json::Value) -> Result<(), PaymentError> {
    let _ = event;
    Err(PaymentError::Declined)
}

fn main() {}
