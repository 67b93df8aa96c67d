use lambdaform::prelude::*;

#[queue]
struct Jobs;

#[function]
#[sqs(queue = Jobs, max_concurrency = 5, partial_failures = true)]
async fn work(event: SqsEvent) -> Result<(), Error> {
    let _ = event;
    Ok(())
}

fn main() {}
