use lambdaform::prelude::*;

#[function]
#[alarm(
    name = "errors",
    metric = "Errors",
    threshold = many,
    statistic = "Median",
    comparison = "==",
    period = 45,
    evaluation_periods = 0
)]
async fn page(event: SnsEvent) -> Result<(), Error> {
    let _ = event;
    Ok(())
}

fn main() {}
