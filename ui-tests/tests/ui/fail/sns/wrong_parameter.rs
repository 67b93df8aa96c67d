use lambdaform::prelude::*;

#[topic]
struct Alerts;

#[function]
#[sns(topic = Alerts)]
async fn notify(event: SqsEvent) -> Result<(), Error> {
    let _ = event;
    Ok(())
}

fn main() {}
