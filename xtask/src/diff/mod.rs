//! `cargo xtask diff --old A --new B`: what changed in the API between two
//! docs folders or IR files, and the semver verdict on the generated Rust
//! API. `gen` uses the same comparison for its summary after each run.

pub mod changes;
pub mod markdown;
pub mod semver;
pub mod surface;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use codegen::diagnostics::{Diagnostic, Diagnostics, Severity};
use codegen::source::SourceFile;
use serde::Serialize;

use codegen::model::Api;

use crate::report::{self, Batch, MessageFormat};
use changes::Changes;
use semver::{Breaking, RustCounts, Semver};
use surface::Surface;

/// `cargo xtask diff --old A --new B [--format markdown|json] [--message-format ...]`.
#[derive(clap::Args, Clone, Debug)]
pub struct DiffArgs {
    /// The previous API: a docs folder, or an IR JSON file (`--ir`, `api.json`).
    #[arg(long)]
    pub old: PathBuf,
    /// The new API: a docs folder, or an IR JSON file.
    #[arg(long)]
    pub new: PathBuf,
    /// `markdown` (a changelog section) or `json` (for tools).
    #[arg(long, value_enum, default_value_t = Format::Markdown)]
    pub format: Format,
    /// Format of the diagnostics about docs folders (printed on stderr).
    #[arg(long, value_enum, default_value_t = MessageFormat::Human)]
    pub message_format: MessageFormat,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Json,
}

/// The whole diff: the model changes, then the verdict. This is the JSON
/// `--format json` prints.
#[derive(Clone, Debug, Serialize)]
pub struct ApiDiff {
    #[serde(flatten)]
    pub changes: Changes,
    pub breaking: Vec<Breaking>,
    pub semver: Semver,
    /// Public Rust items added, removed and changed.
    pub rust_items: RustCounts,
}

/// Compares two models.
pub fn compare(old: &Api, new: &Api) -> ApiDiff {
    let verdict = semver::judge(&Surface::of(old), &Surface::of(new));
    ApiDiff {
        changes: Changes::between(old, new),
        breaking: verdict.breaking,
        semver: verdict.semver,
        rust_items: verdict.rust,
    }
}

/// `--format json`'s text.
pub fn to_json(diff: &ApiDiff) -> String {
    let mut json = serde_json::to_string_pretty(diff).unwrap_or_default();
    json.push('\n');
    json
}

/// One side of the diff, with what reading it reported.
struct Input {
    model: Api,
    /// The docs folder (`None` for an IR file).
    docs: Option<PathBuf>,
    sources: Vec<SourceFile>,
    diagnostics: Vec<Diagnostic>,
}

fn load(path: &Path) -> Result<Input, String> {
    if path.is_dir() {
        let mut diagnostics = Diagnostics::default();
        let sources = codegen::source::read_docs(path, &mut diagnostics).map_err(|e| e.to_string())?;
        let model = codegen::analyze(&sources, &mut diagnostics);
        Ok(Input { model, docs: Some(path.to_owned()), sources, diagnostics: diagnostics.into_sorted() })
    } else {
        let text = fs::read_to_string(path).map_err(|e| e.to_string())?;
        let model = Api::from_json(&text)?;
        Ok(Input { model, docs: None, sources: Vec::new(), diagnostics: Vec::new() })
    }
}

/// Exit status: 0, 1 when a docs folder has errors (the diff is still
/// printed), 2 when an input cannot be read.
pub fn run(args: &DiffArgs) -> ExitCode {
    let mut inputs = Vec::new();
    for (flag, path) in [("--old", &args.old), ("--new", &args.new)] {
        match load(path) {
            Ok(input) => inputs.push(input),
            Err(err) => {
                eprintln!("error: {flag} {}: {err}", path.display());
                return ExitCode::from(2);
            }
        }
    }
    let batches: Vec<Batch<'_>> = inputs
        .iter()
        .zip(["old", "new"])
        .filter_map(|(input, side)| {
            input.docs.as_deref().map(|docs| Batch {
                docs,
                sources: &input.sources,
                diagnostics: &input.diagnostics,
                side: Some(side),
            })
        })
        .collect();
    // stdout is the diff, so diagnostics go to stderr in every format.
    eprint!("{}", report::render(args.message_format, &batches));
    let diff = compare(&inputs[0].model, &inputs[1].model);
    match args.format {
        Format::Markdown => print!("{}", markdown::render(&diff)),
        Format::Json => print!("{}", to_json(&diff)),
    }
    let failed = inputs.iter().flat_map(|i| &i.diagnostics).any(|d| d.severity() == Severity::Error);
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
