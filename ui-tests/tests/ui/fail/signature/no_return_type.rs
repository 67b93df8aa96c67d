use lambdaform::prelude::*;

#[function]
async fn handler(event: serde_json::Value) {
    let _ = event;
}

fn main() {}
