//! The runtime of every generated crate, as a crate of its own so that it
//! is compiled and tested in place.
//!
//! Its module tree is the one a generated crate has (`support`, and
//! `client` with the `client` feature), so the same source compiles in both:
//! emit copies every file below `src/support/` and `src/client/` verbatim
//! into each crate it generates (`codegen/src/emit/crate_files.rs`). This
//! file is not copied (a generated crate has its own `lib.rs`), nor are the
//! tests below, which stay here.
//!
//! What the unit tests cannot check, because it must not compile, is
//! checked here: the collection options (`top`, `skip`, `filter`,
//! `order_by`, `count`, `search`) are on `Request<Page<T>>` only, while
//! `select` and `expand` are on every request.
//!
//! ```
//! use graph_runtime::support::{JsonObject, Page, Request, ResponseKind};
//! let list: Request<Page<JsonObject>> =
//!     Request::new(http::Method::GET, "/users".into(), 200, ResponseKind::Json);
//! let list = list.select(&["id"]).expand(&["manager"]).top(5).skip(1).filter("a eq 1");
//! let _ = list.order_by(&["id"]).count(true).search("x");
//! let one: Request<JsonObject> = Request::new(http::Method::GET, "/me".into(), 200, ResponseKind::Json);
//! let _ = one.select(&["id"]).expand(&["manager"]);
//! ```
//!
//! ```compile_fail,E0599
//! use graph_runtime::support::{JsonObject, Request, ResponseKind};
//! let one: Request<JsonObject> = Request::new(http::Method::GET, "/me".into(), 200, ResponseKind::Json);
//! let _ = one.top(5);
//! ```
#![forbid(unsafe_code)]

pub mod support;

#[cfg(feature = "client")]
pub mod client;

#[cfg(test)]
mod tests;
