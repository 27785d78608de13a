//! `cargo xtask bench`: the generator's stages timed against the floor no
//! generator can beat, a bare pulldown-cmark pass over the same files, in
//! one process run and side by side. Each figure is the median of several
//! runs; the ratio whole/floor is what the performance targets are stated in.
//!
//! Beside the stages, each run also times the whole `xtask gen` process on a
//! fresh `--out` (the stages leave out what the process does besides them:
//! writing a fresh tree, the API change summary, diagnostics, exit), with
//! the child's peak memory.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
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

/// One run's time per stage, and the whole process's.
#[derive(Clone, Copy, Default)]
struct Stages {
    floor: Duration,
    read: Duration,
    parse: Duration,
    resolve: Duration,
    emit: Duration,
    write: Duration,
    process: Process,
}

/// `xtask gen` as a child process, once per folder, one after the other.
#[derive(Clone, Copy, Default)]
struct Process {
    elapsed: Duration,
    /// The largest child's peak resident memory in KiB, where it is known.
    peak_kib: Option<u64>,
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
        "{:<48} {:>8} {:>8} {:>8} {:>8} {:>8} {:>8} {:>9} {:>7} {:>8} {:>7} {:>8}",
        "docs",
        "floor",
        "read",
        "parse",
        "resolve",
        "emit",
        "write",
        "generator",
        "ratio",
        "process",
        "p/floor",
        "peak"
    );
    for (name, folders) in sets {
        let mut runs = Vec::new();
        for _ in 0..args.runs.max(1) {
            let mut stages = measure(&folders);
            stages.process = match measure_process(&folders) {
                Ok(process) => process,
                Err(err) => {
                    eprintln!("error: cannot run `xtask gen` as a child: {err}");
                    return std::process::ExitCode::FAILURE;
                }
            };
            runs.push(stages);
        }
        let median = |pick: fn(&Stages) -> Duration| {
            let mut values: Vec<Duration> = runs.iter().map(pick).collect();
            values.sort();
            values[values.len() / 2]
        };
        let floor = median(|s| s.floor);
        let generator = median(Stages::generator);
        let process = median(|s| s.process.elapsed);
        let peak = runs.iter().filter_map(|s| s.process.peak_kib).max();
        let ms = |d: Duration| format!("{:.0}ms", d.as_secs_f64() * 1000.0);
        let ratio = |d: Duration| d.as_secs_f64() / floor.as_secs_f64().max(1e-9);
        println!(
            "{:<48} {:>8} {:>8} {:>8} {:>8} {:>8} {:>8} {:>9} {:>6.1}x {:>8} {:>6.1}x {:>8}",
            name,
            ms(floor),
            ms(median(|s| s.read)),
            ms(median(|s| s.parse)),
            ms(median(|s| s.resolve)),
            ms(median(|s| s.emit)),
            ms(median(|s| s.write)),
            ms(generator),
            ratio(generator),
            ms(process),
            ratio(process),
            peak.map_or_else(|| "unknown".into(), |kib| format!("{}MB", kib / 1024))
        );
    }
    println!(
        "process: `xtask gen` on a fresh --out, one child per folder in sequence; peak: the largest child's"
    );
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

/// One run of the whole generator as the user runs it: this executable's
/// `gen` on each folder in turn, each into a fresh `--out`.
fn measure_process(folders: &[PathBuf]) -> std::io::Result<Process> {
    let mut process = Process::default();
    let out = std::env::temp_dir().join(format!("codegen-bench-{}-process", std::process::id()));
    for folder in folders {
        let _ = fs::remove_dir_all(&out);
        let run = run_gen(folder, &out);
        let _ = fs::remove_dir_all(&out);
        let (elapsed, peak_kib) = run?;
        process.elapsed += elapsed;
        process.peak_kib = process.peak_kib.max(peak_kib);
    }
    Ok(process)
}

/// GNU time, which reports its child's peak memory (`%M`, KiB).
const TIME: &str = "/usr/bin/time";

/// Runs `gen --docs DOCS --out OUT`: its time and, through GNU time, its
/// peak memory. The kernel's `ru_maxrss` of a child spawned straight from
/// this process would not do: a vfork'd child inherits the parent's
/// high-water mark (this process's, stages included) until it execs, while
/// time forks its child from a small process. Without time the peak is
/// unknown.
fn run_gen(docs: &Path, out: &Path) -> std::io::Result<(Duration, Option<u64>)> {
    let exe = std::env::current_exe()?;
    let report = out.with_extension("peak");
    let mut command = if Path::new(TIME).exists() {
        let mut time = Command::new(TIME);
        time.args(["-f", "%M", "-o"]).arg(&report).arg(exe);
        time
    } else {
        Command::new(exe)
    };
    command.arg("gen").arg("--docs").arg(docs).arg("--out").arg(out);
    // Diagnostics are rendered and written as usual, to nowhere.
    command.stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::null());
    let started = Instant::now();
    let status = command.status();
    let elapsed = started.elapsed();
    let peak = fs::read_to_string(&report).ok().and_then(|text| text.trim().parse().ok());
    let _ = fs::remove_file(&report);
    let status = status?;
    if !status.success() {
        return Err(std::io::Error::other(format!("gen --docs {}: {status}", docs.display())));
    }
    Ok((elapsed, peak))
}

/// The process's peak resident memory, from /proc (Linux).
fn peak_memory() -> Option<String> {
    let status = fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    Some(line.trim_start_matches("VmHWM:").trim().to_owned())
}
