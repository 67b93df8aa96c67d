use lambdaform::prelude::*;

#[function(memroy = 256)]
async fn typo(event: serde_json::Value) -> Result<(), Error> {
    let _ = event;
    Ok(())
}

#[function(256)]
async fn positional(event: serde_json::Value) -> Result<(), Error> {
    let _ = event;
    Ok(())
}

fn main() {}
