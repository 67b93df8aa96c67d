use lambdaform::prelude::*;

#[table(partition_key = "id")]
struct Users;

#[function]
#[s3(bucket = Users)]
async fn on_upload(event: S3Event) -> Result<(), Error> {
    let _ = event;
    Ok(())
}

fn main() {}
