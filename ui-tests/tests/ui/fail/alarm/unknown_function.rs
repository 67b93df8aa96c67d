use lambdaform::prelude::*;

#[function]
async fn create_user(event: serde_json::Value) -> Result<(), Error> {
    let _ = event;
    Ok(())
}

#[function]
#[alarm(name = "errors", metric = "Errors", threshold = 1, function = craete_user)]
async fn page(event: SnsEvent) -> Result<(), Error> {
    let _ = event;
    Ok(())
}

fn main() {}
