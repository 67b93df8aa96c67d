use lambdaform::prelude::*;

#[queue]
struct Jobs;

#[function]
#[sqs(queue = Jobs, batch_size = 100, batch_window = 301)]
async fn long_window(event: SqsEvent) -> Result<(), Error> {
    let _ = event;
    Ok(())
}

#[function]
#[sqs(queue = Jobs, batch_size = 10001, batch_window = "1m")]
async fn big_batch(event: SqsEvent) -> Result<(), Error> {
    let _ = event;
    Ok(())
}

#[function]
#[sqs(queue = Jobs, batch_size = 0)]
async fn empty_batch(event: SqsEvent) -> Result<(), Error> {
    let _ = event;
    Ok(())
}

fn main() {}
