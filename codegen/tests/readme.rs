//! The README's table of diagnostic codes must be the code list itself.

use codegen::diagnostics::Code;

#[test]
fn readme_documents_every_code_exactly() {
    let readme = include_str!("../../README.md");
    let rows: Vec<&str> = readme.lines().filter(|l| l.starts_with("| GD")).collect();
    let expected: Vec<String> = Code::ALL
        .iter()
        .map(|c| format!("| {} | {} | {} |", c.as_str(), c.severity().as_str(), c.doc()))
        .collect();
    assert!(rows == expected, "update the README table from `Code::ALL`:\n{}\n", expected.join("\n"));
}

/// A row is "what it means and how to fix the page": two parts at least.
#[test]
fn every_code_says_how_to_fix_the_page() {
    for code in Code::ALL {
        assert!(!code.meaning().is_empty() && !code.fix().is_empty(), "{}: {}", code.as_str(), code.doc());
    }
}
