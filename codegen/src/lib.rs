//! The `lambdaform` command's library: manifest reading, synthesis, the ASL commands, local emulation and deploy.

pub mod binary;
pub mod cli;
pub mod cmd;
pub mod deploy;
pub mod graph;
pub mod local;
pub mod package;
pub mod runtime_api;
pub mod synth;
