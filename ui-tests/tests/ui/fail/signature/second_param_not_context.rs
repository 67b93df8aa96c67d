use lambdaform::prelude::*;

#[function]
async fn handler(event: serde_json::Value, region: String) -> Result<(), Error> {
    let _ = (event, region);
    Ok(())
}

fn main() {}
