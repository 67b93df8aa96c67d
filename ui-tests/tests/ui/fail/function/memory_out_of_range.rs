use lambdaform::prelude::*;

#[function(memory = 64)]
async fn tiny(event: serde_json::Value) -> Result<(), Error> {
    let _ = event;
    Ok(())
}

#[function(memory = 20480)]
async fn huge(event: serde_json::Value) -> Result<(), Error> {
    let _ = event;
    Ok(())
}

fn main() {}
