use lambdaform::prelude::*;

#[function]
#[alarm(name = "errors", threshold = 1)]
async fn no_metric(event: SnsEvent) -> Result<(), Error> {
    let _ = event;
    Ok(())
}

#[function]
#[alarm(metric = "Errors")]
async fn no_name_nor_threshold(event: SnsEvent) -> Result<(), Error> {
    let _ = event;
    Ok(())
}

fn main() {}
