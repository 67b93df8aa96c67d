use lambdaform::prelude::*;

#[function]
struct Handler;

fn main() {}
