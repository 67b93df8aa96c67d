use lambdaform::prelude::*;

#[function]
async fn handler() -> Result<(), Error> {
    Ok(())
}

fn main() {}
