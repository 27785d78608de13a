//! Writing the generated crate safely. All new contents are staged in
//! temporary files next to their targets and renamed into place only when
//! every one of them was written, so a failed run leaves --out as it was.
//! Unchanged files are not touched (their mtime stays, so cargo does not
//! rebuild). A manifest records what the generator wrote: only those files
//! are ever deleted, never a file someone else put in --out.

use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use codegen::emit::GeneratedFile;
use codegen::model::Api;

/// Lists the files the generator wrote, one relative path per line.
pub const MANIFEST: &str = ".generated-files";

/// The full set of files for `out`: the crate plus the manifest.
fn with_manifest(files: &[GeneratedFile]) -> Vec<GeneratedFile> {
    let mut all = files.to_vec();
    let mut listing = String::from("# Files written by `cargo xtask gen`; it deletes only these.\n");
    for file in files {
        listing.push_str(&file.path);
        listing.push('\n');
    }
    all.push(GeneratedFile { path: MANIFEST.into(), contents: listing });
    all
}

/// The same text as the crate's `api.json`.
fn ir_json(api: &Api) -> io::Result<String> {
    codegen::emit::api_json(api).map_err(io::Error::other)
}

/// Paths the previous run wrote, from its manifest.
fn previous(out: &Path) -> BTreeSet<String> {
    let Ok(text) = fs::read_to_string(out.join(MANIFEST)) else { return BTreeSet::new() };
    text.lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        // A manifest is only trusted for paths inside --out.
        .filter(|l| !l.starts_with('/') && !l.split('/').any(|part| part == ".." || part.is_empty()))
        .map(str::to_owned)
        .collect()
}

/// Compares `out` with what would be written. Returns whether it matches.
pub fn check(out: &Path, files: &[GeneratedFile], ir: Option<&Path>, api: &Api) -> io::Result<bool> {
    let files = with_manifest(files);
    let mut stale = Vec::new();
    for file in &files {
        let target = out.join(&file.path);
        match fs::read(&target) {
            Ok(bytes) if bytes == file.contents.as_bytes() => {}
            Ok(_) => stale.push(format!("{} differs", target.display())),
            Err(_) => stale.push(format!("{} is missing", target.display())),
        }
    }
    let current: BTreeSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    for old in previous(out) {
        if !current.contains(old.as_str()) && out.join(&old).exists() {
            stale.push(format!("{} would be deleted", out.join(&old).display()));
        }
    }
    if let Some(ir) = ir {
        if fs::read(ir).ok().as_deref() != Some(ir_json(api)?.as_bytes()) {
            stale.push(format!("{} differs", ir.display()));
        }
    }
    for line in &stale {
        eprintln!("stale: {line}");
    }
    if !stale.is_empty() {
        eprintln!("{} is not up to date: run `cargo xtask gen`", out.display());
    }
    Ok(stale.is_empty())
}

/// Writes the crate (and the IR) into place; returns how many files changed.
pub fn write(out: &Path, files: &[GeneratedFile], ir: Option<&Path>, api: &Api) -> io::Result<usize> {
    let mut targets: Vec<(PathBuf, String)> =
        with_manifest(files).into_iter().map(|f| (out.join(&f.path), f.contents)).collect();
    if let Some(ir) = ir {
        targets.push((ir.to_path_buf(), ir_json(api)?));
    }
    // Read before the new manifest replaces it.
    let previous = previous(out);
    let changed: Vec<(PathBuf, String)> = targets
        .into_iter()
        .filter(|(path, contents)| fs::read(path).ok().as_deref() != Some(contents.as_bytes()))
        .collect();
    let staged = stage(&changed)?;
    for (temp, target) in &staged {
        fs::rename(temp, target)?;
    }
    let current: BTreeSet<String> = with_manifest(files).into_iter().map(|f| f.path).collect();
    for old in previous {
        if !current.contains(&old) {
            match fs::remove_file(out.join(&old)) {
                Ok(()) => {}
                Err(err) if err.kind() == io::ErrorKind::NotFound => {}
                Err(err) => return Err(err),
            }
        }
    }
    Ok(staged.len())
}

/// Writes every new content to a temporary sibling of its target. On any
/// failure, removes the temporaries already written and fails.
fn stage(changed: &[(PathBuf, String)]) -> io::Result<Vec<(PathBuf, PathBuf)>> {
    let mut staged = Vec::new();
    for (target, contents) in changed {
        let result = (|| {
            if let Some(parent) = target.parent() {
                fs::create_dir_all(parent)?;
            }
            let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let temp = target.with_file_name(format!(".{name}.tmp-{}", std::process::id()));
            fs::write(&temp, contents)?;
            Ok(temp)
        })();
        match result {
            Ok(temp) => staged.push((temp, target.clone())),
            Err(err) => {
                for (temp, _) in &staged {
                    let _ = fs::remove_file(temp);
                }
                return Err(err);
            }
        }
    }
    Ok(staged)
}
