//! `cargo xtask`: the project's command line. The only code that writes
//! generated files to disk.
#![forbid(unsafe_code)]

mod gen;
mod output;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "cargo xtask", about = "Generate Rust from Graph-style API reference pages")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Generate the crate from the docs (by default: docs-input → generated).
    Gen(GenArgs),
}

#[derive(clap::Args)]
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
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Gen(args) => gen::run(&args),
    }
}
