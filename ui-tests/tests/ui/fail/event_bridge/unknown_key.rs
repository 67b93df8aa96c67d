use lambdaform::prelude::*;

#[function]
#[event_bridge(pattern = {"source": ["aws.s3"]}, bus = "orders")]
async fn on_event(event: EventBridgeEvent<serde_json::Value>) -> Result<(), Error> {
    let _ = event;
    Ok(())
}

fn main() {}
