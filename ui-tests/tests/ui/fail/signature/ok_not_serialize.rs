use lambdaform::prelude::*;

struct Receipt {
    total: u64,
}

#[function]
async fn charge(event: serde_json::Value) -> Result<Receipt, Error> {
    let _ = event;
    Ok(Receipt { total: 1 })
}

fn main() {}
