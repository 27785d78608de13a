//! The `cargo xtask gen` contract, exercised on the real binary: flags,
//! exit codes, diagnostics on stderr, `--check`, `--ir` and safe writing.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A fresh folder under the target directory.
fn temp_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

fn gen(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask")).arg("gen").args(args).output().unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

const PAGE: &str = "---\ntitle: t\n---\n# thing resource type\n\n## Properties\n\n|Property|Type|Description|\n|:--|:--|:--|\n|name|String|A name.|\n|owner|[person](person.md)|Not defined anywhere.|\n";

/// A docs folder of its own (tests run in parallel) holding `pages`.
fn docs_with(name: &str, pages: &[(&str, &str)]) -> PathBuf {
    let dir = temp_dir(&format!("docs-{name}"));
    for (path, text) in pages {
        let path = dir.join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    dir
}

fn path_str(path: &Path) -> &str {
    path.to_str().unwrap()
}

#[test]
fn generates_reports_and_writes_the_ir() {
    let docs = docs_with("ir", &[("resources/thing.md", PAGE)]);
    let out = temp_dir("out-ir");
    let ir = out.join("api.json");
    let output =
        gen(&["--docs", path_str(&docs), "--out", path_str(&out.join("crate")), "--ir", path_str(&ir)]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(0), "{err}");
    assert!(err.contains("resources/thing.md:11:"), "{err}");
    assert!(err.contains(": warning[GD0010]: type `person`"), "{err}");
    let last = err.lines().last().unwrap();
    assert!(
        last.starts_with("pages: 1, types: 2, enums: 0, operations: 0, warnings: 1, errors: 0, elapsed: "),
        "{last}"
    );
    let ir: serde_json::Value = serde_json::from_str(&fs::read_to_string(ir).unwrap()).unwrap();
    let thing = &ir["types"][1];
    assert_eq!(thing["name"], "thing");
    assert_eq!(thing["kind"], "complex");
    assert_eq!(thing["source"], "resources/thing.md");
    assert_eq!(thing["rust_path"], "models::Thing");
    assert_eq!(
        thing["properties"][0],
        serde_json::json!({"name": "name", "type": "String", "collection": false, "navigation": false, "description": "A name."})
    );
    assert!(ir["operations"].as_array().unwrap().is_empty());
    for file in ["Cargo.toml", "src/lib.rs", "src/models/mod.rs", "src/requests/mod.rs", "src/support/mod.rs"]
    {
        assert!(out.join("crate").join(file).is_file(), "{file} missing");
    }
}

#[test]
fn check_reports_stale_files_and_writes_nothing() {
    let docs = docs_with("check", &[("thing.md", PAGE)]);
    let out = temp_dir("out-check");
    assert!(gen(&["--docs", path_str(&docs), "--out", path_str(&out)]).status.success());
    let fresh = gen(&["--docs", path_str(&docs), "--out", path_str(&out), "--check"]);
    assert_eq!(fresh.status.code(), Some(0), "{}", stderr(&fresh));
    fs::write(out.join("src/models/mod.rs"), "// edited by hand\n").unwrap();
    fs::remove_file(out.join("src/requests/mod.rs")).unwrap();
    let stale = gen(&["--docs", path_str(&docs), "--out", path_str(&out), "--check"]);
    let err = stderr(&stale);
    assert_eq!(stale.status.code(), Some(1), "{err}");
    assert!(err.contains("src/models/mod.rs differs"), "{err}");
    assert!(err.contains("src/requests/mod.rs is missing"), "{err}");
    assert_eq!(fs::read_to_string(out.join("src/models/mod.rs")).unwrap(), "// edited by hand\n");
    assert!(!out.join("src/requests/mod.rs").exists());
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(gen(&["--no-such-flag"]).status.code(), Some(2));
    let missing = gen(&["--docs", "/definitely/not/here", "--out", "/tmp/unused"]);
    assert_eq!(missing.status.code(), Some(2), "{}", stderr(&missing));
}

#[test]
fn a_failed_run_leaves_the_previous_output_untouched() {
    let good = docs_with("failed-good", &[("thing.md", PAGE)]);
    let out = temp_dir("out-failed");
    assert!(gen(&["--docs", path_str(&good), "--out", path_str(&out)]).status.success());
    let before = fs::read(out.join("src/models/mod.rs")).unwrap();
    let cycle = |name: &str, base: &str| {
        format!("---\ntitle: t\n---\n# {name} resource type\n\nInherits from [{base}]({base}.md).\n\n## Properties\n\n|Property|Type|Description|\n|:--|:--|:--|\n|x|String|x|\n")
    };
    let (a, b) = (cycle("alpha", "beta"), cycle("beta", "alpha"));
    let bad = docs_with("failed-bad", &[("alpha.md", &a), ("beta.md", &b)]);
    let failed = gen(&["--docs", path_str(&bad), "--out", path_str(&out)]);
    let err = stderr(&failed);
    assert_eq!(failed.status.code(), Some(1), "{err}");
    assert!(err.contains("error[GD0013]: inheritance cycle: "), "{err}");
    assert!(err.contains("alpha (alpha.md)") && err.contains("beta (beta.md)"), "{err}");
    assert_eq!(fs::read(out.join("src/models/mod.rs")).unwrap(), before);
}

#[test]
fn only_files_the_generator_wrote_are_ever_deleted() {
    let docs = docs_with("manifest", &[("thing.md", PAGE)]);
    let out = temp_dir("out-manifest");
    assert!(gen(&["--docs", path_str(&docs), "--out", path_str(&out)]).status.success());
    // A file of the user's, and a file an older generator version wrote.
    fs::write(out.join("tests-mine.rs"), "mine").unwrap();
    fs::write(out.join("src/old.rs"), "old").unwrap();
    let manifest = out.join(".generated-files");
    let listing = fs::read_to_string(&manifest).unwrap();
    fs::write(&manifest, format!("{listing}src/old.rs\n../outside.txt\n")).unwrap();
    fs::write(out.join("../outside.txt"), "outside").unwrap();
    let mtime = fs::metadata(out.join("src/support/mod.rs")).unwrap().modified().unwrap();
    assert!(gen(&["--docs", path_str(&docs), "--out", path_str(&out)]).status.success());
    assert!(out.join("tests-mine.rs").exists());
    assert!(!out.join("src/old.rs").exists());
    assert!(out.join("../outside.txt").exists(), "a manifest must not reach outside --out");
    // Unchanged files are not rewritten, so cargo does not rebuild them.
    assert_eq!(fs::metadata(out.join("src/support/mod.rs")).unwrap().modified().unwrap(), mtime);
}
