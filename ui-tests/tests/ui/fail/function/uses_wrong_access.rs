use lambdaform::prelude::*;

#[topic]
struct Signups;

#[queue]
struct Emails;

#[bucket]
struct Uploads;

#[function(uses(Signups: read, Emails: publish, Uploads: send))]
async fn handler(event: serde_json::Value) -> Result<(), Error> {
    let _ = event;
    Ok(())
}

fn main() {}
