//! `cargo xtask diff`, on the real binary: exact output for small docs and
//! for the v1.0 corpus with known edits, IR files as inputs, usage errors,
//! and v1.0 against beta as a smoke test.

mod common;

use std::fs;
use std::path::Path;

use common::{corpus, docs_with, path_str, stderr, stdout, temp_dir, xtask};
use serde_json::{json, Value};

fn resource(name: &str, rows: &[(&str, &str)]) -> String {
    let rows: String = rows.iter().map(|(p, t)| format!("|{p}|{t}|The {p}.|\n")).collect();
    format!("---\ntitle: {name}\n---\n# {name} resource type\n\n## Properties\n\n|Property|Type|Description|\n|:--|:--|:--|\n{rows}")
}

fn enums(members: &[&str]) -> String {
    let rows: String = members.iter().map(|m| format!("|{m}|\n")).collect();
    format!("---\ntitle: Enum values\n---\n# Enum values\n\n### color values\n\n|Member|\n|:---|\n{rows}")
}

fn api(title: &str, lines: &[&str], response: &str) -> String {
    format!(
        "---\ntitle: {title}\n---\n# {title}\n\n## HTTP request\n\n```http\n{}\n```\n\n## Response\n\nIf successful, this method returns a `200 OK` response code and {response} in the response body.\n",
        lines.join("\n")
    )
}

fn diff(old: &Path, new: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["diff", "--old", path_str(old), "--new", path_str(new)];
    args.extend(extra);
    xtask(&args)
}

fn diff_json(old: &Path, new: &Path) -> Value {
    let output = diff(old, new, &["--format", "json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    serde_json::from_str(&stdout(&output)).unwrap()
}

/// Old and new versions of a small API: a type loses a property and has
/// one retyped and one added, another type goes, an enum gains a member,
/// a path's placeholder is renamed (no change) and an operation appears.
fn small_docs() -> (std::path::PathBuf, std::path::PathBuf) {
    let one_thing = "a [thing](../resources/thing.md) object";
    let things = "a collection of [thing](../resources/thing.md) objects";
    let old = docs_with(
        "diff-small-old",
        &[
            (
                "resources/thing.md",
                &resource("thing", &[("name", "String"), ("size", "Int32"), ("color", "color")]),
            ),
            ("resources/gone.md", &resource("gone", &[("x", "String")])),
            ("resources/enums.md", &enums(&["red", "green"])),
            ("api/thing-get.md", &api("Get thing", &["GET /things/{id}"], one_thing)),
        ],
    );
    let new = docs_with(
        "diff-small-new",
        &[
            (
                "resources/thing.md",
                &resource(
                    "thing",
                    &[("name", "String"), ("size", "Int64"), ("label", "String"), ("color", "color")],
                ),
            ),
            ("resources/enums.md", &enums(&["red", "green", "blue"])),
            ("api/thing-get.md", &api("Get thing", &["GET /things/{thing-id}"], one_thing)),
            ("api/thing-list.md", &api("List things", &["GET /things"], things)),
        ],
    );
    (old, new)
}

#[test]
fn small_docs_give_the_exact_diff() {
    let (old, new) = small_docs();
    let expected = json!({
        "added_types": [],
        "removed_types": ["gone"],
        "changed_types": [
            {"name": "color", "added_properties": [], "removed_properties": [], "changed_properties": [],
             "added_members": ["blue"], "removed_members": []},
            {"name": "thing", "added_properties": ["label"], "removed_properties": [],
             "changed_properties": [{"name": "size", "old": "Int32", "new": "Int64"}],
             "added_members": [], "removed_members": []}
        ],
        "added_operations": [{"method": "GET", "path": "/things"}],
        "removed_operations": [],
        "changed_operations": [],
        "breaking": [
            {"what": "changed property thing.size",
             "why": "`models::Thing.size` changes from `Field<i32>` to `Field<i64>`, so code that uses it stops compiling"},
            {"what": "removed type gone",
             "why": "`models::Gone` no longer exists, so code that names it stops compiling"}
        ],
        "semver": "major",
        "rust_items": {"added": 4, "removed": 1, "changed": 1}
    });
    assert_eq!(diff_json(&old, &new), expected);
}

#[test]
fn additions_alone_are_minor_and_nothing_is_patch() {
    let (old, new) = small_docs();
    // Only the additions: the new docs plus what they removed, and the old
    // type of `size`.
    let grown = docs_with(
        "diff-grown",
        &[
            (
                "resources/thing.md",
                &resource(
                    "thing",
                    &[("name", "String"), ("size", "Int32"), ("label", "String"), ("color", "color")],
                ),
            ),
            ("resources/gone.md", &resource("gone", &[("x", "String")])),
            ("resources/enums.md", &enums(&["red", "green", "blue"])),
        ],
    );
    fs::create_dir_all(grown.join("api")).unwrap();
    for page in ["thing-get.md", "thing-list.md"] {
        fs::copy(new.join("api").join(page), grown.join("api").join(page)).unwrap();
    }
    let minor = diff_json(&old, &grown);
    assert_eq!(minor["semver"], "minor", "{minor:#}");
    assert_eq!(minor["breaking"], json!([]));
    let same = diff_json(&old, &old);
    assert_eq!(same["semver"], "patch");
    assert_eq!(same["rust_items"], json!({"added": 0, "removed": 0, "changed": 0}));
}

#[test]
fn markdown_puts_breaking_changes_first() {
    let (old, new) = small_docs();
    let output = diff(&old, &new, &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let expected = "## API changes (semver: major)

2 breaking changes. Types: 0 added, 1 removed, 2 changed. Operations: 1 added, 0 removed, 0 changed.

### Breaking changes

- **changed property thing.size**: `models::Thing.size` changes from `Field<i32>` to `Field<i64>`, so code that uses it stops compiling.
- **removed type gone**: `models::Gone` no longer exists, so code that names it stops compiling.

### Added

- operation `GET /things`

### Removed

- type `gone`

### Changed

- type `color`: added members `blue`
- type `thing`: added properties `label`; property `size` `Int32` → `Int64`
";
    assert_eq!(stdout(&output), expected);
}

#[test]
fn ir_files_and_docs_folders_are_interchangeable() {
    let (old, new) = small_docs();
    let out = temp_dir("diff-ir");
    let ir = out.join("old.json");
    let gen = xtask(&[
        "gen",
        "--docs",
        path_str(&old),
        "--out",
        path_str(&out.join("crate")),
        "--ir",
        path_str(&ir),
    ]);
    assert!(gen.status.success(), "{}", stderr(&gen));
    assert_eq!(diff_json(&ir, &new), diff_json(&old, &new));
    // The crate keeps the same model as api.json.
    assert_eq!(fs::read(&ir).unwrap(), fs::read(out.join("crate/api.json")).unwrap());
    assert_eq!(diff_json(&out.join("crate/api.json"), &old)["semver"], "patch");
}

#[test]
fn unreadable_inputs_are_usage_errors() {
    let (old, _) = small_docs();
    let missing = diff(Path::new("/definitely/not/here"), &old, &[]);
    assert_eq!(missing.status.code(), Some(2), "{}", stderr(&missing));
    assert!(stderr(&missing).contains("error: --old /definitely/not/here"), "{}", stderr(&missing));
    let dir = temp_dir("diff-not-ir");
    let not_ir = dir.join("package.json");
    fs::write(&not_ir, r#"{"name": "x"}"#).unwrap();
    let refused = diff(&old, &not_ir, &[]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(stderr(&refused).contains("not an IR JSON file"), "{}", stderr(&refused));
    assert!(stdout(&refused).is_empty());
    assert_eq!(xtask(&["diff", "--old", path_str(&old)]).status.code(), Some(2));
}

#[test]
fn diagnostics_of_both_folders_go_to_stderr_in_the_chosen_format() {
    let page = resource("thing", &[("owner", "[person](person.md)")]);
    let old = docs_with("diff-diag-old", &[("thing.md", &page)]);
    let new = docs_with("diff-diag-new", &[("thing.md", &page)]);
    let human = diff(&old, &new, &[]);
    let err = stderr(&human);
    assert!(err.contains(&format!("{}/thing.md:10:1: warning[GD0010]", old.display())), "{err}");
    assert!(err.contains(&format!("{}/thing.md:10:1: warning[GD0010]", new.display())), "{err}");
    let json = diff(&old, &new, &["--message-format", "json"]);
    let sides: Vec<String> = stderr(&json)
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap()["side"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(sides, ["old", "new"]);
    let sarif = diff(&old, &new, &["--message-format", "sarif", "--format", "json"]);
    let log: Value = serde_json::from_str(&stderr(&sarif)).unwrap();
    let bases: Vec<&str> = log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["locations"][0]["physicalLocation"]["artifactLocation"]["uriBaseId"].as_str().unwrap())
        .collect();
    assert_eq!(bases, ["OLD", "NEW"]);
    // stdout stays the diff alone.
    let diff: Value = serde_json::from_str(&stdout(&sarif)).unwrap();
    assert_eq!(diff["semver"], "patch");
}

/// Copies a folder tree (the corpus is read-only; the copy is edited).
fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
            let mut permissions = fs::metadata(&target).unwrap().permissions();
            #[allow(clippy::permissions_set_readonly_false)]
            permissions.set_readonly(false);
            fs::set_permissions(&target, permissions).unwrap();
        }
    }
}

/// Replaces the one occurrence of `from` in a page.
fn edit(path: &Path, from: &str, to: &str) {
    let text = fs::read_to_string(path).unwrap();
    assert_eq!(text.matches(from).count(), 1, "{}: `{from}` must occur once", path.display());
    fs::write(path, text.replace(from, to)).unwrap();
}

const ARCHIVE_PAGE: &str = r#"---
title: "Archive todoTaskList"
description: "Archive a todoTaskList object."
doc_type: apiPageType
---

# Archive todoTaskList

Archive a [todoTaskList](../resources/todotasklist.md) object.

## HTTP request

<!-- { "blockType": "ignored" } -->
``` http
POST /me/todo/lists/{todoTaskListId}/archive
POST /users/{id|userPrincipalName}/todo/lists/{todoTaskListId}/archive
```

## Request body

Do not supply a request body for this method.

## Response

If successful, this method returns a `200 OK` response code and a [todoTaskList](../resources/todotasklist.md) object in the response body.
"#;

/// The v1.0 corpus against a copy with four known edits. Removing
/// `customTimeZone` also leaves `timeZoneBase` and `standardTimeZoneOffset`
/// without a derived type in use, so their `Any…` enums go and
/// `workingHours.timeZone` is typed with the base struct: the verdict
/// follows the Rust API, not only the edited pages.
#[test]
fn known_edits_to_the_v1_corpus() {
    let Some(v1) = corpus("v1.0") else { return };
    let edited = temp_dir("diff-v1-edited");
    copy_tree(&v1, &edited);
    fs::remove_file(edited.join("resources/customtimezone.md")).unwrap();
    edit(&edited.join("resources/outlookitem.md"), "|changeKey|String|", "|changeKey|Int32|");
    edit(
        &edited.join("resources/enums.md"),
        "### importance values\n\n| Member\n|:-------------------------\n| low\n| normal\n| high\n",
        "### importance values\n\n| Member\n|:-------------------------\n| low\n| normal\n| high\n| urgent\n",
    );
    fs::write(edited.join("api/todotasklist-archive.md"), ARCHIVE_PAGE).unwrap();

    let expected = json!({
        "added_types": [],
        "removed_types": ["customTimeZone"],
        "changed_types": [
            {"name": "importance", "added_properties": [], "removed_properties": [], "changed_properties": [],
             "added_members": ["urgent"], "removed_members": []},
            {"name": "outlookItem", "added_properties": [], "removed_properties": [],
             "changed_properties": [{"name": "changeKey", "old": "String", "new": "Int32"}],
             "added_members": [], "removed_members": []}
        ],
        "added_operations": [
            {"method": "POST", "path": "/me/todo/lists/{todoTaskListId}/archive"},
            {"method": "POST", "path": "/users/{id}/todo/lists/{todoTaskListId}/archive"}
        ],
        "removed_operations": [],
        "changed_operations": [],
        "breaking": [
            {"what": "changed property outlookItem.changeKey",
             "why": "`models::OutlookItem.change_key` changes from `Field<String>` to `Field<i32>` (and in 7 more types that inherit it, and 2 `Any…` methods that read it), so code that uses it stops compiling"},
            {"what": "changed property workingHours.timeZone",
             "why": "`models::WorkingHours.time_zone` changes from `Field<models::AnyTimeZoneBase>` to `Field<models::TimeZoneBase>`, so code that uses it stops compiling"},
            {"what": "removed decoding of standardTimeZoneOffset by @odata.type",
             "why": "`models::AnyStandardTimeZoneOffset` no longer exists, so code that names it stops compiling"},
            {"what": "removed decoding of timeZoneBase by @odata.type",
             "why": "`models::AnyTimeZoneBase` no longer exists, so code that names it stops compiling"},
            {"what": "removed type customTimeZone",
             "why": "`models::CustomTimeZone` no longer exists, so code that names it stops compiling"}
        ],
        "semver": "major",
        "rust_items": {"added": 4, "removed": 3, "changed": 11}
    });
    let actual = diff_json(&v1, &edited);
    assert_eq!(actual, expected, "actual:\n{actual:#}");

    let markdown = diff(&v1, &edited, &["--format", "markdown"]);
    assert_eq!(stdout(&markdown), KNOWN_EDITS_MARKDOWN);
}

const KNOWN_EDITS_MARKDOWN: &str = "## API changes (semver: major)

5 breaking changes. Types: 0 added, 1 removed, 2 changed. Operations: 2 added, 0 removed, 0 changed.

### Breaking changes

- **changed property outlookItem.changeKey**: `models::OutlookItem.change_key` changes from `Field<String>` to `Field<i32>` (and in 7 more types that inherit it, and 2 `Any…` methods that read it), so code that uses it stops compiling.
- **changed property workingHours.timeZone**: `models::WorkingHours.time_zone` changes from `Field<models::AnyTimeZoneBase>` to `Field<models::TimeZoneBase>`, so code that uses it stops compiling.
- **removed decoding of standardTimeZoneOffset by @odata.type**: `models::AnyStandardTimeZoneOffset` no longer exists, so code that names it stops compiling.
- **removed decoding of timeZoneBase by @odata.type**: `models::AnyTimeZoneBase` no longer exists, so code that names it stops compiling.
- **removed type customTimeZone**: `models::CustomTimeZone` no longer exists, so code that names it stops compiling.

### Added

- operation `POST /me/todo/lists/{todoTaskListId}/archive`
- operation `POST /users/{id}/todo/lists/{todoTaskListId}/archive`

### Removed

- type `customTimeZone`

### Changed

- type `importance`: added members `urgent`
- type `outlookItem`: property `changeKey` `String` → `Int32`
";

/// v1.0 against beta: thousands of changes, no panic, consistent lists.
#[test]
fn v1_against_beta_smoke() {
    let (Some(v1), Some(beta)) = (corpus("v1.0"), corpus("beta")) else { return };
    let out = temp_dir("diff-v1-beta");
    let (v1_ir, beta_ir) = (out.join("v1.json"), out.join("beta.json"));
    for (docs, ir) in [(&v1, &v1_ir), (&beta, &beta_ir)] {
        let gen = xtask(&[
            "gen",
            "--docs",
            path_str(docs),
            "--out",
            path_str(&out.join("crate")),
            "--ir",
            path_str(ir),
        ]);
        assert!(gen.status.success(), "{}", stderr(&gen));
    }
    let changes = diff_json(&v1_ir, &beta_ir);
    let count = |key: &str| changes[key].as_array().map_or(0, Vec::len);
    let counts: Vec<(&str, usize)> = [
        "added_types",
        "removed_types",
        "changed_types",
        "added_operations",
        "removed_operations",
        "changed_operations",
        "breaking",
    ]
    .into_iter()
    .map(|key| (key, count(key)))
    .collect();
    eprintln!("v1.0 → beta: {counts:?}, rust items {}", changes["rust_items"]);
    assert_eq!(changes["semver"], "major");
    assert!(count("added_types") > 1000 && count("added_operations") > 2000, "{counts:?}");
    assert!(
        count("removed_types") > 0 && count("changed_types") > 100 && count("breaking") > 100,
        "{counts:?}"
    );
    // Every name is where the lists say it is.
    let names = |ir: &Path| -> std::collections::HashSet<String> {
        let model = codegen::model::Api::from_json(&fs::read_to_string(ir).unwrap()).unwrap();
        model.types().iter().map(|t| t.qualified()).collect()
    };
    let (in_v1, in_beta) = (names(&v1_ir), names(&beta_ir));
    for name in changes["added_types"].as_array().unwrap() {
        let name = name.as_str().unwrap();
        assert!(in_beta.contains(name) && !in_v1.contains(name), "added {name}");
    }
    for name in changes["removed_types"].as_array().unwrap() {
        let name = name.as_str().unwrap();
        assert!(in_v1.contains(name) && !in_beta.contains(name), "removed {name}");
    }
    for change in changes["changed_types"].as_array().unwrap() {
        let name = change["name"].as_str().unwrap();
        assert!(in_v1.contains(name) && in_beta.contains(name), "changed {name}");
    }
    // The same comparison from the docs folders, in markdown.
    let markdown = stdout(&diff(&v1, &beta, &[]));
    assert!(
        markdown.starts_with("## API changes (semver: major)\n"),
        "{}",
        &markdown[..200.min(markdown.len())]
    );
    let breaking_at = markdown.find("### Breaking changes").unwrap();
    assert!(breaking_at < markdown.find("### Added").unwrap());
}

#[test]
fn docs_with_errors_still_diff_but_exit_1() {
    let cycle = |name: &str, base: &str| {
        format!("---\ntitle: t\n---\n# {name} resource type\n\nInherits from [{base}]({base}.md).\n\n## Properties\n\n|Property|Type|Description|\n|:--|:--|:--|\n|x|String|x|\n")
    };
    let (a, b) = (cycle("alpha", "beta"), cycle("beta", "alpha"));
    let bad = docs_with("diff-errors", &[("alpha.md", &a), ("beta.md", &b)]);
    let good = docs_with("diff-errors-good", &[("alpha.md", &resource("alpha", &[("x", "String")]))]);
    let output = diff(&good, &bad, &["--format", "json"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(stderr(&output).contains("error[GD0013]"), "{}", stderr(&output));
    let changes: Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(changes["added_types"], json!(["beta"]));
}

#[test]
fn odd_ir_files_do_not_panic() {
    let dir = temp_dir("diff-odd-ir");
    // A base cycle, an unknown kind, a property of an unknown type, a path
    // with an unclosed placeholder.
    let odd = r#"{"types": [
        {"name": "a", "kind": "entity", "base": "b", "properties": [{"name": "p", "type": "nowhere"}], "rust_path": "models::A"},
        {"name": "b", "kind": "mystery", "base": "a", "rust_path": "models::B"}],
      "operations": [{"name": "x", "method": "GET", "paths": ["/x/{oops"], "status": 200, "rust_path": "requests::X"}]}"#;
    fs::write(dir.join("odd.json"), odd).unwrap();
    fs::write(dir.join("empty.json"), r#"{"types": [], "operations": []}"#).unwrap();
    let changes = diff_json(&dir.join("empty.json"), &dir.join("odd.json"));
    assert_eq!(changes["added_types"], json!(["a", "b"]));
    assert_eq!(changes["semver"], "minor");
    let back = diff_json(&dir.join("odd.json"), &dir.join("empty.json"));
    assert_eq!(back["semver"], "major");
}
