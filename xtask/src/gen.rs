//! `cargo xtask gen`: read the docs, generate, report, write (or check).

use std::collections::BTreeMap;
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use codegen::diagnostics::{Diagnostics, Severity};
use codegen::emit::{Settings, API_JSON};
use codegen::model::TypeKind;

use crate::diff::{self, GeneratedCrate};
use crate::report::{self, Batch, MessageFormat};
use crate::{output, GenArgs};
use codegen::model::Api;

pub fn run(args: &GenArgs) -> ExitCode {
    let started = Instant::now();
    if !args.docs.is_dir() {
        eprintln!("error: --docs {} is not a folder", args.docs.display());
        return ExitCode::from(2);
    }
    let mut diagnostics = Diagnostics::default();
    let sources = match codegen::source::read_docs(&args.docs, &mut diagnostics) {
        Ok(sources) => sources,
        Err(err) => {
            eprintln!("error: cannot read {}: {err}", args.docs.display());
            return ExitCode::from(2);
        }
    };
    let settings = Settings { package_name: args.package.clone() };
    let generation = codegen::generate(&sources, &settings, diagnostics);
    let batch =
        Batch { docs: &args.docs, sources: &sources, diagnostics: &generation.diagnostics, side: None };
    let rendered = report::render(args.message_format, &[batch]);
    match args.message_format {
        MessageFormat::Human => eprint!("{rendered}"),
        // Machine formats alone on stdout, so that it can be saved or piped.
        MessageFormat::Json | MessageFormat::Sarif => print!("{rendered}"),
    }
    let failed = generation.has_errors();
    // Read before writing replaces it.
    let previous = (!failed && !args.check).then(|| previous_model(&args.out));
    let outcome = if failed {
        eprintln!("error: nothing was written because of the errors above");
        Ok(false)
    } else if args.check {
        output::check(&args.out, &generation.files, args.ir.as_deref(), &generation.api)
    } else {
        output::write(&args.out, &generation.files, args.ir.as_deref(), &generation.api).map(|changed| {
            eprintln!("wrote {changed} changed file(s) to {}", args.out.display());
            true
        })
    };
    let ok = match outcome {
        Ok(ok) => ok,
        Err(err) => {
            eprintln!("error: {err}");
            false
        }
    };
    if let (true, Some(previous)) = (ok, previous) {
        for line in api_changes(&args.out, previous, &generation.api) {
            eprintln!("{line}");
        }
    }
    summary(&generation, started);
    if ok && !failed {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// The model the crate in `out` was last generated from and the Rust API
/// it was generated with, if there is a crate.
fn previous_model(out: &Path) -> Option<Result<GeneratedCrate, String>> {
    if !out.join(API_JSON).exists() {
        return None;
    }
    Some(diff::read_crate(out))
}

/// What changed in the API since the previous generation, in a few lines.
fn api_changes(out: &Path, previous: Option<Result<GeneratedCrate, String>>, api: &Api) -> Vec<String> {
    match previous {
        None => {
            vec![format!("api changes: first generation ({} did not exist)", out.join(API_JSON).display())]
        }
        Some(Err(err)) => {
            vec![format!("api changes: not compared, the crate in {} cannot be read: {err}", out.display())]
        }
        Some(Ok(old)) => {
            diff::markdown::summary(&diff::compare_recorded(&old.model, old.recorded.as_ref(), api))
        }
    }
}

/// Warnings by code, then the one-line summary scripts read.
fn summary(generation: &codegen::Generation, started: Instant) {
    let mut by_code: BTreeMap<&str, usize> = BTreeMap::new();
    for d in &generation.diagnostics {
        *by_code.entry(d.code.as_str()).or_default() += 1;
    }
    if !by_code.is_empty() {
        let counts: Vec<String> = by_code.iter().map(|(code, n)| format!("{code}: {n}")).collect();
        eprintln!("diagnostics by code: {}", counts.join(", "));
    }
    let count = |severity| generation.diagnostics.iter().filter(|d| d.severity() == severity).count();
    let enums = generation.api.types().iter().filter(|t| t.kind == TypeKind::Enum).count();
    eprintln!(
        "pages: {}, types: {}, enums: {}, operations: {}, warnings: {}, errors: {}, elapsed: {:.2}s",
        generation.pages,
        generation.api.types().len() - enums,
        enums,
        generation.api.operations().len(),
        count(Severity::Warning),
        count(Severity::Error),
        started.elapsed().as_secs_f64()
    );
}
