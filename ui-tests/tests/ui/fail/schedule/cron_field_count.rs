use lambdaform::prelude::*;

#[function]
#[schedule(cron = "0 12 * * *")]
async fn unix_cron(event: ScheduledEvent) -> Result<(), Error> {
    let _ = event;
    Ok(())
}

fn main() {}
