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

use std::collections::{BTreeSet, HashMap};

use super::Cfg;
use crate::model::{Api, Operation, TypeId};

/// Indices into [`Features::areas`].
type AreaSet = BTreeSet<usize>;

pub struct Features {
    /// Every area, sorted: the crate's features besides `full`, `default`
    /// and `client`.
    pub areas: Vec<String>,
    index: HashMap<String, usize>,
    /// The areas that need each type, by id.
    needed_by: Vec<AreaSet>,
}

impl Features {
    pub fn new(api: &Api) -> Self {
        let areas: Vec<String> = api
            .types()
            .iter()
            .map(|t| t.area.clone())
            .chain(api.operations().iter().map(|o| o.area.clone()))
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let index: HashMap<String, usize> = areas.iter().enumerate().map(|(i, a)| (a.clone(), i)).collect();
        let mut needed_by = vec![AreaSet::new(); api.types().len()];
        for (area, roots) in roots(api, &index).into_iter().enumerate() {
            let mut stack = roots;
            while let Some(id) = stack.pop() {
                if !needed_by[id.index()].insert(area) {
                    continue;
                }
                let def = api.get(id);
                stack.extend(api.base_of(id));
                stack
                    .extend(def.properties.iter().filter(|p| !p.navigation).filter_map(|p| api.id_of(&p.ty)));
            }
        }
        Features { areas, index, needed_by }
    }

    /// The cfg of a type: nothing when every area needs it.
    pub fn type_cfg(&self, id: TypeId) -> Cfg {
        self.cfg(&self.needed_by[id.index()])
    }

    /// The cfg of a part of `owner`'s items that uses `used` (a field typed
    /// with it, a variant holding it): nothing when `used` is compiled
    /// whenever `owner` is.
    pub fn cfg_within(&self, owner: TypeId, used: Option<TypeId>) -> Cfg {
        let Some(used) = used else { return Cfg::default() };
        let (owner, used) = (&self.needed_by[owner.index()], &self.needed_by[used.index()]);
        if used.is_superset(owner) {
            Cfg::default()
        } else {
            self.cfg(used)
        }
    }

    /// The cfg of an operation: its own area's feature.
    pub fn operation_cfg(&self, op: &Operation) -> Cfg {
        self.area_cfg(&op.area)
    }

    /// The cfg of what only `area` needs: its feature (nothing when it is
    /// the only area).
    pub fn area_cfg(&self, area: &str) -> Cfg {
        self.cfg(&self.index.get(area).copied().into_iter().collect())
    }

    /// How many types and operations each area compiles.
    pub fn sizes(&self, api: &Api) -> Vec<(&str, usize, usize)> {
        let mut sizes: Vec<(&str, usize, usize)> = self.areas.iter().map(|a| (a.as_str(), 0, 0)).collect();
        for areas in &self.needed_by {
            for &area in areas {
                sizes[area].1 += 1;
            }
        }
        for op in api.operations() {
            if let Some(&area) = self.index.get(&op.area) {
                sizes[area].2 += 1;
            }
        }
        sizes
    }

    fn cfg(&self, areas: &AreaSet) -> Cfg {
        if areas.is_empty() || areas.len() == self.areas.len() {
            return Cfg::default();
        }
        Cfg { any_feature: areas.iter().map(|&i| self.areas[i].clone()).collect() }
    }
}

/// Per area, the types it needs directly: its own, and those its
/// operations take and return.
fn roots(api: &Api, index: &HashMap<String, usize>) -> Vec<Vec<TypeId>> {
    let mut roots: Vec<Vec<TypeId>> = vec![Vec::new(); index.len()];
    for (id, def) in api.type_ids() {
        roots[index[&def.area]].push(id);
    }
    for op in api.operations() {
        let used = op.request_body().into_iter().chain(&op.response).filter_map(|ty| api.id_of(ty));
        roots[index[&op.area]].extend(used);
    }
    roots
}
