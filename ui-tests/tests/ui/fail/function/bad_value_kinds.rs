use lambdaform::prelude::*;

#[function(memory = "256", timeout, tracing = always, description = 5)]
async fn handler(event: serde_json::Value) -> Result<(), Error> {
    let _ = event;
    Ok(())
}

fn main() {}
