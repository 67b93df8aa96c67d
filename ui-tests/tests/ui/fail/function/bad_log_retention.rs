use lambdaform::prelude::*;

#[function(log_retention = 10)]
async fn handler(event: serde_json::Value) -> Result<(), Error> {
    let _ = event;
    Ok(())
}

fn main() {}
