use lambdaform::prelude::*;

#[queue]
struct Jobs;

#[function]
#[sqs(queue = Jobs)]
async fn work(event: SnsEvent) -> Result<(), Error> {
    let _ = event;
    Ok(())
}

fn main() {}
