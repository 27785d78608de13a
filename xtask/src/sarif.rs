//! SARIF 2.1.0 (OASIS), the format code-scanning services read, so that a
//! docs pull request shows each warning on its line. One run; one rule per
//! diagnostic code; each result's location is relative to the docs folder,
//! named by a `uriBaseId` (`DOCS`, or `OLD` and `NEW` for `diff`).

use std::collections::HashMap;

use codegen::diagnostics::{Code, Diagnostic, Severity};
use serde_json::{json, Value};

use crate::report::Batch;

pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
pub const TOOL: &str = "graph-docs-codegen";

pub fn log(batches: &[Batch<'_>]) -> Value {
    let rules: Vec<Value> = Code::ALL.iter().map(|code| rule(*code)).collect();
    let mut base_ids = serde_json::Map::new();
    let mut results = Vec::new();
    for batch in batches {
        let base_id = batch.side.map_or_else(|| "DOCS".to_owned(), str::to_ascii_uppercase);
        if let Ok(dir) = std::fs::canonicalize(batch.docs) {
            let uri = format!("file://{}/", encode_path(&dir.to_string_lossy().replace('\\', "/")));
            base_ids.insert(base_id.clone(), json!({ "uri": uri }));
        }
        let texts: HashMap<&str, &str> =
            batch.sources.iter().map(|s| (s.path.as_str(), s.text.as_str())).collect();
        for diagnostic in batch.diagnostics {
            results.push(result(diagnostic, &base_id, texts.get(diagnostic.file.as_str()).copied()));
        }
    }
    json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": TOOL,
                    "fullName": "Graph docs to Rust code generator (cargo xtask gen)",
                    "version": env!("CARGO_PKG_VERSION"),
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "rules": rules,
                }
            },
            "originalUriBaseIds": base_ids,
            "columnKind": "utf16CodeUnits",
            "results": results,
        }]
    })
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Warning => "warning",
        Severity::Error => "error",
    }
}

fn rule(code: Code) -> Value {
    json!({
        "id": code.as_str(),
        "name": format!("{code:?}"),
        "shortDescription": { "text": code.meaning() },
        "fullDescription": { "text": code.doc() },
        "help": { "text": code.fix() },
        "defaultConfiguration": { "level": level(code.severity()) },
    })
}

fn result(diagnostic: &Diagnostic, base_id: &str, text: Option<&str>) -> Value {
    let index = Code::ALL.iter().position(|c| *c == diagnostic.code).unwrap_or_default();
    let mut result = json!({
        "ruleId": diagnostic.code.as_str(),
        "ruleIndex": index,
        "level": level(diagnostic.severity()),
        "message": { "text": diagnostic.message },
    });
    // `<generator>` (a generator bug) is no file of the docs: no location.
    if !diagnostic.file.starts_with('<') {
        let column = text.map_or(diagnostic.column, |t| utf16_column(t, diagnostic.line, diagnostic.column));
        result["locations"] = json!([{
            "physicalLocation": {
                "artifactLocation": { "uri": encode_path(&diagnostic.file), "uriBaseId": base_id },
                "region": { "startLine": diagnostic.line.max(1), "startColumn": column.max(1) },
            }
        }]);
    }
    result
}

/// Diagnostics count columns in bytes; SARIF in UTF-16 code units.
fn utf16_column(text: &str, line: u32, byte_column: u32) -> u32 {
    let Some(line_text) = text.split('\n').nth(line.saturating_sub(1) as usize) else { return byte_column };
    let mut end = (byte_column.saturating_sub(1) as usize).min(line_text.len());
    while !line_text.is_char_boundary(end) {
        end -= 1;
    }
    u32::try_from(line_text[..end].encode_utf16().count() + 1).unwrap_or(byte_column)
}

/// A path as a URI reference: unreserved characters and `/` stay, every
/// other byte is percent-encoded (spaces, `#`, non-ASCII).
fn encode_path(path: &str) -> String {
    codegen::layout::paths::percent_encode(path, b"-._~/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_utf16_units() {
        let text = "first\nh\u{e9}llo \u{1f600} x\n";
        // `x` is byte 13 (1-based) of line 2: h, é (2 bytes), llo, space,
        // 😀 (4 bytes, 2 UTF-16 units), space.
        assert_eq!(utf16_column(text, 2, 13), 10);
        assert_eq!(utf16_column(text, 1, 1), 1);
        assert_eq!(utf16_column(text, 9, 4), 4);
    }

    #[test]
    fn paths_are_uri_references() {
        assert_eq!(encode_path("api/a b#c.md"), "api/a%20b%23c.md");
        assert_eq!(encode_path("resources/\u{e9}.md"), "resources/%C3%A9.md");
    }
}
