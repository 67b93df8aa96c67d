//! One module per subcommand of the `lambdaform` binary.
pub mod manifest;
pub mod validate_asl;
pub mod package;
pub mod synth;
pub mod run_asl;
pub mod deploy;
pub mod info;
pub mod logs;
pub mod remove;
