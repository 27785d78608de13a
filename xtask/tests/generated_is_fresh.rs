//! `generated/` must be exactly what `cargo xtask gen` writes from
//! `docs-input/` (rust-analyzer style): a stale tree fails `cargo test`.

use std::path::Path;

use codegen::diagnostics::Diagnostics;
use codegen::emit::Settings;

#[test]
fn generated_crate_is_up_to_date() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut diagnostics = Diagnostics::default();
    let sources = codegen::source::read_docs(&root.join("docs-input"), &mut diagnostics).unwrap();
    let generation = codegen::generate(&sources, &Settings::default(), diagnostics);
    assert!(!generation.has_errors(), "{:#?}", generation.diagnostics);
    let fresh =
        xtask::output::check(&root.join("generated"), &generation.files, None, &generation.api).unwrap();
    assert!(fresh, "generated/ is stale: run `cargo xtask gen` and commit the result");
}
