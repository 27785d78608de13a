//! `cargo xtask bench`: the generator's stages timed against the floor no
//! generator can beat, a bare pulldown-cmark pass over the same files, in
//! one process run and side by side. Each figure is the median of several
//! runs; the ratio whole/floor is what the performance targets are stated in.

use std::fs;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use codegen::diagnostics::Diagnostics;
use codegen::emit::Settings;
use codegen::source::SourceFile;

/// `cargo xtask bench [--docs DIR]... [--runs N]`, or `cargo xtask bench
/// decode ...` (the generated models' decoding, see `decode_bench`).
#[derive(clap::Args, Clone, Debug)]
#[command(args_conflicts_with_subcommands = true)]
pub struct BenchArgs {
    #[command(subcommand)]
    pub what: Option<BenchWhat>,
    /// Docs folders to measure, each on its own and all together (default:
    /// the corpus's v1.0 and beta beside the project).
    #[arg(long)]
    pub docs: Vec<PathBuf>,
    /// Runs per measurement; the median is reported.
    #[arg(long, default_value_t = 5)]
    pub runs: usize,
}

#[derive(clap::Subcommand, Clone, Debug)]
pub enum BenchWhat {
    /// Decoding and encoding the generated models against `serde_json::Value`.
    Decode(crate::decode_bench::DecodeArgs),
}

/// One run's time per stage.
#[derive(Clone, Copy, Default)]
struct Stages {
    floor: Duration,
    read: Duration,
    parse: Duration,
    resolve: Duration,
    emit: Duration,
    write: Duration,
}

impl Stages {
    fn generator(&self) -> Duration {
        self.read + self.parse + self.resolve + self.emit + self.write
    }
}

pub fn run(args: &BenchArgs) -> std::process::ExitCode {
    if let Some(BenchWhat::Decode(decode)) = &args.what {
        return crate::decode_bench::run(decode);
    }
    let docs = if args.docs.is_empty() {
        let corpus = crate::shared_dir().join("corpus/graph-docs-2021-07");
        vec![corpus.join("v1.0"), corpus.join("beta")]
    } else {
        args.docs.clone()
    };
    let mut sets: Vec<(String, Vec<PathBuf>)> =
        docs.iter().map(|d| (d.display().to_string(), vec![d.clone()])).collect();
    if docs.len() > 1 {
        sets.push(("all of the above".into(), docs.clone()));
    }
    println!(
        "{:<48} {:>8} {:>8} {:>8} {:>8} {:>8} {:>8} {:>9} {:>7}",
        "docs", "floor", "read", "parse", "resolve", "emit", "write", "generator", "ratio"
    );
    for (name, folders) in sets {
        let runs: Vec<Stages> = (0..args.runs.max(1)).map(|_| measure(&folders)).collect();
        let median = |pick: fn(&Stages) -> Duration| {
            let mut values: Vec<Duration> = runs.iter().map(pick).collect();
            values.sort();
            values[values.len() / 2]
        };
        let floor = median(|s| s.floor);
        let generator = median(Stages::generator);
        let ms = |d: Duration| format!("{:.0}ms", d.as_secs_f64() * 1000.0);
        println!(
            "{:<48} {:>8} {:>8} {:>8} {:>8} {:>8} {:>8} {:>9} {:>6.1}x",
            name,
            ms(floor),
            ms(median(|s| s.read)),
            ms(median(|s| s.parse)),
            ms(median(|s| s.resolve)),
            ms(median(|s| s.emit)),
            ms(median(|s| s.write)),
            ms(generator),
            generator.as_secs_f64() / floor.as_secs_f64().max(1e-9)
        );
    }
    println!("peak memory (VmHWM): {}", peak_memory().unwrap_or_else(|| "unknown".into()));
    std::process::ExitCode::SUCCESS
}

/// One run: the floor, then every stage of the generator.
fn measure(folders: &[PathBuf]) -> Stages {
    let mut stages = Stages::default();
    let started = Instant::now();
    let mut diagnostics = Diagnostics::default();
    let mut sources: Vec<SourceFile> = Vec::new();
    for folder in folders {
        sources.extend(codegen::source::read_docs(folder, &mut diagnostics).unwrap_or_default());
    }
    stages.read = started.elapsed();

    // The floor reads the same files and walks every event.
    let started = Instant::now();
    let mut events = 0usize;
    for folder in folders {
        for file in codegen::source::read_docs(folder, &mut Diagnostics::default()).unwrap_or_default() {
            events +=
                pulldown_cmark::Parser::new_ext(&file.text, pulldown_cmark::Options::ENABLE_TABLES).count();
        }
    }
    stages.floor = started.elapsed();
    std::hint::black_box(events);

    let started = Instant::now();
    let pages = codegen::parse_pages(&sources, &mut diagnostics);
    stages.parse = started.elapsed();
    let started = Instant::now();
    let api = codegen::model::build(&pages, &mut diagnostics);
    stages.resolve = started.elapsed();
    let started = Instant::now();
    let files = codegen::emit::emit(&api, &Settings::default()).unwrap_or_default();
    stages.emit = started.elapsed();
    let out = std::env::temp_dir().join(format!("codegen-bench-{}", std::process::id()));
    let started = Instant::now();
    let _ = crate::output::write(&out, &files, None, &api);
    stages.write = started.elapsed();
    let _ = fs::remove_dir_all(&out);
    stages
}

/// The process's peak resident memory, from /proc (Linux).
fn peak_memory() -> Option<String> {
    let status = fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    Some(line.trim_start_matches("VmHWM:").trim().to_owned())
}
