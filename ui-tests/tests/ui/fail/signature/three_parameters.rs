use lambdaform::prelude::*;

#[function]
async fn handler(event: serde_json::Value, context: Context, extra: u32) -> Result<(), Error> {
    let _ = (event, context, extra);
    Ok(())
}

fn main() {}
