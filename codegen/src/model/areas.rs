//! API areas: each page's `ms.prod` front-matter key (`users`, `outlook`,
//! `intune`), or on newer pages without it `ms.subservice`, normalized into
//! a cargo feature name. Every type and
//! operation belongs to the area of the page that defines it; emit turns
//! areas into the generated crate's features.

use std::collections::{BTreeMap, HashMap};

use super::{Operation, TypeDef};
use crate::parse::Page;

/// crates.io accepts at most 300 features; `default`, `full` and `client`
/// take three of them.
pub const MAX_AREAS: usize = 297;

/// Where the areas beyond [`MAX_AREAS`], and pages without an area, go.
pub const OTHER: &str = "other";

/// Feature names the generated crate already uses for something else.
const RESERVED: &[&str] = &["default", "full", "client"];

/// Sets `area` on every type and operation from its source page.
pub fn assign(types: &mut [TypeDef], operations: &mut [Operation], pages: &[Page]) {
    let by_page: HashMap<&str, String> = pages.iter().map(|p| (p.path.as_str(), area_of(p))).collect();
    let area = |source: &str| by_page.get(source).cloned().unwrap_or_else(|| OTHER.to_owned());
    for def in types.iter_mut() {
        def.area = area(&def.source);
    }
    for op in operations.iter_mut() {
        op.area = area(&op.source);
    }
    cap(types, operations);
}

/// The normalized `ms.prod` of a page, else its `ms.subservice` (newer
/// pages may have only that): `SharePoint` and `"sharepoint"` are one area.
pub fn area_of(page: &Page) -> String {
    let stated = |key| page.front_matter.get(key).filter(|value| !value.trim().is_empty());
    feature_name(stated("ms.prod").or_else(|| stated("ms.subservice")).unwrap_or_default())
}

/// Lowercase ASCII letters, digits and single dashes; never empty, never a
/// name the crate reserves.
fn feature_name(raw: &str) -> String {
    let mut name = String::new();
    for c in raw.trim().trim_matches(['"', '\'']).chars() {
        if c.is_ascii_alphanumeric() {
            name.push(c.to_ascii_lowercase());
        } else if !name.is_empty() && !name.ends_with('-') {
            name.push('-');
        }
    }
    let name = name.trim_end_matches('-');
    match name {
        "" => OTHER.to_owned(),
        _ if RESERVED.contains(&name) || name.starts_with(|c: char| c.is_ascii_digit()) => {
            format!("area-{name}")
        }
        _ => name.to_owned(),
    }
}

/// Keeps the [`MAX_AREAS`] largest areas (by types and operations; ties by
/// name, so the choice is deterministic) and moves the rest to [`OTHER`].
fn cap(types: &mut [TypeDef], operations: &mut [Operation]) {
    let mut sizes: BTreeMap<&str, usize> = BTreeMap::new();
    for area in types.iter().map(|t| &t.area).chain(operations.iter().map(|o| &o.area)) {
        *sizes.entry(area).or_default() += 1;
    }
    if sizes.len() <= MAX_AREAS {
        return;
    }
    let mut ranked: Vec<(&str, usize)> = sizes.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let mut kept: Vec<String> =
        ranked.iter().map(|(name, _)| (*name).to_owned()).filter(|name| name != OTHER).collect();
    kept.truncate(MAX_AREAS - 1);
    let keep = |area: &mut String| {
        if !kept.contains(area) {
            *area = OTHER.to_owned();
        }
    };
    types.iter_mut().for_each(|t| keep(&mut t.area));
    operations.iter_mut().for_each(|o| keep(&mut o.area));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_cargo_features() {
        assert_eq!(feature_name("SharePoint"), "sharepoint");
        assert_eq!(feature_name("'applications'"), "applications");
        assert_eq!(feature_name(" identity-and-sign-in "), "identity-and-sign-in");
        assert_eq!(feature_name("Dynamics 365: Business Central!"), "dynamics-365-business-central");
        assert_eq!(feature_name(""), "other");
        assert_eq!(feature_name("ünïcode"), "n-code");
        assert_eq!(feature_name("full"), "area-full");
        assert_eq!(feature_name("365"), "area-365");
    }

    #[test]
    fn at_most_max_areas() {
        let mut types: Vec<TypeDef> = (0..MAX_AREAS + 40)
            .map(|i| TypeDef { name: format!("t{i}"), area: format!("area{i}"), ..TypeDef::default() })
            .collect();
        cap(&mut types, &mut []);
        let mut areas: Vec<&str> = types.iter().map(|t| t.area.as_str()).collect();
        areas.sort_unstable();
        areas.dedup();
        assert_eq!(areas.len(), MAX_AREAS);
        assert!(areas.contains(&OTHER));
    }
}
