use lambdaform::prelude::*;

#[table(partition_key = "id", stream = new_image)]
struct Users;

#[function]
#[dynamodb_stream(table = Users, starting_position = at_timestamp, batch_size = 10001)]
async fn on_change(event: DynamoDbEvent) -> Result<(), Error> {
    let _ = event;
    Ok(())
}

fn main() {}
