use lambdaform::prelude::*;

#[function]
#[schedule(cron = "0/0 * * * ? *")]
async fn zero_step(event: ScheduledEvent) -> Result<(), Error> {
    let _ = event;
    Ok(())
}

#[function]
#[schedule(cron = "*/x * * * ? *")]
async fn word_step(event: ScheduledEvent) -> Result<(), Error> {
    let _ = event;
    Ok(())
}

fn main() {}
