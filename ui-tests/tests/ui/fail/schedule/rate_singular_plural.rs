use lambdaform::prelude::*;

#[function]
#[schedule(rate = "1 hours")]
async fn plural_for_one(event: ScheduledEvent) -> Result<(), Error> {
    let _ = event;
    Ok(())
}

#[function]
#[schedule(rate = "5 minute")]
async fn singular_for_five(event: ScheduledEvent) -> Result<(), Error> {
    let _ = event;
    Ok(())
}

fn main() {}
