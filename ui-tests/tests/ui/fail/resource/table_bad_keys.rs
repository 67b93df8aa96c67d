use lambdaform::prelude::*;

#[table(partition_key = ("id", uuid))]
struct Users;

#[table(partition_key = id)]
struct Orders;

#[table(partition_key)]
struct Sessions;

#[table(partition_key = "id", sort_key = ("id", number))]
struct Events;

fn main() {}
