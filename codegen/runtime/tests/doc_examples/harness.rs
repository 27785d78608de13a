//! The checks behind a generated crate's `tests/doc_examples.rs`: the docs'
//! response examples decoded and re-encoded, their request examples
//! compared with what the generated request functions build, and the
//! report mode of `cargo xtask examples`.
//!
//! The generator copies this file verbatim into every crate it generates
//! (from `codegen/runtime/tests/doc_examples/harness.rs`, where it is
//! compiled and tested); edit it there, never in a generated crate.

use serde_json::Value;

// The parent (the test crate's root) imports the crate under test's
// `support`, whatever the package is called.
use super::support;

/// The examples' JSON texts, by location.
static EXAMPLES: &str = include_str!("../doc_examples.json");

/// The JSON text of the example at `at` (`api/x.md:12`).
pub fn example(at: &str) -> &'static str {
    static PARSED: std::sync::OnceLock<std::collections::HashMap<String, String>> =
        std::sync::OnceLock::new();
    let examples = PARSED.get_or_init(|| serde_json::from_str(EXAMPLES).expect("doc_examples.json"));
    examples.get(at).map(String::as_str).unwrap_or_else(|| panic!("no example {at}"))
}

/// Checks one response example.
pub type ResponseCheck = fn(&str) -> Result<(), String>;

/// Builds one request example and compares it with the docs.
pub type RequestCheck = fn() -> Result<(), String>;

/// Held by each table's test while it runs its cases: the count of values
/// kept raw ([`support::mismatched_values`]) is process-wide, so a request
/// case decoding its body beside a response case would be counted against
/// that response.
pub fn one_table_at_a_time() -> std::sync::MutexGuard<'static, ()> {
    static TABLES: std::sync::Mutex<()> = std::sync::Mutex::new(());
    // A failed table (a panic in `conclude`) must not fail the other.
    TABLES.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Runs a table's cases on a thread with a 256 MiB stack (reserved, not
/// touched). A debug build moves a decoded value by copying it, frame by
/// frame: a struct of thousands of properties (200 KB for 10,000) copied a
/// dozen times deep overflows the 2 MiB of a test thread.
pub fn with_deep_stack<R: Send>(cases: impl FnOnce() -> R + Send) -> R {
    std::thread::scope(|scope| {
        let thread = std::thread::Builder::new().stack_size(256 << 20).spawn_scoped(scope, cases);
        thread
            .expect("a thread for the cases")
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    })
}

/// Decodes `json` as `T`, re-encodes it and compares.
pub fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(json: &str) -> Result<(), String> {
    let original: Value = serde_json::from_str(json).map_err(|e| format!("not JSON: {e}"))?;
    let mismatched = support::mismatched_values();
    let decoded: T = serde_json::from_str(json).map_err(|e| format!("decode: {e}"))?;
    let kept_raw = support::mismatched_values() - mismatched;
    let encoded = serde_json::to_value(&decoded).map_err(|e| format!("encode: {e}"))?;
    equivalent(&original, &encoded, "$")?;
    match kept_raw {
        0 => Ok(()),
        n => Err(format!("kept raw: {n} value(s) not of their documented type")),
    }
}

/// JSON equality with numbers compared by value, timestamps by
/// instant, times of day by value and GUIDs ignoring case.
pub fn equivalent(a: &Value, b: &Value, at: &str) -> Result<(), String> {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for key in x.keys().chain(y.keys()) {
                let (Some(xv), Some(yv)) = (x.get(key), y.get(key)) else {
                    return Err(format!("{at}.{key}: present on one side only"));
                };
                equivalent(xv, yv, &format!("{at}.{key}"))?;
            }
            Ok(())
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => x
            .iter()
            .zip(y)
            .enumerate()
            .try_for_each(|(i, (xv, yv))| equivalent(xv, yv, &format!("{at}[{i}]"))),
        (Value::Number(x), Value::Number(y)) if x.as_f64() == y.as_f64() => Ok(()),
        (Value::String(x), Value::String(y)) if same_string(x, y) => Ok(()),
        _ if a == b => Ok(()),
        _ => Err(format!("{at}: {a} became {b}")),
    }
}

/// Two strings that mean the same timestamp, GUID or time of day (or are
/// equal).
pub fn same_string(x: &str, y: &str) -> bool {
    if x == y {
        return true;
    }
    if let (Ok(x), Ok(y)) = (x.parse::<support::DateTimeOffset>(), y.parse::<support::DateTimeOffset>()) {
        return x == y;
    }
    if let (Ok(x), Ok(y)) = (x.parse::<support::Guid>(), y.parse::<support::Guid>()) {
        return x == y;
    }
    if let (Ok(x), Ok(y)) = (x.parse::<support::TimeOfDay>(), y.parse::<support::TimeOfDay>()) {
        return x == y;
    }
    false
}

/// A path's segments, percent-decoded and lowercased (Graph paths
/// are case-insensitive): equal lists mean the same target, however
/// each side chose to encode.
pub fn segments(path: &str) -> Vec<String> {
    let path = path.split('?').next().unwrap_or_default().trim_end_matches('/');
    path.split('/')
        .map(|s| percent_encoding::percent_decode_str(s).decode_utf8_lossy().to_lowercase())
        .collect()
}

/// Compares a built request with the documented method, path and body.
pub fn check_request<T>(
    request: &support::Request<T>,
    method: &str,
    path: &str,
    body: Option<&str>,
) -> Result<(), String> {
    if request.method().as_str() != method {
        return Err(format!("method {} instead of {method}", request.method()));
    }
    if segments(request.path()) != segments(path) {
        return Err(format!("path {} instead of {path}", request.path()));
    }
    match (body, request.body()) {
        (None, None) => Ok(()),
        (Some(expected), Some(actual)) => {
            let expected: Value = serde_json::from_str(expected).map_err(|e| e.to_string())?;
            let actual: Value = serde_json::from_slice(actual).map_err(|e| e.to_string())?;
            equivalent(&expected, &actual, "$")
        }
        (expected, actual) => Err(format!("body {actual:?} instead of {expected:?}")),
    }
}

/// Fails with every failure listed or, when `DOC_EXAMPLES_REPORT`
/// names a file, appends one line per case to it (`cargo xtask
/// examples` reads it) and passes.
pub fn conclude(kind: &str, results: Vec<(&str, Result<(), String>)>) {
    if let Some(path) = std::env::var_os("DOC_EXAMPLES_REPORT") {
        let mut report = String::new();
        for (at, result) in &results {
            let outcome = result.as_ref().err().map_or("ok", String::as_str);
            report.push_str(&format!("{kind}\t{at}\t{}\n", outcome.replace(['\t', '\n'], " ")));
        }
        let mut file = std::fs::OpenOptions::new().create(true).append(true).open(path).expect("report file");
        std::io::Write::write_all(&mut file, report.as_bytes()).expect("report written");
        return;
    }
    let total = results.len();
    let failures: Vec<String> =
        results.into_iter().filter_map(|(at, r)| r.err().map(|e| format!("{at}: {e}"))).collect();
    assert!(failures.is_empty(), "{} of {total} failed:\n{}", failures.len(), failures.join("\n"));
}
