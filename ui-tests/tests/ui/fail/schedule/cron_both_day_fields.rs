use lambdaform::prelude::*;

#[function]
#[schedule(cron = "0 12 * * MON *")]
async fn both_set(event: ScheduledEvent) -> Result<(), Error> {
    let _ = event;
    Ok(())
}

#[function]
#[schedule(cron = "0 12 ? * ? *")]
async fn both_open(event: ScheduledEvent) -> Result<(), Error> {
    let _ = event;
    Ok(())
}

fn main() {}
