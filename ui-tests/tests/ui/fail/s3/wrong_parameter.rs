use lambdaform::prelude::*;

#[bucket]
struct Uploads;

#[function]
#[s3(bucket = Uploads)]
async fn on_upload(event: SqsEvent) -> Result<(), Error> {
    let _ = event;
    Ok(())
}

fn main() {}
