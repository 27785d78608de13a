//! What a reader of the generated crate's documentation sees: rustdoc
//! renders each gated item's "Required feature" line, docs.rs's build
//! (nightly, `--cfg docsrs`) adds its "Available on crate feature … only"
//! badge, and the docs build without a warning (no broken link).
//!
//! Each build documents `generated/` with `people` alone, into a target
//! folder of its own (the workspace's may be locked by the running tests).

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// `cargo [+toolchain] doc` of graph-api with `people`, warnings denied;
/// the page of the gated request `profile::CreateItemPhone`.
fn document(toolchain: Option<&str>, rustdocflags: &str, target: &str) -> String {
    let target = root().join("target").join(target);
    let mut cargo = Command::new("cargo");
    cargo.args(toolchain);
    let output = cargo
        .args([
            "doc",
            "--quiet",
            "--no-deps",
            "-p",
            "graph-api",
            "--no-default-features",
            "--features",
            "people",
        ])
        .current_dir(root())
        .env("CARGO_TARGET_DIR", &target)
        .env("RUSTDOCFLAGS", rustdocflags)
        .output()
        .expect("cargo runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "cargo doc failed:\n{stderr}");
    let page = target.join("doc/graph_api/requests/profile/struct.CreateItemPhone.html");
    std::fs::read_to_string(&page).unwrap_or_else(|e| panic!("{}: {e}", page.display()))
}

fn has_nightly() -> bool {
    Command::new("cargo").args(["+nightly", "--version"]).output().is_ok_and(|o| o.status.success())
}

#[test]
fn rustdoc_shows_the_feature_a_gated_item_needs() {
    let page = document(None, "-D warnings", "rustdoc-stable");
    assert!(page.contains("Required feature: <code>people</code>."), "{page}");
    // The body line of a request that needs one, the body type a link.
    let body = r#"The body, <a href="../../models/struct.ItemPhone.html""#;
    assert!(page.contains(body), "{page}");
}

#[test]
fn docs_rs_shows_the_feature_badge() {
    if !has_nightly() {
        // docs.rs builds with nightly; CI's machine has it (`.ci/run` sets
        // GRAPH_REQUIRE_NIGHTLY), a user's may not.
        assert!(
            std::env::var_os("GRAPH_REQUIRE_NIGHTLY").is_none(),
            "GRAPH_REQUIRE_NIGHTLY is set, no nightly"
        );
        eprintln!("notice: no nightly toolchain, docs.rs's feature badge is not checked");
        return;
    }
    let page = document(Some("+nightly"), "--cfg docsrs -D warnings", "rustdoc-docsrs");
    assert!(page.contains("Available on <strong>crate feature <code>people</code></strong> only"), "{page}");
    assert!(page.contains("Required feature: <code>people</code>."), "{page}");
}
