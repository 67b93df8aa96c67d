use lambdaform::prelude::*;

#[table(partition_key = "id")]
struct Users;

#[function(uses(Usres: read))]
async fn handler(event: serde_json::Value) -> Result<(), Error> {
    let _ = event;
    Ok(())
}

fn main() {}
