use lambdaform::prelude::*;

#[function]
#[schedule(cron = "0 24 * * ? *")]
async fn hour_24(event: ScheduledEvent) -> Result<(), Error> {
    let _ = event;
    Ok(())
}

#[function]
#[schedule(cron = "0 12 ? FOO MON *")]
async fn bad_month(event: ScheduledEvent) -> Result<(), Error> {
    let _ = event;
    Ok(())
}

#[function]
#[schedule(cron = "0 8 ? * 2#6 *")]
async fn sixth_monday(event: ScheduledEvent) -> Result<(), Error> {
    let _ = event;
    Ok(())
}

fn main() {}
