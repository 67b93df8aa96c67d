use lambdaform::prelude::*;

#[function]
#[schedule(rate = "2 weeks")]
async fn fortnightly(event: ScheduledEvent) -> Result<(), Error> {
    let _ = event;
    Ok(())
}

#[function]
#[schedule(rate = "hourly")]
async fn one_word(event: ScheduledEvent) -> Result<(), Error> {
    let _ = event;
    Ok(())
}

fn main() {}
