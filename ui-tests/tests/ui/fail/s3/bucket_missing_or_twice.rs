use lambdaform::prelude::*;

#[bucket]
struct Uploads;

#[function]
#[s3(prefix = "images/")]
async fn no_bucket(event: S3Event) -> Result<(), Error> {
    let _ = event;
    Ok(())
}

#[function]
#[s3(bucket = Uploads, existing = "legacy-uploads")]
async fn two_buckets(event: S3Event) -> Result<(), Error> {
    let _ = event;
    Ok(())
}

fn main() {}
