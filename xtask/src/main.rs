//! `cargo xtask`: the project's command line.
#![forbid(unsafe_code)]

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use xtask::{bench, diff, examples, gen, GenArgs};

/// The generator allocates millions of small tokens and strings.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
    /// Compare two APIs (docs folders or IR JSON files): changes and semver verdict.
    Diff(diff::DiffArgs),
    /// Report how many of the docs' JSON examples the generated crate decodes.
    Examples(examples::ExamplesArgs),
    /// Time the generator's stages against a bare pulldown-cmark pass.
    Bench(bench::BenchArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Gen(args) => gen::run(&args),
        Command::Diff(args) => diff::run(&args),
        Command::Examples(args) => examples::run(&args),
        Command::Bench(args) => bench::run(&args),
    }
}
