use lambdaform::prelude::*;

#[table(partition_key = "id", stream = new_and_old_images)]
struct Users;

#[function]
#[dynamodb_stream(table = Users)]
async fn defaults(event: DynamoDbEvent) -> Result<(), Error> {
    let _ = event.records.len();
    Ok(())
}

#[function]
#[dynamodb_stream(table = Users, starting_position = trim_horizon, batch_size = 10000)]
async fn replay(event: DynamoDbEvent, context: Context) -> Result<(), Error> {
    let _ = (event, context);
    Ok(())
}

#[function]
#[dynamodb_stream(table = Users, starting_position = latest, batch_size = 1)]
async fn raw(event: serde_json::Value) -> Result<(), Error> {
    let _ = event;
    Ok(())
}

fn main() {}
