use lambdaform::prelude::*;

#[table(partition_key = "id")]
struct Users;

#[bucket]
struct Uploads;

#[topic]
struct Signups;

#[queue]
struct Emails;

#[function(
    name = "resize-image_v2",
    memory = 10240,
    timeout = "15m",
    architecture = x86_64,
    env(LOG_LEVEL = "debug", FEATURE_FLAGS = ""),
    reserved_concurrency = 10,
    provisioned_concurrency = 10,
    description = "Resizes images; a description may hold any text, even `, = ( )`.",
    tracing = pass_through,
    log_retention = 3653,
    warmup = "1 minute",
    warmup_concurrency = 50,
    uses(Users: read, Users: write, Uploads: read_write, Signups: publish, Emails: send, Emails: receive)
)]
async fn resize(event: serde_json::Value) -> Result<(), Error> {
    let _ = event;
    Ok(())
}

#[function(memory = 128, timeout = 1, architecture = arm64, tracing, log_retention = 1)]
async fn smallest(event: serde_json::Value) -> Result<(), Error> {
    let _ = event;
    Ok(())
}

#[function(timeout = "900s", tracing = active, warmup = "5 minutes")]
async fn longest(event: serde_json::Value) -> Result<(), Error> {
    let _ = event;
    Ok(())
}

fn main() {}
