use lambdaform::prelude::*;

#[function]
#[schedule(rate = "1 day", input = {kind: "nightly"})]
async fn daily(event: serde_json::Value) -> Result<(), Error> {
    let _ = event;
    Ok(())
}

fn main() {}
