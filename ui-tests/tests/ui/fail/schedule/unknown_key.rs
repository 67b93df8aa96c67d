use lambdaform::prelude::*;

#[function]
#[schedule(rate = "1 day", timezone = "Europe/Paris")]
async fn daily(event: ScheduledEvent) -> Result<(), Error> {
    let _ = event;
    Ok(())
}

fn main() {}
