use lambdaform::prelude::*;

struct Users;

#[function(uses(Users: read, String: write))]
async fn handler(event: serde_json::Value) -> Result<(), Error> {
    let _ = event;
    Ok(())
}

fn main() {}
