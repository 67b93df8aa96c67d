use lambdaform::prelude::*;

#[table(partition_key = "id", ttl = "expires")]
struct Users;

#[bucket(versioned)]
struct Uploads;

#[topic(display_name = "Alerts")]
struct Alerts;

#[queue(delay = 5, fifo = true)]
struct Jobs;

fn main() {}
