use lambdaform::prelude::*;

#[topic]
struct Alerts;

#[function]
#[sns(topic = Alerts, raw_delivery)]
async fn notify(event: SnsEvent) -> Result<(), Error> {
    let _ = event;
    Ok(())
}

#[function]
#[sns(Alerts)]
async fn positional(event: SnsEvent) -> Result<(), Error> {
    let _ = event;
    Ok(())
}

fn main() {}
