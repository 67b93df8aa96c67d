//! One module per subcommand of the `lambdaform` binary.
pub mod deploy;
pub mod info;
pub mod logs;
pub mod manifest;
pub mod package;
pub mod remove;
pub mod run_asl;
pub mod synth;
pub mod validate_asl;
