use lambdaform::prelude::*;

#[topic]
struct Alerts;

#[function]
#[sqs(queue = Alerts)]
async fn work(event: SqsEvent) -> Result<(), Error> {
    let _ = event;
    Ok(())
}

fn main() {}
