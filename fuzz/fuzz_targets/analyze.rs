//! One input is a set of pages separated by NUL bytes (a byte no page
//! contains): each is decoded as `read_docs` decodes a file (invalid UTF-8
//! is a diagnostic, not a crash), then all are parsed and resolved.
//! Diagnostics are fine; a panic, an abort or a hang is a finding.
#![no_main]

use codegen::diagnostics::Diagnostics;
use codegen::source::decode;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut diagnostics = Diagnostics::default();
    let sources: Vec<_> = data
        .split(|&byte| byte == 0)
        .take(16)
        .enumerate()
        .filter_map(|(i, bytes)| decode(page_path(i, bytes), bytes.to_vec(), &mut diagnostics))
        .collect();
    let api = codegen::analyze(&sources, &mut diagnostics);
    // The IR must always serialize: it is what `--ir` and `api.json` write.
    codegen::emit::api_json(&api).expect("the IR serializes");
});

/// Operation pages live under `api/`, resources under `resources/`: the
/// path decides how a page is read, so both kinds get fuzzed.
fn page_path(index: usize, bytes: &[u8]) -> String {
    let is_operation = bytes.windows(12).any(|w| w == b"HTTP request");
    format!("{}/page{index}.md", if is_operation { "api" } else { "resources" })
}
