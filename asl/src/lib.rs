//! Amazon States Language: a typed model, JSONPath and intrinsic functions, and a local executor.

pub mod exec;
pub mod intrinsics;
pub mod model;
pub mod path;
pub mod validate;
