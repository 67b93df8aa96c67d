use lambdaform::prelude::*;

#[function(warmup = "5 minute")]
async fn singular(event: serde_json::Value) -> Result<(), Error> {
    let _ = event;
    Ok(())
}

#[function(warmup = "every 5 minutes")]
async fn not_a_rate(event: serde_json::Value) -> Result<(), Error> {
    let _ = event;
    Ok(())
}

fn main() {}
