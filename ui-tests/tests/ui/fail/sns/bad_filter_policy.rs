use lambdaform::prelude::*;

#[topic]
struct Alerts;

#[function]
#[sns(topic = Alerts, filter_policy = ["signup"])]
async fn not_an_object(event: SnsEvent) -> Result<(), Error> {
    let _ = event;
    Ok(())
}

#[function]
#[sns(topic = Alerts, filter_policy = {"kind": ["signup",]})]
async fn not_json(event: SnsEvent) -> Result<(), Error> {
    let _ = event;
    Ok(())
}

fn main() {}
