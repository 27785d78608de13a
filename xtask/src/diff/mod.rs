//! `cargo xtask diff --old A --new B`: what changed in the API between two
//! docs folders, IR files or generated crates, and the semver verdict on
//! the generated Rust API. `gen` uses the same comparison for its summary
//! after each run.

pub mod changes;
pub mod markdown;
pub mod semver;

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use codegen::diagnostics::{Diagnostic, Diagnostics, Severity};
use codegen::source::SourceFile;
use serde::Serialize;

use codegen::emit::API_JSON;
use codegen::layout::surface::{Surface, API_SURFACE};
use codegen::model::Api;

use crate::report::{self, Batch, MessageFormat};
use changes::Changes;
use semver::{Breaking, RustCounts, Semver};

/// `cargo xtask diff --old A --new B [--format markdown|json] [--message-format ...]`.
#[derive(clap::Args, Clone, Debug)]
pub struct DiffArgs {
    /// The previous API: a docs folder, an IR JSON file (`--ir`, `api.json`),
    /// or a generated crate (a folder with `api.json`).
    #[arg(long)]
    pub old: PathBuf,
    /// The new API: a docs folder, an IR JSON file or a generated crate.
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
    /// When the old side is a generated crate: the public Rust items this
    /// generator adds, removes and changes for the old docs alone (zero
    /// when it lays them out as the crate's generator did).
    #[serde(skip_serializing_if = "Option::is_none", rename = "generator_rust_items")]
    pub generator: Option<RustCounts>,
}

impl ApiDiff {
    /// Whether this generator changed the Rust API of unchanged docs.
    pub fn generator_changed(&self) -> bool {
        self.generator.is_some_and(|counts| counts != RustCounts::default())
    }
}

/// Compares two models, both laid out by this generator.
pub fn compare(old: &Api, new: &Api) -> ApiDiff {
    compare_recorded(old, None, new)
}

/// Compares two models; `recorded` is the Rust API the old model was
/// generated with (a crate's [`API_SURFACE`]), which may differ from this
/// generator's layout of it. The verdict then judges from the recorded
/// API, and breaking changes the generator alone makes are marked.
pub fn compare_recorded(old: &Api, recorded: Option<&Surface>, new: &Api) -> ApiDiff {
    let regenerated = Surface::of(old);
    let new_surface = Surface::of(new);
    let from = recorded.unwrap_or(&regenerated);
    let mut verdict = semver::judge(from, &new_surface);
    let generator = recorded.map(|recorded| {
        let by_generator = semver::judge(recorded, &regenerated);
        let by_docs = semver::judge(&regenerated, &new_surface);
        let whats = |v: &semver::Verdict| v.breaking.iter().map(|b| b.what.clone()).collect::<BTreeSet<_>>();
        let (generator_whats, docs_whats) = (whats(&by_generator), whats(&by_docs));
        for breaking in &mut verdict.breaking {
            breaking.by_generator =
                generator_whats.contains(&breaking.what) && !docs_whats.contains(&breaking.what);
        }
        by_generator.rust
    });
    ApiDiff {
        changes: Changes::between(old, new),
        breaking: verdict.breaking,
        semver: verdict.semver,
        rust_items: verdict.rust,
        generator,
    }
}

/// `--format json`'s text.
pub fn to_json(diff: &ApiDiff) -> String {
    let mut json = serde_json::to_string_pretty(diff).unwrap_or_default();
    json.push('\n');
    json
}

/// A generated crate's model, and the Rust API it was generated with (none
/// when it is older than [`API_SURFACE`]).
pub struct GeneratedCrate {
    pub model: Api,
    pub recorded: Option<Surface>,
}

/// One side of the diff, with what reading it reported.
struct Input {
    model: Api,
    /// The Rust API a generated crate recorded.
    recorded: Option<Surface>,
    /// The docs folder (`None` for an IR file).
    docs: Option<PathBuf>,
    sources: Vec<SourceFile>,
    diagnostics: Vec<Diagnostic>,
}

fn load(path: &Path) -> Result<Input, String> {
    if path.join(API_JSON).is_file() {
        let GeneratedCrate { model, recorded } = read_crate(path)?;
        Ok(Input { model, recorded, docs: None, sources: Vec::new(), diagnostics: Vec::new() })
    } else if path.is_dir() {
        let mut diagnostics = Diagnostics::default();
        let sources = codegen::source::read_docs(path, &mut diagnostics).map_err(|e| e.to_string())?;
        let model = codegen::analyze(&sources, &mut diagnostics);
        let diagnostics = diagnostics.into_sorted();
        Ok(Input { model, recorded: None, docs: Some(path.to_owned()), sources, diagnostics })
    } else {
        let text = fs::read_to_string(path).map_err(|e| e.to_string())?;
        let model = Api::from_json(&text)?;
        Ok(Input { model, recorded: None, docs: None, sources: Vec::new(), diagnostics: Vec::new() })
    }
}

/// Reads the generated crate in `dir`.
pub fn read_crate(dir: &Path) -> Result<GeneratedCrate, String> {
    let model = fs::read_to_string(dir.join(API_JSON)).map_err(|e| format!("{API_JSON}: {e}"))?;
    let model = Api::from_json(&model).map_err(|e| format!("{API_JSON}: {e}"))?;
    let recorded = match fs::read_to_string(dir.join(API_SURFACE)) {
        Ok(text) => Some(Surface::from_text(&text).map_err(|e| format!("{API_SURFACE}: {e}"))?),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => None,
        Err(err) => return Err(format!("{API_SURFACE}: {err}")),
    };
    Ok(GeneratedCrate { model, recorded })
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
    // A crate on the new side is read as its model: what this generator
    // makes of it is the new API.
    let diff = compare_recorded(&inputs[0].model, inputs[0].recorded.as_ref(), &inputs[1].model);
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
