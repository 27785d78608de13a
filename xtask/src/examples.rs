//! `cargo xtask examples`: how many of the docs' own JSON examples the
//! generated crate handles. Generates the crate, runs its doc-example tests
//! in report mode and summarizes: decoded, lossless, total, and the
//! failures grouped by cause.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use codegen::diagnostics::Diagnostics;
use codegen::emit::Settings;

use crate::output;

/// `cargo xtask examples [--docs DIR] [--out DIR]`.
#[derive(clap::Args, Clone, Debug)]
pub struct ExamplesArgs {
    /// Folder searched recursively for `*.md` pages.
    #[arg(long, default_value = "docs-input")]
    pub docs: PathBuf,
    /// Where the crate is generated (default: target/examples/<docs folder name>).
    #[arg(long)]
    pub out: Option<PathBuf>,
}

pub fn run(args: &ExamplesArgs) -> ExitCode {
    crate::exit_code(examples(args))
}

fn examples(args: &ExamplesArgs) -> Result<(), String> {
    let mut diagnostics = Diagnostics::default();
    let sources = codegen::source::read_docs(&args.docs, &mut diagnostics)
        .map_err(|e| format!("cannot read {}: {e}", args.docs.display()))?;
    let generation = codegen::generate(&sources, &Settings::default(), diagnostics);
    if generation.has_errors() {
        return Err("the docs have errors; run `cargo xtask gen` on them to see them".into());
    }
    let name = args.docs.file_name().map_or("docs".into(), |n| n.to_string_lossy().into_owned());
    let out = args.out.clone().unwrap_or_else(|| Path::new("target/examples").join(&name));
    output::write(&out, &generation.files, None, &generation.api).map_err(|e| e.to_string())?;
    let report = out.join("doc-examples-report.tsv");
    let _ = fs::remove_file(&report);
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| PathBuf::from("target/examples-build"), PathBuf::from);
    eprintln!("building and running the doc-example tests of {} ...", out.display());
    let status = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
        .args(["test", "--quiet", "--test", "doc_examples", "--manifest-path"])
        .arg(out.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", target)
        .env(
            "DOC_EXAMPLES_REPORT",
            fs::canonicalize(&out).map_err(|e| e.to_string())?.join("doc-examples-report.tsv"),
        )
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !status.success() {
        return Err("the generated crate's doc-example tests did not build or run".into());
    }
    let text = fs::read_to_string(&report).map_err(|e| format!("{}: {e}", report.display()))?;
    let mut skipped: BTreeMap<&str, usize> = BTreeMap::new();
    for example in &generation.api.skipped_examples {
        *skipped.entry(example.reason).or_default() += 1;
    }
    print!("{}", summarize(&args.docs, &text, &skipped));
    Ok(())
}

/// Counts of one kind of example.
#[derive(Default)]
struct Tally {
    total: usize,
    decoded: usize,
    lossless: usize,
    /// Decoded with some values not of their documented type (kept raw).
    kept_raw: usize,
}

/// The report in words: figures per kind, then failures by cause.
fn summarize(docs: &Path, report: &str, skipped: &BTreeMap<&str, usize>) -> String {
    let (mut responses, mut requests) = (Tally::default(), Tally::default());
    let mut causes: BTreeMap<String, (usize, String)> = BTreeMap::new();
    for line in report.lines() {
        let mut fields = line.splitn(3, '\t');
        let (Some(kind), Some(at), Some(outcome)) = (fields.next(), fields.next(), fields.next()) else {
            continue;
        };
        let tally = if kind == "response" { &mut responses } else { &mut requests };
        tally.total += 1;
        if outcome == "ok" {
            tally.decoded += 1;
            tally.lossless += 1;
            continue;
        }
        let decode_failed =
            outcome.starts_with("decode:") || outcome.starts_with("body:") || outcome.starts_with("not JSON");
        if kind == "response" && !decode_failed {
            tally.decoded += 1;
        }
        // Decoded and re-encoded equal, with some values kept as raw JSON.
        if outcome.starts_with("kept raw") {
            tally.lossless += 1;
            tally.kept_raw += 1;
        }
        let entry = causes.entry(format!("{kind}: {}", cause(outcome))).or_insert((0, at.to_owned()));
        entry.0 += 1;
    }
    let percent = |n: usize, d: usize| if d == 0 { 0.0 } else { 100.0 * n as f64 / d as f64 };
    let skipped_total: usize = skipped.values().sum();
    let skipped_list: Vec<String> = skipped.iter().map(|(reason, n)| format!("{n} {reason}")).collect();
    let mut out = format!("examples of {}\n", docs.display());
    out.push_str(&format!(
        "  response examples: {} concrete ({} more left out: {})\n",
        responses.total,
        skipped_total,
        if skipped_list.is_empty() { "none".into() } else { skipped_list.join(", ") }
    ));
    out.push_str(&format!(
        "    decoded: {} / {} ({:.2}%), lossless: {} / {} ({:.2}%)\n",
        responses.decoded,
        responses.total,
        percent(responses.decoded, responses.total),
        responses.lossless,
        responses.total,
        percent(responses.lossless, responses.total)
    ));
    out.push_str(&format!(
        "    of those, {} decoded with some values not of their documented type (kept raw, see causes)\n",
        responses.kept_raw
    ));
    out.push_str(&format!(
        "  request examples: {} / {} built exactly as documented ({:.2}%)\n",
        requests.lossless,
        requests.total,
        percent(requests.lossless, requests.total)
    ));
    let mut by_count: Vec<(String, (usize, String))> = causes.into_iter().collect();
    by_count.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then_with(|| a.0.cmp(&b.0)));
    if !by_count.is_empty() {
        out.push_str("  failures by cause (count, cause, first example):\n");
        for (cause, (count, at)) in by_count {
            out.push_str(&format!("    {count:>5}  {cause}  ({at})\n"));
        }
    }
    out
}

/// A failure message without its specifics, so that equal causes group:
/// quoted values, JSON paths and positions are elided.
fn cause(message: &str) -> String {
    let mut out = String::new();
    let mut chars = message.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' | '`' => {
                for next in chars.by_ref() {
                    if next == c {
                        break;
                    }
                }
                out.push_str("\"…\"");
            }
            '$' => {
                while chars.peek().is_some_and(|n| !n.is_whitespace() && *n != ':') {
                    chars.next();
                }
                out.push('$');
            }
            c if c.is_ascii_digit() => {
                while chars.peek().is_some_and(char::is_ascii_digit) {
                    chars.next();
                }
                out.push('N');
            }
            c => out.push(c),
        }
    }
    out.split(" at line").next().unwrap_or_default().trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn causes_group_equal_failures() {
        assert_eq!(
            cause("decode: invalid type: string \"x\", expected i32 at line 3 column 9"),
            "decode: invalid type: string \"…\", expected iN"
        );
        assert_eq!(cause("$.a[2].b: \"1\" became \"2\""), "$: \"…\" became \"…\"");
    }

    #[test]
    fn summary_counts_decoded_and_lossless() {
        let report = "response\ta.md:1\tok\nresponse\tb.md:2\t$.x: 1 became 2\nresponse\tc.md:3\tdecode: bad\nrequest\td.md:4\tok\nresponse\te.md:5\tkept raw: 1 value(s)\n";
        let skipped = BTreeMap::from([("placeholder values", 2)]);
        let text = summarize(Path::new("docs"), report, &skipped);
        assert!(
            text.contains("response examples: 4 concrete (2 more left out: 2 placeholder values)"),
            "{text}"
        );
        assert!(text.contains("decoded: 3 / 4 (75.00%), lossless: 2 / 4 (50.00%)"), "{text}");
        assert!(text.contains("of those, 1 decoded with some values not of their documented type"), "{text}");
        assert!(text.contains("request examples: 1 / 1 built exactly as documented (100.00%)"), "{text}");
        assert!(text.contains("1  response: decode: bad  (c.md:3)"), "{text}");
    }
}
