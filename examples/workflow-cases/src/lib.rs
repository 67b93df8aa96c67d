//! Workflow cases for the differential tests: a few steps over small types, and many small machines, each
//! exercising one construct of the workflow language (or two together).

pub mod bulk;
pub mod data;
pub mod defaults;
pub mod machines;
pub mod resources;
pub mod steps;
