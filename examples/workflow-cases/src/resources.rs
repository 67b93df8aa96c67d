use lambdaform::prelude::*;

#[table(partition_key = "id")]
pub struct Store;

#[topic]
pub struct Events;

#[queue]
pub struct Jobs;

#[bucket]
pub struct Inbox;
