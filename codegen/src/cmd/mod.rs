//! One module per subcommand of the `lambdaform` binary.
pub mod deploy;
pub mod event;
pub mod graph;
pub mod info;
pub mod invoke;
pub mod local;
pub mod logs;
pub mod manifest;
pub mod package;
pub mod remove;
pub mod run_asl;
pub mod synth;
pub mod validate_asl;
