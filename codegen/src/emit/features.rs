//! Cargo features, one per API area (windows-rs keeps its huge crate usable
//! the same way). A type is compiled when any area that needs it is
//! enabled: its own area, or an area whose types or operations reach it
//! through a base type or a structural property. Navigation properties
//! (relationships, only present with `$expand`) do not pull their target
//! in; a struct keeps such a field only when the target type is compiled,
//! and without it the member stays in `additional_properties`. Derived
//! types are likewise not pulled in by their base: an `Any…` enum lists a
//! derived type only when it is compiled and otherwise decodes into the
//! base, which loses nothing.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use quote::quote;

use crate::model::{Api, Operation, Property, PRIMITIVES};

/// Indices into [`Features::areas`].
type AreaSet = BTreeSet<usize>;

pub struct Features {
    /// Every area, sorted: the crate's features besides `full`, `default`
    /// and `client`.
    pub areas: Vec<String>,
    /// The areas that need each type, by qualified name.
    needed_by: HashMap<String, AreaSet>,
}

impl Features {
    pub fn new(api: &Api) -> Self {
        let areas: Vec<String> = api
            .types
            .iter()
            .map(|t| t.area.clone())
            .chain(api.operations.iter().map(|o| o.area.clone()))
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let index: HashMap<&str, usize> = areas.iter().enumerate().map(|(i, a)| (a.as_str(), i)).collect();
        let mut needed_by: HashMap<String, AreaSet> = HashMap::new();
        for (area, roots) in roots(api, &index) {
            let mut stack = roots;
            while let Some(name) = stack.pop() {
                let Some(def) = api.type_def(&name) else { continue }; // a primitive
                if !needed_by.entry(name).or_default().insert(area) {
                    continue;
                }
                stack.extend(def.qualified_base());
                stack.extend(def.properties.iter().filter(|p| !p.navigation).map(Property::qualified_type));
            }
        }
        Features { areas, needed_by }
    }

    /// `#[cfg(...)]` for a type, or nothing when every area needs it.
    pub fn type_cfg(&self, qualified: &str) -> Option<syn::Attribute> {
        self.cfg(self.needed_by.get(qualified))
    }

    /// `#[cfg(...)]` for a part of `owner`'s items that uses `used` (a
    /// field typed with it, a variant holding it): nothing when `used` is
    /// compiled whenever `owner` is.
    pub fn cfg_within(&self, owner: &str, used: &str) -> Option<syn::Attribute> {
        match (self.needed_by.get(owner), self.needed_by.get(used)) {
            (Some(owner), Some(used)) if !used.is_superset(owner) => self.cfg(Some(used)),
            _ => None,
        }
    }

    /// `#[cfg(feature = "…")]` for an operation.
    pub fn operation_cfg(&self, op: &Operation) -> Option<syn::Attribute> {
        let own = self.areas.iter().position(|a| *a == op.area).into_iter().collect();
        self.cfg(Some(&own))
    }

    /// How many types and operations each area compiles.
    pub fn sizes(&self, api: &Api) -> Vec<(&str, usize, usize)> {
        let mut sizes: Vec<(&str, usize, usize)> = self.areas.iter().map(|a| (a.as_str(), 0, 0)).collect();
        for areas in self.needed_by.values() {
            for &area in areas {
                sizes[area].1 += 1;
            }
        }
        for op in &api.operations {
            if let Some(area) = self.areas.iter().position(|a| *a == op.area) {
                sizes[area].2 += 1;
            }
        }
        sizes
    }

    fn cfg(&self, areas: Option<&AreaSet>) -> Option<syn::Attribute> {
        let areas = areas.filter(|a| a.len() < self.areas.len())?;
        let features = areas.iter().map(|&i| &self.areas[i]);
        let predicate = match areas.len() {
            1 => quote!(#(feature = #features)*),
            _ => quote!(any(#(feature = #features),*)),
        };
        Some(super::syntax::list_attribute("cfg", predicate))
    }
}

/// Per area, the types it needs directly: its own, and those its
/// operations take and return.
fn roots(api: &Api, index: &HashMap<&str, usize>) -> BTreeMap<usize, Vec<String>> {
    let mut roots: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    for def in &api.types {
        roots.entry(index[def.area.as_str()]).or_default().push(def.qualified());
    }
    for op in &api.operations {
        let used = op.qualified_request_body().into_iter().chain(op.qualified_response());
        roots
            .entry(index[op.area.as_str()])
            .or_default()
            .extend(used.filter(|t| !PRIMITIVES.contains(&t.as_str())));
    }
    roots
}
