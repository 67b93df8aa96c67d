use lambdaform::prelude::*;

#[table(partition_key = "id")]
struct Users;

#[function(uses(Users: admin))]
async fn handler(event: serde_json::Value) -> Result<(), Error> {
    let _ = event;
    Ok(())
}

#[function(uses(Users))]
async fn no_access(event: serde_json::Value) -> Result<(), Error> {
    let _ = event;
    Ok(())
}

fn main() {}
