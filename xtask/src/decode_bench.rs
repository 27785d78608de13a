//! `cargo xtask bench decode`: how fast the generated models decode and
//! encode, against `serde_json::Value` and a parse-only pass over the same
//! bytes, in one run. Generates the crate from the docs (the corpus's v1.0
//! by default), builds a page of events, messages and users from the docs'
//! own response examples, and runs the programs in `xtask/decode-bench/`
//! (timings, then heap) built in release against that crate.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use codegen::diagnostics::Diagnostics;
use codegen::emit::Settings;
use codegen::model::{Api, ExampleKind, TypeRef};
use serde_json::Value;

use crate::output;

/// `cargo xtask bench decode [--docs DIR] [--items N] [--runs N]`.
#[derive(clap::Args, Clone, Debug)]
pub struct DecodeArgs {
    /// Docs the crate is generated from (default: the corpus's v1.0).
    #[arg(long)]
    pub docs: Option<PathBuf>,
    /// Items on each page (the docs' examples repeated in turn).
    #[arg(long, default_value_t = 4000)]
    pub items: usize,
    /// Runs per measurement; the best is reported.
    #[arg(long, default_value_t = 7)]
    pub runs: usize,
}

/// The pages measured: file, and the type whose examples fill it.
const PAGES: [(&str, &str); 3] = [("events", "event"), ("messages", "message"), ("users", "user")];

/// Where everything is built, so that reruns reuse the release build.
const WORK: &str = "target/bench-decode";

pub fn run(args: &DecodeArgs) -> ExitCode {
    crate::exit_code(bench(args))
}

fn bench(args: &DecodeArgs) -> Result<(), String> {
    let docs =
        args.docs.clone().unwrap_or_else(|| crate::shared_dir().join("corpus/graph-docs-2021-07/v1.0"));
    let mut diagnostics = Diagnostics::default();
    let sources = codegen::source::read_docs(&docs, &mut diagnostics)
        .map_err(|e| format!("cannot read {}: {e}", docs.display()))?;
    let generation = codegen::generate(&sources, &Settings::default(), diagnostics);
    if generation.has_errors() {
        return Err("the docs have errors; run `cargo xtask gen` on them to see them".into());
    }
    let work = fs::canonicalize(".").map_err(|e| e.to_string())?.join(WORK);
    let krate = work.join("graph-api");
    output::write(&krate, &generation.files, None, &generation.api).map_err(|e| e.to_string())?;
    let pages = work.join("pages");
    fs::create_dir_all(&pages).map_err(|e| e.to_string())?;
    for (file, type_name) in PAGES {
        let items = example_items(&generation.api, type_name);
        if items.is_empty() {
            return Err(format!("the docs have no response example of `{type_name}`"));
        }
        let page = page_of(&items, args.items);
        fs::write(pages.join(format!("{file}.json")), page).map_err(|e| e.to_string())?;
        eprintln!("{file}: {} items from {} examples of `{type_name}`", args.items, items.len());
    }
    let app = work.join("app");
    write_app(&app, &krate)?;
    let runs = args.runs.to_string();
    cargo_run(&app, &work, "speed", &[&runs, &pages.display().to_string()])?;
    cargo_run(&app, &work, "memory", &[&pages.display().to_string()])
}

/// Every object the docs give as a response of `type_name` (alone, or as
/// an item of a collection response), without its `@odata.context`.
fn example_items(api: &Api, type_name: &str) -> Vec<Value> {
    let mut items = Vec::new();
    for example in &api.examples {
        let ExampleKind::Response { ty: TypeRef::Named(key), collection } = &example.kind else { continue };
        if key.name != type_name || key.namespace.is_some() {
            continue;
        }
        let Ok(json) = serde_json::from_str::<Value>(&example.json) else { continue };
        let found = match (collection, json) {
            (true, Value::Object(mut page)) => match page.remove("value") {
                Some(Value::Array(values)) => values,
                _ => Vec::new(),
            },
            (false, single) => vec![single],
            _ => Vec::new(),
        };
        for mut item in found {
            if let Value::Object(members) = &mut item {
                members.remove("@odata.context");
                items.push(item);
            }
        }
    }
    items
}

/// A collection response of `count` items, the examples in turn, with the
/// members a real page carries around them.
fn page_of(items: &[Value], count: usize) -> String {
    let value: Vec<&Value> = items.iter().cycle().take(count).collect();
    serde_json::json!({
        "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#Collection",
        "@odata.nextLink": "https://graph.microsoft.com/v1.0/me/items?$skiptoken=X%27bench%27",
        "value": value,
    })
    .to_string()
}

/// The bench package: the programs of `xtask/decode-bench/` by absolute
/// path, against the generated crate.
fn write_app(app: &Path, krate: &Path) -> Result<(), String> {
    let programs = fs::canonicalize("xtask/decode-bench").map_err(|e| format!("xtask/decode-bench: {e}"))?;
    let manifest = format!(
        r#"# Written by `cargo xtask bench decode`.
[package]
name = "decode-bench"
version = "0.0.0"
edition = "2021"
publish = false

[[bin]]
name = "speed"
path = "{speed}"

[[bin]]
name = "memory"
path = "{memory}"

[dependencies]
graph-api = {{ path = "{krate}" }}
peak_alloc = "0.3"
serde = "1"
serde_json = "1"

[profile.release]
debug = "line-tables-only"

[workspace]
"#,
        speed = programs.join("speed.rs").display(),
        memory = programs.join("memory.rs").display(),
        krate = krate.display(),
    );
    fs::create_dir_all(app).map_err(|e| e.to_string())?;
    fs::write(app.join("Cargo.toml"), manifest).map_err(|e| e.to_string())
}

fn cargo_run(app: &Path, work: &Path, bin: &str, args: &[&str]) -> Result<(), String> {
    eprintln!("building and running `{bin}` (release) ...");
    let status = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
        .args(["run", "--quiet", "--release", "--bin", bin, "--manifest-path"])
        .arg(app.join("Cargo.toml"))
        .arg("--")
        .args(args)
        .env("CARGO_TARGET_DIR", work.join("target"))
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    status.success().then_some(()).ok_or_else(|| format!("`{bin}` failed ({status})"))
}
