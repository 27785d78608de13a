//! The diff for people: a changelog section (breaking changes first, then
//! additions, removals and changes), and the few lines `gen` prints after
//! each generation.

use std::fmt::Write;

use codegen::layout::surface::API_SURFACE;

use super::changes::{Change, TypeChange};
use super::semver::Breaking;
use super::ApiDiff;

/// How many breaking changes `gen`'s summary names before pointing to
/// `cargo xtask diff`.
const SUMMARY_BREAKING: usize = 5;

pub fn render(diff: &ApiDiff) -> String {
    let c = &diff.changes;
    let mut out = format!("## API changes (semver: {})\n\n", diff.semver.as_str());
    let _ = writeln!(
        out,
        "{}. Types: {} added, {} removed, {} changed. Operations: {} added, {} removed, {} changed.",
        plural(diff.breaking.len(), "breaking change"),
        c.added_types.len(),
        c.removed_types.len(),
        c.changed_types.len(),
        c.added_operations.len(),
        c.removed_operations.len(),
        c.changed_operations.len(),
    );
    if let Some(counts) = diff.generator.filter(|_| diff.generator_changed()) {
        let _ = writeln!(
            out,
            "\nThe generator changed too: for the same docs it now writes a different Rust API ({} items added, {} removed, {} changed); breaking changes it alone makes are marked *(generator)*.",
            counts.added, counts.removed, counts.changed
        );
    }
    if !diff.breaking.is_empty() {
        out.push_str("\n### Breaking changes\n\n");
        for breaking in &diff.breaking {
            let _ = writeln!(out, "- **{}**{}: {}.", breaking.what, by_generator(breaking), breaking.why);
        }
    }
    let added: Vec<String> = c
        .added_types
        .iter()
        .map(|t| format!("type `{t}`"))
        .chain(c.added_operations.iter().map(|o| format!("operation `{} {}`", o.method, o.path)))
        .collect();
    section(&mut out, "Added", &added);
    let removed: Vec<String> = c
        .removed_types
        .iter()
        .map(|t| format!("type `{t}`"))
        .chain(c.removed_operations.iter().map(|o| format!("operation `{} {}`", o.method, o.path)))
        .collect();
    section(&mut out, "Removed", &removed);
    let changed: Vec<String> = c
        .changed_types
        .iter()
        .map(type_line)
        .chain(c.changed_operations.iter().map(|o| {
            let parts: Vec<String> = [
                ("response", &o.response),
                ("request body", &o.request_body),
                ("status", &o.status),
                ("request type", &o.rust_path),
            ]
            .into_iter()
            .filter_map(|(what, change)| change.as_ref().map(|ch| format!("{what} {}", arrow(ch))))
            .collect();
            format!("operation `{} {}`: {}", o.method, o.path, parts.join("; "))
        }))
        .collect();
    section(&mut out, "Changed", &changed);
    out
}

/// The mark of a breaking change the generator alone makes.
fn by_generator(breaking: &Breaking) -> &'static str {
    if breaking.by_generator {
        " (generator)"
    } else {
        ""
    }
}

fn section(out: &mut String, title: &str, lines: &[String]) {
    if lines.is_empty() {
        return;
    }
    let _ = write!(out, "\n### {title}\n\n");
    for line in lines {
        let _ = writeln!(out, "- {line}");
    }
}

fn type_line(t: &TypeChange) -> String {
    let list = |names: &[String]| names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ");
    let mut parts = Vec::new();
    if !t.added_properties.is_empty() {
        parts.push(format!("added properties {}", list(&t.added_properties)));
    }
    if !t.removed_properties.is_empty() {
        parts.push(format!("removed properties {}", list(&t.removed_properties)));
    }
    for p in &t.changed_properties {
        parts.push(format!("property `{}` `{}` → `{}`", p.name, p.old, p.new));
    }
    if !t.added_members.is_empty() {
        parts.push(format!("added members {}", list(&t.added_members)));
    }
    if !t.removed_members.is_empty() {
        parts.push(format!("removed members {}", list(&t.removed_members)));
    }
    for (what, change) in [("kind", &t.kind), ("base", &t.base), ("Rust path", &t.rust_path)] {
        if let Some(change) = change {
            parts.push(format!("{what} {}", arrow(change)));
        }
    }
    format!("type `{}`: {}", t.name, parts.join("; "))
}

fn arrow(change: &Change) -> String {
    format!("`{}` → `{}`", change.old, change.new)
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// `gen`'s lines about the API: the verdict and counts, then the first
/// breaking changes.
pub fn summary(diff: &ApiDiff) -> Vec<String> {
    let c = &diff.changes;
    if c.is_empty() && diff.breaking.is_empty() && !diff.generator_changed() {
        return vec![format!(
            "api changes since the previous generation: none (semver: {})",
            diff.semver.as_str()
        )];
    }
    let count = |f: &dyn Fn(&TypeChange) -> usize| c.changed_types.iter().map(f).sum::<usize>();
    let mut lines = vec![format!(
        "api changes since the previous generation (semver: {}): types +{} -{} ~{}, properties +{} -{} ~{}, enum members +{} -{}, operations +{} -{} ~{}",
        diff.semver.as_str(),
        c.added_types.len(),
        c.removed_types.len(),
        c.changed_types.len(),
        count(&|t| t.added_properties.len()),
        count(&|t| t.removed_properties.len()),
        count(&|t| t.changed_properties.len()),
        count(&|t| t.added_members.len()),
        count(&|t| t.removed_members.len()),
        c.added_operations.len(),
        c.removed_operations.len(),
        c.changed_operations.len(),
    )];
    if let Some(counts) = diff.generator.filter(|_| diff.generator_changed()) {
        lines.push(format!(
            "api changes by the generator, for the same docs: Rust items +{} -{} ~{} (`git diff {API_SURFACE}` lists them)",
            counts.added, counts.removed, counts.changed
        ));
    }
    for breaking in diff.breaking.iter().take(SUMMARY_BREAKING) {
        lines.push(format!("api breaking: {}{}", breaking.what, by_generator(breaking)));
    }
    if diff.breaking.len() > SUMMARY_BREAKING {
        lines.push(format!(
            "api breaking: ... and {} more (`cargo xtask diff` lists them)",
            diff.breaking.len() - SUMMARY_BREAKING
        ));
    }
    lines
}
