//! `total` on lambdaform with `main!(tracing = false)`: no log subscriber, so it compares one to one with the
//! bare hand-written binary (`glue-lambdaform` starts the subscriber and compares with `glue-handwritten-logging`).

#[path = "../order.rs"]
mod order;
#[path = "../total.rs"]
mod total;

lambdaform::main!(tracing = false);
