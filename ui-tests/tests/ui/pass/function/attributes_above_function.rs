use lambdaform::prelude::*;

#[bucket]
struct Uploads;

#[queue]
struct Jobs;

// Written above #[function], each trigger moves itself below it before #[function] reads it.
#[s3(bucket = Uploads, prefix = "images/")]
#[function(timeout = 60)]
async fn on_upload(event: S3Event) -> Result<(), Error> {
    let _ = event;
    Ok(())
}

#[http(GET, "/health")]
#[function]
async fn health(req: Request) -> Result<String, Error> {
    let _ = req;
    Ok("ok".into())
}

// One above and one below.
#[sqs(queue = Jobs)]
#[function]
#[schedule(rate = "1 hour")]
async fn drain(event: serde_json::Value) -> Result<(), Error> {
    let _ = event;
    Ok(())
}

#[lambdaform::schedule(cron = "0 3 * * ? *")]
#[lambdaform::function]
async fn nightly(event: ScheduledEvent) -> Result<(), Error> {
    let _ = event;
    Ok(())
}

fn main() {}
