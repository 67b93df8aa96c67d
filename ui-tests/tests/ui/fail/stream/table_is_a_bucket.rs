use lambdaform::prelude::*;

#[bucket]
struct Uploads;

#[function]
#[dynamodb_stream(table = Uploads)]
async fn on_change(event: DynamoDbEvent) -> Result<(), Error> {
    let _ = event;
    Ok(())
}

fn main() {}
