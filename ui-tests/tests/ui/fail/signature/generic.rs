use lambdaform::prelude::*;

#[function]
async fn handler<T: serde::de::DeserializeOwned>(event: T) -> Result<(), Error> {
    let _ = event;
    Ok(())
}

fn main() {}
