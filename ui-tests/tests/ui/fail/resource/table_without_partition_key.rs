use lambdaform::prelude::*;

#[table]
struct Users;

#[table(sort_key = "created")]
struct Events;

fn main() {}
