use lambdaform::prelude::*;

#[bucket(retain = yes)]
struct Uploads;

fn main() {}
