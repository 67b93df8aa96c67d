use lambdaform::prelude::*;

#[function(architecture = aarch64)]
async fn handler(event: serde_json::Value) -> Result<(), Error> {
    let _ = event;
    Ok(())
}

fn main() {}
