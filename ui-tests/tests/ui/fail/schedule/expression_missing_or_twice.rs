use lambdaform::prelude::*;

#[function]
#[schedule(input = {"kind": "nightly"})]
async fn no_expression(event: serde_json::Value) -> Result<(), Error> {
    let _ = event;
    Ok(())
}

#[function]
#[schedule(rate = "1 day", cron = "0 12 * * ? *")]
async fn two_expressions(event: ScheduledEvent) -> Result<(), Error> {
    let _ = event;
    Ok(())
}

fn main() {}
