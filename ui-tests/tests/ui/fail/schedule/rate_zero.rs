use lambdaform::prelude::*;

#[function]
#[schedule(rate = "0 minutes")]
async fn never(event: ScheduledEvent) -> Result<(), Error> {
    let _ = event;
    Ok(())
}

fn main() {}
