//! Amazon States Language.
