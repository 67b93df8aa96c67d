use lambdaform::prelude::*;

#[function]
fn handler(event: serde_json::Value) -> Result<(), Error> {
    let _ = event;
    Ok(())
}

fn main() {}
