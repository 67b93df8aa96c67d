use lambdaform::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Deserialize)]
struct Order {
    id: String,
    total: u64,
}

#[derive(Serialize)]
struct Receipt {
    order: String,
    charged: u64,
}

#[function]
async fn charge(order: Order) -> Result<Receipt, Error> {
    Ok(Receipt { order: order.id, charged: order.total })
}

#[function]
async fn echo(event: serde_json::Value) -> Result<serde_json::Value, Error> {
    Ok(event)
}

#[function]
async fn nothing_back(event: Vec<u32>) -> Result<(), String> {
    if event.is_empty() {
        return Err("no numbers".into());
    }
    Ok(())
}

fn main() {}
