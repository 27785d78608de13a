//! `cargo xtask gen` keeps its model in the crate (`api.json`, written,
//! listed in the manifest and checked like every generated file) and, after
//! each generation, says what changed in the API since the previous one.

mod common;

use std::fs;

use common::{docs_with, path_str, stderr, temp_dir, xtask};

const THING: &str = "---\ntitle: t\n---\n# thing resource type\n\n## Properties\n\n|Property|Type|Description|\n|:--|:--|:--|\n|name|String|A name.|\n|size|Int32|A size.|\n";
const OTHER: &str =
    "---\ntitle: t\n---\n# other resource type\n\n## Properties\n\n|Property|Type|Description|\n|:--|:--|:--|\n|x|String|X.|\n";

fn lines_starting(err: &str, prefix: &str) -> Vec<String> {
    err.lines().filter(|l| l.starts_with(prefix)).map(str::to_owned).collect()
}

#[test]
fn each_generation_summarizes_the_api_changes() {
    let out = temp_dir("api-changes-out");
    let gen = |docs: &std::path::Path| xtask(&["gen", "--docs", path_str(docs), "--out", path_str(&out)]);

    let first = docs_with("api-changes-1", &[("thing.md", THING), ("other.md", OTHER)]);
    let run = gen(&first);
    let err = stderr(&run);
    assert!(run.status.success(), "{err}");
    assert_eq!(
        lines_starting(&err, "api changes"),
        [format!("api changes: first generation ({} did not exist)", out.join("api.json").display())]
    );
    assert!(out.join("api.json").is_file());
    let manifest = fs::read_to_string(out.join(".generated-files")).unwrap();
    assert!(manifest.lines().any(|l| l == "api.json"), "{manifest}");

    let again = stderr(&gen(&first));
    assert_eq!(
        lines_starting(&again, "api changes"),
        ["api changes since the previous generation: none (semver: patch)"]
    );

    // `other` goes, `size` becomes Int64, `label` is added.
    let edited = THING.replace("|size|Int32|", "|size|Int64|") + "|label|String|A label.|\n";
    let second = docs_with("api-changes-2", &[("thing.md", &edited)]);
    let run = gen(&second);
    let err = stderr(&run);
    assert!(run.status.success(), "{err}");
    assert_eq!(
        lines_starting(&err, "api "),
        [
            "api changes since the previous generation (semver: major): types +0 -1 ~1, properties +1 -0 ~1, enum members +0 -0, operations +0 -0 ~0",
            "api breaking: changed property thing.size",
            "api breaking: removed type other",
        ]
    );
    // Scripts read the last line: it is still the summary.
    assert!(err.lines().last().unwrap().starts_with("pages: 1, types: 1, "), "{err}");
}

/// A crate records the Rust API it was generated with (`api-surface.txt`),
/// so a new generator that lays out the same docs differently is seen: a
/// recorded field of another type and an item the old generator did not
/// write stand for what a real generator upgrade changes.
#[test]
fn a_new_generator_is_judged_against_the_recorded_rust_api() {
    let docs = docs_with("api-generator-docs", &[("thing.md", THING)]);
    let out = temp_dir("api-generator-out");
    let gen = || xtask(&["gen", "--docs", path_str(&docs), "--out", path_str(&out)]);
    assert!(gen().status.success());
    let recorded = out.join("api-surface.txt");
    let text = fs::read_to_string(&recorded).unwrap();
    assert!(text.contains("models::Thing.size\tField<i32>\tproperty thing.size\n"), "{text}");
    let manifest = fs::read_to_string(out.join(".generated-files")).unwrap();
    assert!(manifest.lines().any(|l| l == "api-surface.txt"), "{manifest}");

    let older = text
        .replace("models::Thing.size\tField<i32>", "models::Thing.size\tField<i64>")
        .lines()
        .filter(|l| !l.starts_with("models::Thing.name\t"))
        .map(|l| format!("{l}\n"))
        .collect::<String>();
    fs::write(&recorded, &older).unwrap();
    let check = xtask(&["gen", "--docs", path_str(&docs), "--out", path_str(&out), "--check"]);
    assert!(stderr(&check).contains("api-surface.txt differs"), "{}", stderr(&check));

    let err = stderr(&gen());
    assert_eq!(
        lines_starting(&err, "api "),
        [
            "api changes since the previous generation (semver: major): types +0 -0 ~0, properties +0 -0 ~0, enum members +0 -0, operations +0 -0 ~0",
            "api changes by the generator, for the same docs: Rust items +1 -0 ~1 (`git diff api-surface.txt` lists them)",
            "api breaking: changed property thing.size (generator)",
        ]
    );
    assert_eq!(fs::read_to_string(&recorded).unwrap(), text, "gen records this generator's API");

    // `diff` reads a crate folder the same way.
    fs::write(&recorded, &older).unwrap();
    let diff = xtask(&["diff", "--old", path_str(&out), "--new", path_str(&docs), "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&diff.stdout).unwrap();
    assert_eq!(json["semver"], "major", "{json}");
    assert_eq!(json["generator_rust_items"], serde_json::json!({"added": 1, "removed": 0, "changed": 1}));
    assert_eq!(json["breaking"][0]["by_generator"], true, "{json}");

    // A record it cannot read is said, and the crate is still written.
    fs::write(&recorded, "models::Thing\n").unwrap();
    let run = gen();
    assert!(run.status.success(), "{}", stderr(&run));
    assert_eq!(
        lines_starting(&stderr(&run), "api changes"),
        [format!("api changes: not compared, the crate in {} cannot be read: api-surface.txt: line 1: not an item, its signature and its origin", out.display())]
    );
    assert_eq!(fs::read_to_string(&recorded).unwrap(), text);
}

#[test]
fn check_covers_api_json() {
    let docs = docs_with("api-check-docs", &[("thing.md", THING)]);
    let out = temp_dir("api-check-out");
    assert!(xtask(&["gen", "--docs", path_str(&docs), "--out", path_str(&out)]).status.success());
    let api = out.join("api.json");
    let text = fs::read_to_string(&api).unwrap();
    fs::write(&api, text.replace("\"size\"", "\"sizes\"")).unwrap();
    let check = xtask(&["gen", "--docs", path_str(&docs), "--out", path_str(&out), "--check"]);
    let err = stderr(&check);
    assert_eq!(check.status.code(), Some(1), "{err}");
    assert!(err.contains("api.json differs"), "{err}");
    // --check writes nothing, so it says nothing about API changes.
    assert!(lines_starting(&err, "api changes").is_empty(), "{err}");
    fs::remove_file(&api).unwrap();
    let check = xtask(&["gen", "--docs", path_str(&docs), "--out", path_str(&out), "--check"]);
    assert!(stderr(&check).contains("api.json is missing"), "{}", stderr(&check));
}

#[test]
fn the_checked_in_crate_keeps_its_model() {
    let root = common::root();
    let model = fs::read_to_string(root.join("generated/api.json")).unwrap();
    let model = codegen::model::Api::from_json(&model).unwrap();
    assert!(model.types().iter().any(|t| t.name == "itemPhone"));
    assert!(model.operations().iter().any(|o| o.name == "profile-post-phones"));
}
