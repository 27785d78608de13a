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
use rayon::prelude::*;

/// Lists the files the generator wrote, one relative path per line.
pub const MANIFEST: &str = ".generated-files";

/// The manifest of `files`: the last file written to `out`.
fn manifest(files: &[GeneratedFile]) -> GeneratedFile {
    let mut listing = String::from("# Files written by `cargo xtask gen`; it deletes only these.\n");
    for file in files {
        listing.push_str(&file.path);
        listing.push('\n');
    }
    GeneratedFile { path: MANIFEST.into(), contents: listing }
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
    let manifest = manifest(files);
    let files: Vec<&GeneratedFile> = files.iter().chain([&manifest]).collect();
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
    let manifest = manifest(files);
    let ir_text = ir.map(|_| ir_json(api)).transpose()?;
    let mut targets: Vec<(PathBuf, &str)> =
        files.iter().chain([&manifest]).map(|f| (out.join(&f.path), f.contents.as_str())).collect();
    if let (Some(ir), Some(text)) = (ir, &ir_text) {
        targets.push((ir.to_path_buf(), text));
    }
    // Read before the new manifest replaces it.
    let previous = previous(out);
    let changed: Vec<(PathBuf, &str)> = targets
        .into_par_iter()
        .filter(|(path, contents)| fs::read(path).ok().as_deref() != Some(contents.as_bytes()))
        .collect();
    let staged = stage(&changed)?;
    for (temp, target) in &staged {
        fs::rename(temp, target)?;
    }
    let current: BTreeSet<&str> = files.iter().chain([&manifest]).map(|f| f.path.as_str()).collect();
    for old in previous {
        if !current.contains(old.as_str()) {
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
/// failure, removes the temporaries already written and fails. Files are
/// written in parallel: creating a file is a system call that costs far
/// more than its bytes (inode allocation), and a crate has hundreds.
fn stage(changed: &[(PathBuf, &str)]) -> io::Result<Vec<(PathBuf, PathBuf)>> {
    let results: Vec<io::Result<(PathBuf, PathBuf)>> = changed
        .par_iter()
        .map(|(target, contents)| {
            if let Some(parent) = target.parent() {
                fs::create_dir_all(parent)?;
            }
            let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let temp = target.with_file_name(format!(".{name}.tmp-{}", std::process::id()));
            fs::write(&temp, contents)?;
            Ok((temp, target.clone()))
        })
        .collect();
    let (staged, failed): (Vec<_>, Vec<_>) = results.into_iter().partition(Result::is_ok);
    let staged: Vec<(PathBuf, PathBuf)> = staged.into_iter().flatten().collect();
    if let Some(Err(err)) = failed.into_iter().next() {
        for (temp, _) in &staged {
            let _ = fs::remove_file(temp);
        }
        return Err(err);
    }
    Ok(staged)
}
