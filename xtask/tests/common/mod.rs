//! Helpers shared by the xtask integration tests.
#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// `../shared` (seed page and corpus), from `GRAPH_SHARED_DIR` or next to
/// the project. When the variable is set the folder must exist (CI sets
/// it); otherwise a missing folder skips the test with a notice.
pub fn shared_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("GRAPH_SHARED_DIR") {
        let dir = PathBuf::from(dir);
        assert!(dir.is_dir(), "GRAPH_SHARED_DIR={} is not a folder", dir.display());
        return Some(dir);
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("notice: {} not found and GRAPH_SHARED_DIR not set; test skipped", dir.display());
        None
    }
}

/// A corpus version folder (`v1.0`, `beta`), if the shared folder exists.
pub fn corpus(version: &str) -> Option<PathBuf> {
    Some(shared_dir()?.join("corpus/graph-docs-2021-07").join(version))
}

/// The project root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// A fresh folder under the target directory.
pub fn temp_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

/// Writes pages (relative path, text) into a fresh folder.
pub fn docs_with(name: &str, pages: &[(&str, &str)]) -> PathBuf {
    let dir = temp_dir(name);
    for (path, text) in pages {
        let path = dir.join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    dir
}

/// Runs `cargo xtask` (the binary under test) with these arguments.
pub fn xtask(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask")).args(args).output().unwrap()
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

pub fn path_str(path: &Path) -> &str {
    path.to_str().unwrap()
}
