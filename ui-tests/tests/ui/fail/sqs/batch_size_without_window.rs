use lambdaform::prelude::*;

#[queue]
struct Jobs;

#[function]
#[sqs(queue = Jobs, batch_size = 100)]
async fn no_window(event: SqsEvent) -> Result<(), Error> {
    let _ = event;
    Ok(())
}

#[function]
#[sqs(queue = Jobs, batch_size = 100, batch_window = 0)]
async fn zero_window(event: SqsEvent) -> Result<(), Error> {
    let _ = event;
    Ok(())
}

fn main() {}
