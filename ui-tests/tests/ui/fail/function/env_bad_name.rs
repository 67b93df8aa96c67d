use lambdaform::prelude::*;

#[function(env(_LOG_LEVEL = "info", NIVEAU_É = "debug"))]
async fn handler(event: serde_json::Value) -> Result<(), Error> {
    let _ = event;
    Ok(())
}

fn main() {}
