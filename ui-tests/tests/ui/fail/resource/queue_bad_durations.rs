use lambdaform::prelude::*;

#[queue(visibility_timeout = "13h")]
struct SlowJobs;

#[queue(retention = "15d")]
struct KeptTooLong;

#[queue(retention = 30)]
struct KeptTooShort;

fn main() {}
