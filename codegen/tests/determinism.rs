//! The same docs give byte-identical output, whatever order the pages
//! arrive in: checked on the whole v1.0 corpus.

mod common;

use codegen::diagnostics::Diagnostics;
use codegen::emit::Settings;

#[test]
fn corpus_output_is_byte_identical_across_runs_and_page_orders() {
    let Some(shared) = common::shared_dir() else { return };
    let dir = shared.join("corpus/graph-docs-2021-07/v1.0");
    let sources = codegen::source::read_docs(&dir, &mut Diagnostics::default()).unwrap();
    let first = codegen::generate(&sources, &Settings::default(), Diagnostics::default());
    let mut reversed = sources.clone();
    reversed.reverse();
    let second = codegen::generate(&reversed, &Settings::default(), Diagnostics::default());
    assert!(!first.files.is_empty());
    assert_eq!(first.files.len(), second.files.len());
    for (a, b) in first.files.iter().zip(&second.files) {
        assert_eq!(a.path, b.path);
        assert!(a.contents == b.contents, "{} differs between runs", a.path);
    }
    assert_eq!(first.diagnostics, second.diagnostics);
    let ir = |g: &codegen::Generation| serde_json::to_string(&g.api).unwrap();
    assert_eq!(ir(&first), ir(&second));
}
