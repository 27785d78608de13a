//! The generator: Graph-style API reference pages in, a Rust crate out.
//!
//! parse (one page → [`parse::Page`]) → model (all pages → [`model::Api`])
//! → emit (IR → [`emit::GeneratedFile`]s). Nothing here writes to disk;
//! `xtask` does. See ARCHITECTURE.md.
#![forbid(unsafe_code)]

pub mod diagnostics;
pub mod emit;
pub mod layout;
pub mod model;
pub mod naming;
pub mod parse;
pub mod source;
pub mod text;

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

/// Parses every page, in path order whatever order they come in: the
/// model (which page of two leads, which name is taken first) and so the
/// output never depend on how a directory listed its files.
/// Pages are independent, so they are parsed in parallel.
pub fn parse_pages(sources: &[SourceFile], diagnostics: &mut Diagnostics) -> Vec<parse::Page> {
    use rayon::prelude::*;
    let mut sorted: Vec<&SourceFile> = sources.iter().collect();
    sorted.sort_by(|a, b| a.path.cmp(&b.path));
    let parsed: Vec<(parse::Page, Diagnostics)> = sorted
        .par_iter()
        .map(|file| {
            let mut own = Diagnostics::default();
            (parse::parse_page(file, &mut own), own)
        })
        .collect();
    parsed
        .into_iter()
        .map(|(page, own)| {
            diagnostics.extend(own);
            page
        })
        .collect()
}

/// Parses and resolves already-read pages: the model, without emitting.
pub fn analyze(sources: &[SourceFile], diagnostics: &mut Diagnostics) -> model::Api {
    let pages = parse_pages(sources, diagnostics);
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
        Err(error) => {
            diagnostics.push("<generator>", 1, Code::EmitFailed, error.to_string());
            Vec::new()
        }
    };
    Generation { api, files, diagnostics: diagnostics.into_sorted(), pages: sources.len() }
}
