use lambdaform::prelude::*;

#[bucket]
struct Uploads;

#[function(uses(Uploads: read))]
#[s3(bucket = Uploads, events = [ObjectCreated, ObjectRemovedDelete, ObjectRestoreCompleted], prefix = "images/", suffix = ".png")]
async fn on_upload(event: S3Event) -> Result<usize, Error> {
    Ok(event.records.len())
}

#[function]
#[s3(bucket = self::Uploads)]
async fn any_event(event: serde_json::Value) -> Result<(), Error> {
    let _ = event;
    Ok(())
}

#[function]
#[s3(existing = "legacy-uploads", events = [ObjectCreatedPut])]
async fn legacy(event: S3Event) -> Result<(), Error> {
    let _ = event;
    Ok(())
}

fn main() {}
