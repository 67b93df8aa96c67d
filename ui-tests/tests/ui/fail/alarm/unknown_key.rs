use lambdaform::prelude::*;

#[function]
#[alarm(name = "errors", metric = "Errors", threshold = 1, treat_missing_data = "breaching")]
async fn page(event: SnsEvent) -> Result<(), Error> {
    let _ = event;
    Ok(())
}

fn main() {}
