//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use codegen::diagnostics::Diagnostics;
use codegen::emit::Settings;
use codegen::source::SourceFile;
use codegen::Generation;

/// `../shared` (seed page and corpus), from `GRAPH_SHARED_DIR` or next to
/// the project. When the variable is set the folder must exist (CI sets
/// it); otherwise a missing folder skips the test with a notice.
pub fn shared_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("GRAPH_SHARED_DIR") {
        let dir = PathBuf::from(dir);
        assert!(dir.is_dir(), "GRAPH_SHARED_DIR={} is not a folder", dir.display());
        return Some(dir);
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("notice: {} not found and GRAPH_SHARED_DIR not set; test skipped", dir.display());
        None
    }
}

/// The seed page ("Add phones"), read from shared/.
pub fn seed_page() -> Option<String> {
    let path = shared_dir()?.join("seeds/000_de3e34204f86d29e.txt");
    Some(std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
}

/// Runs the whole generator over in-memory pages.
pub fn generate(pages: &[(&str, &str)]) -> Generation {
    let sources: Vec<SourceFile> =
        pages.iter().map(|(path, text)| SourceFile { path: (*path).into(), text: (*text).into() }).collect();
    codegen::generate(&sources, &Settings::default(), Diagnostics::default())
}

/// The contents of one generated file.
pub fn file<'a>(generation: &'a Generation, path: &str) -> &'a str {
    &generation.files.iter().find(|f| f.path == path).unwrap_or_else(|| panic!("no {path}")).contents
}

/// Every generated file below `dir` (`src/models`), in path order, each
/// after a `// path` line: one text to read or snapshot.
pub fn module_files(generation: &Generation, dir: &str) -> String {
    let prefix = format!("{dir}/");
    let files = generation.files.iter().filter(|f| f.path.starts_with(&prefix));
    files.map(|f| format!("// {}\n{}", f.path, f.contents)).collect()
}
