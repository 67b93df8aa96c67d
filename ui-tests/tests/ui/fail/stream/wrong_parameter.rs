use lambdaform::prelude::*;

#[table(partition_key = "id", stream = new_image)]
struct Users;

#[function]
#[dynamodb_stream(table = Users)]
async fn on_change(event: S3Event) -> Result<(), Error> {
    let _ = event;
    Ok(())
}

fn main() {}
