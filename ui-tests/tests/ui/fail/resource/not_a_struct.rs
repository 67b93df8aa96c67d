use lambdaform::prelude::*;

#[bucket]
enum Uploads {
    Images,
}

#[table(partition_key = "id")]
fn users() {}

fn main() {}
