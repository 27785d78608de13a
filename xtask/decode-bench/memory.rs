//! The memory program behind `cargo xtask bench decode` (see `speed.rs`):
//! the heap a decode of each page takes at its peak, and what the decoded
//! value keeps, counted by a wrapping allocator (which would slow the
//! timings, hence a program of its own).
//!
//!   memory DIR

use graph_api::models::{Event, Message, User};
use graph_api::support::Page;
use serde::de::DeserializeOwned;

#[global_allocator]
static HEAP: peak_alloc::PeakAlloc = peak_alloc::PeakAlloc;

fn main() {
    let dir = std::env::args().nth(1).expect("usage: memory DIR");
    println!("{:<9} {:>9} | {:>11} {:>11} {:>6} | {:>11} {:>11}", "page", "JSON KB", "typed peak", "typed kept", "peak/", "Value peak", "Value kept");
    page::<Event>("events", &format!("{dir}/events.json"));
    page::<Message>("messages", &format!("{dir}/messages.json"));
    page::<User>("users", &format!("{dir}/users.json"));
    println!("heap in KB above the page's JSON (already in memory); peak/ = typed peak / typed kept");
}

fn page<T: DeserializeOwned>(name: &str, file: &str) {
    let json = std::fs::read(file).unwrap_or_else(|e| panic!("{file}: {e}"));
    let (typed_peak, typed_kept) = heap(|| serde_json::from_slice::<Page<T>>(&json).expect("the page decodes"));
    let (value_peak, value_kept) = heap(|| serde_json::from_slice::<serde_json::Value>(&json).expect("JSON"));
    println!(
        "{name:<9} {:>9} | {:>11} {:>11} {:>5.2}x | {:>11} {:>11}",
        json.len() / 1024,
        typed_peak / 1024,
        typed_kept / 1024,
        typed_peak as f64 / typed_kept.max(1) as f64,
        value_peak / 1024,
        value_kept / 1024,
    );
}

/// The heap `decode` reaches at its peak and what its result keeps, in bytes.
fn heap<T>(decode: impl FnOnce() -> T) -> (usize, usize) {
    let base = HEAP.current_usage();
    HEAP.reset_peak_usage();
    let value = decode();
    let kept = HEAP.current_usage() - base;
    let peak = HEAP.peak_usage() - base;
    drop(value);
    (peak, kept)
}
