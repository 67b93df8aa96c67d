use lambdaform::prelude::*;

#[function(env = "LOG_LEVEL=info")]
async fn not_a_list(event: serde_json::Value) -> Result<(), Error> {
    let _ = event;
    Ok(())
}

#[function(env(LOG_LEVEL = info, LOG_LEVEL = "debug", "TRACE"))]
async fn bad_pairs(event: serde_json::Value) -> Result<(), Error> {
    let _ = event;
    Ok(())
}

fn main() {}
