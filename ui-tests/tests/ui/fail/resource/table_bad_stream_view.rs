use lambdaform::prelude::*;

#[table(partition_key = "id", stream = new_images)]
struct Users;

fn main() {}
