//! The commands behind `cargo xtask`, as a library so that tests can run
//! them in-process. This is the only code that writes generated files.
#![forbid(unsafe_code)]

pub mod bench;
pub mod decode_bench;
pub mod diff;
pub mod examples;
pub mod gen;
pub mod output;
pub mod report;
pub mod sarif;

use std::path::PathBuf;

use report::MessageFormat;

/// A command's exit code: success, or its error printed on stderr.
pub fn exit_code(outcome: Result<(), String>) -> std::process::ExitCode {
    match outcome {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            std::process::ExitCode::FAILURE
        }
    }
}

/// The shared data folder (the corpus): `GRAPH_SHARED_DIR`, else `../shared`.
pub fn shared_dir() -> PathBuf {
    std::env::var_os("GRAPH_SHARED_DIR").map_or_else(|| PathBuf::from("../shared"), PathBuf::from)
}

/// `cargo xtask gen [--docs DIR] [--out DIR] [--ir FILE] [--check]
/// [--package NAME] [--message-format human|json|sarif]`.
#[derive(clap::Args, Clone, Debug)]
pub struct GenArgs {
    /// Folder searched recursively for `*.md` pages.
    #[arg(long, default_value = "docs-input")]
    pub docs: PathBuf,
    /// Folder the crate is written to (Cargo.toml + src).
    #[arg(long, default_value = "generated")]
    pub out: PathBuf,
    /// Also write the resolved model (the IR) as JSON to this file.
    #[arg(long)]
    pub ir: Option<PathBuf>,
    /// Write nothing; exit 1 and list the files that differ if --out is not
    /// exactly what would be generated.
    #[arg(long)]
    pub check: bool,
    /// Package name of the generated crate.
    #[arg(long, default_value = "graph-api")]
    pub package: String,
    /// Format of the diagnostics: `human` lines on stderr, or `json` lines
    /// or a `sarif` log on stdout (the counts and summary stay on stderr).
    #[arg(long, value_enum, default_value_t = MessageFormat::Human)]
    pub message_format: MessageFormat,
}
