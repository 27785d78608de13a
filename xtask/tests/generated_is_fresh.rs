//! `generated/` must be exactly what `cargo xtask gen` writes from
//! `docs-input/` (rust-analyzer style): a stale tree fails `cargo test`.

use std::path::{Path, PathBuf};

use codegen::diagnostics::Diagnostics;
use codegen::emit::Settings;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// What `cargo xtask gen` generates from docs-input.
fn generate_docs_input() -> codegen::Generation {
    let mut diagnostics = Diagnostics::default();
    let sources = codegen::source::read_docs(&root().join("docs-input"), &mut diagnostics).unwrap();
    codegen::generate(&sources, &Settings::default(), diagnostics)
}

#[test]
fn generated_crate_is_up_to_date() {
    let root = root();
    let generation = generate_docs_input();
    assert!(!generation.has_errors(), "{:#?}", generation.diagnostics);
    let fresh =
        xtask::output::check(&root.join("generated"), &generation.files, None, &generation.api).unwrap();
    assert!(fresh, "generated/ is stale: run `cargo xtask gen` and commit the result");
}

/// Every example of docs-input is concrete, so every one becomes a test of
/// the generated crate: each JSON response example, and each request
/// example. Two request examples are not tests, as the generator maps none
/// of their kind: the upload session by item path
/// (`driveitem-createuploadsession.md`, a `root:/{item-path}:` example is
/// not mapped onto its function, so it is not kept at all) and the byte
/// upload (`driveitem-put-content.md`, kept, but the harness compares JSON
/// bodies only).
#[test]
fn every_docs_input_example_is_a_generated_test() {
    let generation = generate_docs_input();
    assert!(generation.diagnostics.is_empty(), "docs-input has defects: {:#?}", generation.diagnostics);
    let tests = std::fs::read_to_string(root().join("generated/tests/doc_examples.rs")).unwrap();
    assert_eq!(generation.api.examples.len(), 31);
    assert_eq!(tests.matches("round_trip::<").count(), 14);
    assert_eq!(tests.matches("&requests::").count(), 16);
}
