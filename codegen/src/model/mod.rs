//! Stage 2: all pages → one resolved API model, the IR. Cross-page
//! resolution (type names, inheritance, enums, operations) happens here;
//! emit only reads the result. The IR is what `--ir` writes as JSON
//! (`json.rs` owns that shape).

mod areas;
mod build;
mod checks;
mod endpoint;
mod examples;
mod ir;
mod json;
mod keyed;
mod merge;
mod operations;
mod parameters;
mod resolve_examples;
mod type_expr;
mod types;

pub use areas::{MAX_AREAS, OTHER as OTHER_AREA};
pub use build::build;
pub use ir::*;
pub use type_expr::qualify;
pub use types::LARGE_TYPE;

#[cfg(test)]
mod tests;
