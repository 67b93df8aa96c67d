use lambdaform::prelude::*;

#[function(name = "make.thumbnail")]
async fn make_thumbnail(event: serde_json::Value) -> Result<(), Error> {
    let _ = event;
    Ok(())
}

fn main() {}
