//! `cargo xtask gen`: read the docs, generate, report, write (or check).

use std::collections::BTreeMap;
use std::process::ExitCode;
use std::time::Instant;

use codegen::diagnostics::{Diagnostics, Severity};
use codegen::emit::Settings;
use codegen::model::TypeKind;

use crate::{output, GenArgs};

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
    for diagnostic in &generation.diagnostics {
        eprintln!("{diagnostic}");
    }
    let failed = generation.has_errors();
    let outcome = if failed {
        eprintln!("error: nothing was written because of the errors above");
        Ok(false)
    } else if args.check {
        output::check(&args.out, &generation.files, args.ir.as_deref(), &generation.api)
    } else {
        output::write(&args.out, &generation.files, args.ir.as_deref(), &generation.api)
    };
    let ok = match outcome {
        Ok(ok) => ok,
        Err(err) => {
            eprintln!("error: {err}");
            false
        }
    };
    summary(&generation, started);
    if ok && !failed {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
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
    let enums = generation.api.types.iter().filter(|t| t.kind == TypeKind::Enum).count();
    eprintln!(
        "pages: {}, types: {}, enums: {}, operations: {}, warnings: {}, errors: {}, elapsed: {:.2}s",
        generation.pages,
        generation.api.types.len() - enums,
        enums,
        generation.api.operations.len(),
        count(Severity::Warning),
        count(Severity::Error),
        started.elapsed().as_secs_f64()
    );
}
