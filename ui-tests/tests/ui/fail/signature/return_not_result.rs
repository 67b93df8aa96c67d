use lambdaform::prelude::*;

#[function]
async fn handler(event: serde_json::Value) -> String {
    event.to_string()
}

fn main() {}
