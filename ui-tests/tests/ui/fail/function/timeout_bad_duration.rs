use lambdaform::prelude::*;

#[function(timeout = "10 fortnights")]
async fn unknown_unit(event: serde_json::Value) -> Result<(), Error> {
    let _ = event;
    Ok(())
}

#[function(timeout = "soon")]
async fn not_a_duration(event: serde_json::Value) -> Result<(), Error> {
    let _ = event;
    Ok(())
}

#[function(timeout = 2.5)]
async fn fractional(event: serde_json::Value) -> Result<(), Error> {
    let _ = event;
    Ok(())
}

fn main() {}
