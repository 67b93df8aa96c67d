use lambdaform::prelude::*;

#[function(name = "a-function-name-that-goes-on-and-on-past-the-sixty-four-character-limit")]
async fn long(event: serde_json::Value) -> Result<(), Error> {
    let _ = event;
    Ok(())
}

fn main() {}
