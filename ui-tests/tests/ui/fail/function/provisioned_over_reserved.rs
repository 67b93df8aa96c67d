use lambdaform::prelude::*;

#[function(reserved_concurrency = 2, provisioned_concurrency = 5)]
async fn handler(event: serde_json::Value) -> Result<(), Error> {
    let _ = event;
    Ok(())
}

#[function(provisioned_concurrency = 0)]
async fn none_provisioned(event: serde_json::Value) -> Result<(), Error> {
    let _ = event;
    Ok(())
}

fn main() {}
