use lambdaform::prelude::*;

#[function(env(AWS_REGION = "eu-west-1", _HANDLER = "other"))]
async fn handler(event: serde_json::Value) -> Result<(), Error> {
    let _ = event;
    Ok(())
}

fn main() {}
