//! An order service on lambdaform: seven functions and the `order` workflow that ties them together.
//!
//! validate → (big orders: wait for a person's approval) → charge and reserve stock in parallel (refund when
//! that fails) → ship each item → wait for the carrier's pickup → notify the customer.

pub mod model;
pub mod resources;
pub mod steps;
#[cfg(feature = "workflow")]
pub mod workflow;
