use lambdaform::prelude::*;

#[table(partition_key = "id", billing = reserved)]
struct Users;

#[table(partition_key = "id", billing = provisioned(read = 5))]
struct Orders;

#[table(partition_key = "id", billing = provisioned(read = 0, write = 5))]
struct Events;

fn main() {}
