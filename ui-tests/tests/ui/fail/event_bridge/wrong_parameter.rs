use lambdaform::prelude::*;

#[function]
#[event_bridge(pattern = {"source": ["aws.s3"]})]
async fn on_event(event: S3Event) -> Result<(), Error> {
    let _ = event;
    Ok(())
}

fn main() {}
