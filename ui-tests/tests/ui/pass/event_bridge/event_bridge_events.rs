use lambdaform::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize)]
struct Purge {
    user: String,
}

#[function]
#[event_bridge(pattern = {"source": ["photos.admin"], "detail-type": ["Purge"]})]
async fn purge(event: EventBridgeEvent<Purge>) -> Result<String, Error> {
    Ok(event.detail.user)
}

#[function]
#[event_bridge(pattern = {"source": ["aws.s3"]})]
#[event_bridge(pattern = "{\"source\": [\"aws.ec2\"]}")]
async fn any(event: EventBridgeEvent<serde_json::Value>) -> Result<(), Error> {
    let _ = event;
    Ok(())
}

#[function]
#[event_bridge(pattern = {"detail": {"size": [{"numeric": ["<", -10]}]}})]
async fn raw(event: serde_json::Value) -> Result<(), Error> {
    let _ = event;
    Ok(())
}

fn main() {}
