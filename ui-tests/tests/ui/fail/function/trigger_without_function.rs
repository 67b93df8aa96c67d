use lambdaform::prelude::*;

#[schedule(rate = "5 minutes")]
async fn forgotten(event: ScheduledEvent) -> Result<(), Error> {
    let _ = event;
    Ok(())
}

#[http(GET, "/")]
struct NotAFunction;

fn main() {}
