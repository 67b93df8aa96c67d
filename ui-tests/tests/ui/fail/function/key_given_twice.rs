use lambdaform::prelude::*;

#[function(memory = 256, memory = 512)]
async fn handler(event: serde_json::Value) -> Result<(), Error> {
    let _ = event;
    Ok(())
}

fn main() {}
