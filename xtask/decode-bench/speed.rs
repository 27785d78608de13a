//! The timing program behind `cargo xtask bench decode`, built against a crate
//! generated from the docs (xtask writes its Cargo.toml beside it). For each
//! page it times, best of `runs`: decoding into the typed `Page<T>`, into
//! `serde_json::Value`, a parse-only pass (`IgnoredAny`), and encoding the
//! typed page and the `Value`. Its twin `memory.rs` counts the heap a
//! decode takes.
//!
//!   speed RUNS DIR        (DIR holds events.json, messages.json, users.json)

use std::hint::black_box;
use std::time::{Duration, Instant};

use graph_api::models::{Event, Message, User};
use graph_api::support::Page;
use serde::de::{DeserializeOwned, IgnoredAny};
use serde::Serialize;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.as_slice() {
        [runs, dir] => speed(runs.parse().expect("RUNS is a number"), dir),
        _ => {
            eprintln!("usage: speed RUNS DIR");
            std::process::exit(2);
        }
    }
}

fn speed(runs: usize, dir: &str) {
    println!(
        "{:<9} {:>7} {:>7} | {:>9} {:>9} {:>9} {:>8} {:>8} | {:>9} {:>9} {:>6}",
        "page", "items", "MB", "typed", "Value", "parse", "Value/", "parse/", "enc typed", "enc Value", "ratio"
    );
    page::<Event>("events", &format!("{dir}/events.json"), runs);
    page::<Message>("messages", &format!("{dir}/messages.json"), runs);
    page::<User>("users", &format!("{dir}/users.json"), runs);
    println!("decode in MB/s; Value/ = typed speed / Value speed, parse/ = typed / parse-only (higher is better);");
    println!("encoding in MB/s of the page's JSON; ratio = typed / Value");
}

/// One page: every measurement, then one line.
fn page<T: DeserializeOwned + Serialize>(name: &str, file: &str, runs: usize) {
    let json = std::fs::read(file).unwrap_or_else(|e| panic!("{file}: {e}"));
    let typed_page: Page<T> = serde_json::from_slice(&json).expect("the page decodes");
    let value: serde_json::Value = serde_json::from_slice(&json).expect("the page is JSON");
    let mb = json.len() as f64 / 1e6;
    let speed = |time: Duration| mb / time.as_secs_f64();
    let typed = speed(best(runs, || serde_json::from_slice::<Page<T>>(&json).map(|_| ())));
    let untyped = speed(best(runs, || serde_json::from_slice::<serde_json::Value>(&json).map(|_| ())));
    let parse = speed(best(runs, || serde_json::from_slice::<IgnoredAny>(&json).map(|_| ())));
    let encode_typed = speed(best(runs, || serde_json::to_vec(&typed_page).map(|_| ())));
    let encode_value = speed(best(runs, || serde_json::to_vec(&value).map(|_| ())));
    println!(
        "{name:<9} {:>7} {mb:>7.2} | {typed:>9.1} {untyped:>9.1} {parse:>9.1} {:>7.2}x {:>7.2}x | {encode_typed:>9.1} {encode_value:>9.1} {:>5.2}x",
        typed_page.value.len(),
        typed / untyped,
        typed / parse,
        encode_typed / encode_value,
    );
}

/// The shortest of `runs` timings of `work`; what it builds is dropped
/// outside the timing.
fn best<E: std::fmt::Debug>(runs: usize, mut work: impl FnMut() -> Result<(), E>) -> Duration {
    (0..runs.max(1))
        .map(|_| {
            let started = Instant::now();
            black_box(work()).expect("the work succeeds");
            started.elapsed()
        })
        .min()
        .unwrap_or_default()
}
