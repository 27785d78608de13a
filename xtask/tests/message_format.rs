//! `--message-format human|json|sarif` on `cargo xtask gen`: human is the
//! stable line format on stderr; json and sarif go to stdout, and the SARIF
//! log has the structure SARIF 2.1.0 requires of what we emit.

mod common;

use std::collections::HashSet;
use std::fs;
use std::path::Path;

use codegen::diagnostics::Code;
use common::{docs_with, path_str, stderr, stdout, temp_dir, xtask};
use serde_json::Value;

const PAGE: &str = "---\ntitle: t\n---\n# thing resource type\n\n## Properties\n\n|Property|Type|Description|\n|:--|:--|:--|\n|name|String|A name.|\n|owner|[person](person.md)|Not defined anywhere.|\n";

fn gen(docs: &Path, out: &Path, format: &str) -> std::process::Output {
    xtask(&["gen", "--docs", path_str(docs), "--out", path_str(out), "--message-format", format])
}

fn str_at<'a>(value: &'a Value, pointer: &str) -> &'a str {
    value.pointer(pointer).and_then(Value::as_str).unwrap_or_else(|| panic!("{pointer} must be a string"))
}

/// The SARIF 2.1.0 properties we produce, each where and as the schema
/// requires it; returns the results.
fn validate_sarif(log: &Value) -> Vec<Value> {
    assert_eq!(str_at(log, "/version"), "2.1.0");
    assert!(str_at(log, "/$schema").contains("sarif-2.1.0"));
    let runs = log["runs"].as_array().expect("runs is an array");
    assert_eq!(runs.len(), 1);
    let run = &runs[0];
    assert!(!str_at(run, "/tool/driver/name").is_empty());
    assert!(!str_at(run, "/tool/driver/version").is_empty());
    let rules = run["tool"]["driver"]["rules"].as_array().expect("rules is an array");
    assert_eq!(rules.len(), Code::ALL.len(), "one rule per diagnostic code");
    let mut ids = HashSet::new();
    for (rule, code) in rules.iter().zip(Code::ALL) {
        assert_eq!(str_at(rule, "/id"), code.as_str());
        assert!(ids.insert(str_at(rule, "/id").to_owned()));
        assert_eq!(str_at(rule, "/shortDescription/text"), code.meaning());
        assert_eq!(str_at(rule, "/fullDescription/text"), code.doc());
        assert!(["warning", "error"].contains(&str_at(rule, "/defaultConfiguration/level")));
    }
    let bases = run["originalUriBaseIds"].as_object().expect("originalUriBaseIds is an object");
    for base in bases.values() {
        let uri = str_at(base, "/uri");
        assert!(uri.starts_with("file:///") && uri.ends_with('/'), "{uri}");
    }
    let results = run["results"].as_array().expect("results is an array").clone();
    for result in &results {
        let rule_id = str_at(result, "/ruleId");
        let index = result["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(str_at(&rules[index], "/id"), rule_id);
        assert!(["warning", "error"].contains(&str_at(result, "/level")));
        assert!(!str_at(result, "/message/text").is_empty());
        let location = &result["locations"][0]["physicalLocation"];
        let uri = str_at(location, "/artifactLocation/uri");
        assert!(!uri.starts_with('/') && !uri.contains(':'), "{uri} must be relative to --docs");
        assert!(bases.contains_key(str_at(location, "/artifactLocation/uriBaseId")));
        assert!(location["region"]["startLine"].as_u64().expect("startLine") >= 1);
        assert!(location["region"]["startColumn"].as_u64().expect("startColumn") >= 1);
    }
    results
}

#[test]
fn json_is_one_object_per_diagnostic_on_stdout() {
    let docs = docs_with("format-json", &[("resources/thing.md", PAGE)]);
    let output = gen(&docs, &temp_dir("format-json-out"), "json");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let lines: Vec<Value> = stdout(&output).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 1);
    let keys: Vec<&str> = lines[0].as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, ["file", "line", "column", "severity", "code", "message"]);
    assert_eq!(lines[0]["file"], "resources/thing.md");
    assert_eq!(lines[0]["line"], 11);
    assert_eq!(lines[0]["code"], "GD0010");
    let err = stderr(&output);
    assert!(!err.contains("warning[GD0010]"), "diagnostics are not repeated on stderr: {err}");
    assert!(err.lines().last().unwrap().starts_with("pages: 1, "), "{err}");
}

#[test]
fn human_is_the_default_and_stays_on_stderr() {
    let docs = docs_with("format-human", &[("resources/thing.md", PAGE)]);
    let out = temp_dir("format-human-out");
    let default = xtask(&["gen", "--docs", path_str(&docs), "--out", path_str(&out)]);
    let human = gen(&docs, &out, "human");
    assert!(stdout(&default).is_empty() && stdout(&human).is_empty());
    let diagnostics =
        |err: String| err.lines().filter(|l| l.contains("warning[")).map(str::to_owned).collect::<Vec<_>>();
    let expected = "resources/thing.md:11:1: warning[GD0010]: type `person` is referred to but no page defines it; it is generated as an open JSON object";
    assert_eq!(diagnostics(stderr(&default)), [expected]);
    assert_eq!(diagnostics(stderr(&human)), [expected]);
    assert_eq!(gen(&docs, &out, "xml").status.code(), Some(2));
}

#[test]
fn sarif_is_a_valid_log_with_locations_relative_to_docs() {
    let docs = docs_with("format-sarif", &[("resources/thing.md", PAGE)]);
    let output = gen(&docs, &temp_dir("format-sarif-out"), "sarif");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let log: Value = serde_json::from_str(&stdout(&output)).unwrap();
    let results = validate_sarif(&log);
    assert_eq!(results.len(), 1);
    let location = &results[0]["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uri"], "resources/thing.md");
    assert_eq!(location["artifactLocation"]["uriBaseId"], "DOCS");
    assert_eq!(location["region"]["startLine"], 11);
    let base = str_at(&log, "/runs/0/originalUriBaseIds/DOCS/uri");
    assert_eq!(base, format!("file://{}/", fs::canonicalize(&docs).unwrap().display()));
}

#[test]
fn sarif_for_the_seed_page() {
    let Some(shared) = common::shared_dir() else { return };
    let docs = temp_dir("format-seed");
    fs::copy(shared.join("seeds/000_de3e34204f86d29e.txt"), docs.join("profile-post-phones.md")).unwrap();
    let out = temp_dir("format-seed-out");
    let human = stderr(&gen(&docs, &out, "human"));
    let human: Vec<&str> = human.lines().filter(|l| l.starts_with("profile-post-phones.md:")).collect();
    let output = gen(&docs, &out, "sarif");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let log: Value = serde_json::from_str(&stdout(&output)).unwrap();
    let results = validate_sarif(&log);
    // The same diagnostics as the human lines, in the same order.
    let as_lines: Vec<String> = results
        .iter()
        .map(|r| {
            let location = &r["locations"][0]["physicalLocation"];
            format!(
                "{}:{}:{}: {}[{}]: {}",
                str_at(location, "/artifactLocation/uri"),
                location["region"]["startLine"],
                location["region"]["startColumn"],
                str_at(r, "/level"),
                str_at(r, "/ruleId"),
                str_at(r, "/message/text")
            )
        })
        .collect();
    assert_eq!(as_lines, human);
    let path_unused =
        results.iter().find(|r| r["ruleId"] == "GD0021").expect("the seed's documented path is unused");
    let region = &path_unused["locations"][0]["physicalLocation"]["region"];
    assert_eq!((region["startLine"].as_u64(), region["startColumn"].as_u64()), (Some(29), Some(1)));
}
