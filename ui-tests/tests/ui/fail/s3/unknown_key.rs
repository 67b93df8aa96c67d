use lambdaform::prelude::*;

#[bucket]
struct Uploads;

#[function]
#[s3(bucket = Uploads, filter = "images/")]
async fn on_upload(event: S3Event) -> Result<(), Error> {
    let _ = event;
    Ok(())
}

fn main() {}
