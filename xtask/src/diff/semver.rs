//! The semver verdict, judged on the generated Rust API (see the README's
//! "Which changes are breaking"): an item that disappears or whose type or
//! signature changes breaks callers; an item that appears does not, since
//! structs and enums are `#[non_exhaustive]` and every field is a
//! defaultable `Field<T>`.

use std::collections::BTreeMap;

use serde::Serialize;

use codegen::layout::surface::{Item, Surface};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Semver {
    /// Nothing in the Rust API changed.
    Patch,
    /// Only additions.
    Minor,
    /// Something was removed or changed.
    Major,
}

impl Semver {
    pub fn as_str(self) -> &'static str {
        match self {
            Semver::Patch => "patch",
            Semver::Minor => "minor",
            Semver::Major => "major",
        }
    }
}

/// One breaking change: what changed in the docs' terms, and why it breaks
/// code that uses the generated crate.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Breaking {
    pub what: String,
    pub why: String,
    /// The docs did not change here: this generator lays them out unlike
    /// the crate's generator did (only when comparing with a crate).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub by_generator: bool,
}

/// How many public Rust items were added, removed or changed (an item
/// inside a removed type or request is not counted again).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct RustCounts {
    pub added: usize,
    pub removed: usize,
    pub changed: usize,
}

#[derive(Clone, Debug)]
pub struct Verdict {
    pub breaking: Vec<Breaking>,
    pub semver: Semver,
    pub rust: RustCounts,
}

/// One Rust item that breaks, before grouping by its origin.
struct Broken<'a> {
    key: &'a str,
    old: &'a Item,
    new: Option<&'a Item>,
}

pub fn judge(old: &Surface, new: &Surface) -> Verdict {
    let mut rust = RustCounts::default();
    // Grouped by `what`, so that a property inherited by many structs is
    // one breaking change.
    let mut groups: BTreeMap<String, Vec<Broken<'_>>> = BTreeMap::new();
    for (key, before) in &old.items {
        match new.items.get(key) {
            None if parent_removed(key, old, new) => {}
            None => {
                rust.removed += 1;
                let what = format!("removed {}", before.origin);
                groups.entry(what).or_default().push(Broken { key, old: before, new: None });
            }
            Some(after) if after.signature != before.signature => {
                rust.changed += 1;
                let what = if after.origin == before.origin {
                    format!("changed {}", after.origin)
                } else {
                    format!("changed {} (was {})", after.origin, before.origin)
                };
                groups.entry(what).or_default().push(Broken { key, old: before, new: Some(after) });
            }
            Some(_) => {}
        }
    }
    rust.added = new.items.keys().filter(|key| !old.items.contains_key(*key)).count();
    let breaking: Vec<Breaking> = groups
        .into_iter()
        .map(|(what, mut items)| {
            // Name the struct that declares the property, not an heir.
            items.sort_by_key(|broken| broken.old.inherited);
            Breaking { why: why(&items), what, by_generator: false }
        })
        .collect();
    let semver = if !breaking.is_empty() {
        Semver::Major
    } else if rust.added > 0 {
        Semver::Minor
    } else {
        Semver::Patch
    };
    Verdict { breaking, semver, rust }
}

/// The type or request an item belongs to: `models::User` for the field
/// `models::User.x` and the variant `models::E::V`.
fn parent(key: &str) -> Option<&str> {
    match key.rsplit_once('.') {
        Some((parent, _)) => Some(parent),
        None => key.rsplit_once("::").map(|(parent, _)| parent),
    }
}

/// Whether the item went away with the type or request holding it (that
/// removal is reported instead).
fn parent_removed(key: &str, old: &Surface, new: &Surface) -> bool {
    parent(key).is_some_and(|p| old.items.contains_key(p) && !new.items.contains_key(p))
}

/// Why a group of Rust items breaks callers, naming the first and counting
/// the rest (the structs that inherit a property).
fn why(items: &[Broken<'_>]) -> String {
    let Some(first) = items.first() else { return String::new() };
    // An `Any…` enum's method reading the property is counted apart from
    // the structs that hold it.
    let readers = items.iter().skip(1).filter(|broken| broken.old.is_reader()).count();
    let mut also = Vec::new();
    match items.len() - readers {
        0 | 1 => {}
        2 => also.push("in 1 more type that inherits it".to_owned()),
        n => also.push(format!("in {} more types that inherit it", n - 1)),
    }
    match readers {
        0 => {}
        1 => also.push("1 `Any…` method that reads it".to_owned()),
        n => also.push(format!("{n} `Any…` methods that read it")),
    }
    let others = if also.is_empty() { String::new() } else { format!(" (and {})", also.join(", and ")) };
    let key = first.key;
    let signature = first.old.signature.as_str();
    let field = key.contains('.');
    let variant = !field && !matches!(signature, "struct" | "enum") && !signature.starts_with("fn(");
    match first.new {
        None if field => format!("field `{key}` is gone{others}, so code that reads or sets it stops compiling"),
        None if variant && signature.is_empty() => format!(
            "variant `{key}` is gone{others}, so code that matches or builds it stops compiling (the value now decodes as `Undocumented`)"
        ),
        None if variant => {
            format!("variant `{key}` is gone{others}, so code that matches it stops compiling (such values now decode as the base type)")
        }
        None if signature.starts_with("fn(") => format!("`{key}` is gone, so code that calls it stops compiling"),
        None => format!("`{key}` no longer exists, so code that names it stops compiling"),
        Some(after) => {
            let consequence = if signature.starts_with("fn(") {
                "callers stop compiling"
            } else {
                "code that uses it stops compiling"
            };
            format!("`{key}` changes from `{signature}` to `{}`{others}, so {consequence}", after.signature)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn surface(items: &[(&str, &str, &str)]) -> Surface {
        let mut surface = Surface::default();
        for (key, signature, origin) in items {
            let item = Item { signature: (*signature).into(), origin: (*origin).into(), inherited: false };
            surface.items.insert((*key).into(), item);
        }
        surface
    }

    #[test]
    fn additions_are_minor_removals_and_changes_major() {
        let old =
            surface(&[("models::A", "struct", "type a"), ("models::A.x", "Field<String>", "property a.x")]);
        let added = surface(&[
            ("models::A", "struct", "type a"),
            ("models::A.x", "Field<String>", "property a.x"),
            ("models::A.y", "Field<i32>", "property a.y"),
        ]);
        assert_eq!(judge(&old, &added).semver, Semver::Minor);
        assert_eq!(judge(&old, &old).semver, Semver::Patch);
        let retyped =
            surface(&[("models::A", "struct", "type a"), ("models::A.x", "Field<i32>", "property a.x")]);
        let verdict = judge(&old, &retyped);
        assert_eq!(verdict.semver, Semver::Major);
        assert_eq!(verdict.breaking[0].what, "changed property a.x");
        assert!(
            verdict.breaking[0].why.contains("from `Field<String>` to `Field<i32>`"),
            "{:?}",
            verdict.breaking
        );
    }

    #[test]
    fn a_removed_type_is_one_change_not_one_per_field() {
        let old =
            surface(&[("models::A", "struct", "type a"), ("models::A.x", "Field<String>", "property a.x")]);
        let verdict = judge(&old, &Surface::default());
        assert_eq!(verdict.breaking.len(), 1);
        assert_eq!(verdict.breaking[0].what, "removed type a");
        assert_eq!(verdict.rust, RustCounts { added: 0, removed: 1, changed: 0 });
    }

    #[test]
    fn an_inherited_property_is_grouped() {
        let old = surface(&[
            ("models::A", "struct", "type a"),
            ("models::A.id", "Field<String>", "property entity.id"),
            ("models::B", "struct", "type b"),
            ("models::B.id", "Field<String>", "property entity.id"),
        ]);
        let new = surface(&[("models::A", "struct", "type a"), ("models::B", "struct", "type b")]);
        let verdict = judge(&old, &new);
        assert_eq!(verdict.breaking.len(), 1);
        assert_eq!(verdict.breaking[0].what, "removed property entity.id");
        assert!(verdict.breaking[0].why.contains("(and in 1 more type that inherits it)"));
    }
}
