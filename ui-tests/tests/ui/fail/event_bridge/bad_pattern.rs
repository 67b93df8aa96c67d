use lambdaform::prelude::*;

#[function]
#[event_bridge(pattern = ["aws.s3"])]
async fn not_an_object(event: EventBridgeEvent<serde_json::Value>) -> Result<(), Error> {
    let _ = event;
    Ok(())
}

#[function]
#[event_bridge(pattern = {source: ["aws.s3"]})]
async fn not_json(event: EventBridgeEvent<serde_json::Value>) -> Result<(), Error> {
    let _ = event;
    Ok(())
}

#[function]
#[event_bridge]
async fn no_pattern(event: EventBridgeEvent<serde_json::Value>) -> Result<(), Error> {
    let _ = event;
    Ok(())
}

fn main() {}
