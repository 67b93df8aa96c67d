use lambdaform::prelude::*;

#[queue(dlq)]
struct NoMaxReceive;

#[queue(dlq(max_receive = 0))]
struct ZeroReceives;

#[queue(dlq(max_receive = 3, queue = Other))]
struct NamedDlq;

fn main() {}
