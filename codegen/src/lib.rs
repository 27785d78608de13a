//! The generator: Graph-style API reference pages in, a Rust crate out.
//!
//! parse (one page → [`parse::Page`]) → model (all pages → [`model::Api`])
//! → emit (IR → [`emit::GeneratedFile`]s). Nothing here writes to disk;
//! `xtask` does. See ARCHITECTURE.md.
#![forbid(unsafe_code)]

pub mod diagnostics;
pub mod emit;
pub mod model;
pub mod naming;
pub mod parse;
pub mod source;

use diagnostics::{Code, Diagnostics};
use source::SourceFile;

/// Everything one run produces.
#[derive(Debug)]
pub struct Generation {
    pub api: model::Api,
    /// Empty when emitting failed (see the error diagnostics).
    pub files: Vec<emit::GeneratedFile>,
    pub diagnostics: Vec<diagnostics::Diagnostic>,
    pub pages: usize,
}

impl Generation {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(|d| d.severity() == diagnostics::Severity::Error)
    }
}

/// Parses and resolves already-read pages: the model, without emitting.
pub fn analyze(sources: &[SourceFile], diagnostics: &mut Diagnostics) -> model::Api {
    let pages: Vec<parse::Page> = sources.iter().map(|file| parse::parse_page(file, diagnostics)).collect();
    model::build(&pages, diagnostics)
}

/// Runs the three stages over already-read pages.
pub fn generate(
    sources: &[SourceFile],
    settings: &emit::Settings,
    mut diagnostics: Diagnostics,
) -> Generation {
    let api = analyze(sources, &mut diagnostics);
    let files = match emit::emit(&api, settings) {
        Ok(files) => files,
        Err(message) => {
            diagnostics.push("<generator>", 1, Code::EmitFailed, message);
            Vec::new()
        }
    };
    Generation { api, files, diagnostics: diagnostics.into_sorted(), pages: sources.len() }
}
