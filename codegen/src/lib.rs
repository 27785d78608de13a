//! The generator: Graph-style API reference pages in, a Rust crate out.
//!
//! parse (one page → [`parse::Page`]) → model (all pages → [`model::Api`])
//! → emit (IR → files). See ARCHITECTURE.md.
#![forbid(unsafe_code)]

pub mod diagnostics;
pub mod parse;
pub mod source;
pub mod model;
pub mod naming;
