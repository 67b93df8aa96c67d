use lambdaform::prelude::*;

#[function(warmup_concurrency = 3)]
async fn handler(event: serde_json::Value) -> Result<(), Error> {
    let _ = event;
    Ok(())
}

#[function(warmup = "5 minutes", warmup_concurrency = 51)]
async fn too_many(event: serde_json::Value) -> Result<(), Error> {
    let _ = event;
    Ok(())
}

fn main() {}
