//! An in-process emulator of AWS Lambda's Runtime API.
