use lambdaform::prelude::*;

#[function(timeout = 901)]
async fn too_long(event: serde_json::Value) -> Result<(), Error> {
    let _ = event;
    Ok(())
}

#[function(timeout = "20m")]
async fn too_long_as_duration(event: serde_json::Value) -> Result<(), Error> {
    let _ = event;
    Ok(())
}

#[function(timeout = 0)]
async fn zero(event: serde_json::Value) -> Result<(), Error> {
    let _ = event;
    Ok(())
}

fn main() {}
