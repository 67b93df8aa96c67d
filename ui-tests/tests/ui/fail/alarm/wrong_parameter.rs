use lambdaform::prelude::*;

#[function]
#[alarm(name = "errors", metric = "Errors", threshold = 1)]
async fn page(event: EventBridgeEvent<serde_json::Value>) -> Result<(), Error> {
    let _ = event;
    Ok(())
}

fn main() {}
