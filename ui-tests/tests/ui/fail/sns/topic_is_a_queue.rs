use lambdaform::prelude::*;

#[queue]
struct Jobs;

#[function]
#[sns(topic = Jobs)]
async fn notify(event: SnsEvent) -> Result<(), Error> {
    let _ = event;
    Ok(())
}

fn main() {}
