//! The order-total handler on lambdaform: `#[function]` and `lambdaform::main!()`, nothing else. Compared with
//! `bench/glue-handwritten` by `codegen/benches/glue.rs`.

mod order;
mod total;

lambdaform::main!();
