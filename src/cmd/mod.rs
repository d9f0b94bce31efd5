//! The command-line commands, one module each; glue between the CLI and the library.

pub mod build;
pub mod check;
pub mod new;
pub mod serve;
