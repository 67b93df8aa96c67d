use lambdaform::prelude::*;

#[table(partition_key = "id", stream = new_image)]
struct Users;

#[function]
#[dynamodb_stream(table = Users, filter = {"eventName": ["INSERT"]})]
async fn on_change(event: DynamoDbEvent) -> Result<(), Error> {
    let _ = event;
    Ok(())
}

#[function]
#[dynamodb_stream(batch_size = 10)]
async fn no_table(event: DynamoDbEvent) -> Result<(), Error> {
    let _ = event;
    Ok(())
}

fn main() {}
