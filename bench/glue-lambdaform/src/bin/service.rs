//! `total` and `charge` in one bootstrap, for the end-to-end dispatch test (`codegen/tests/dispatch.rs`):
//! `_HANDLER` picks one of them.

#[path = "../charge.rs"]
mod charge;
#[path = "../order.rs"]
mod order;
#[path = "../total.rs"]
mod total;

lambdaform::main!();
