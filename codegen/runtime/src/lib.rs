//! The runtime of every generated crate, as a crate of its own so that it
//! is compiled and tested in place.
//!
//! Its module tree is the one a generated crate has (`support`, and
//! `client` with the `client` feature), so the same source compiles in both:
//! emit copies every file below `src/support/` and `src/client/` verbatim
//! into each crate it generates (`codegen/src/emit/crate_files.rs`). This
//! file is not copied (a generated crate has its own `lib.rs`), nor are the
//! tests below, which stay here.
#![forbid(unsafe_code)]

pub mod support;

#[cfg(feature = "client")]
pub mod client;

#[cfg(test)]
mod tests;
