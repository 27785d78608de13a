//! IR type names to Rust types, which fields need a `Box` because the types
//! they join refer back to each other, and which base types are decoded
//! polymorphically (by `@odata.type`) where they are used.

use std::collections::{BTreeMap, HashMap, HashSet};

use proc_macro2::TokenStream;
use quote::quote;

use super::features::Features;
use crate::model::{Api, Property, TypeKind};

/// Rust names of the API's types, by IR name.
pub struct TypeSpace<'a> {
    pub api: &'a Api,
    /// Rust path below `models` (`Session`, `call_records::Session`), by
    /// qualified name.
    paths: HashMap<String, &'a str>,
    /// (struct, field type) pairs of qualified names where the field must
    /// be boxed.
    boxed: HashSet<(String, String)>,
    /// Base types used as a property or response type that have derived
    /// types: base → (Rust path of its `Any…` enum below `models`, the
    /// derived types).
    pub polymorphic: BTreeMap<String, (String, Vec<String>)>,
    /// Which cargo features compile each type and operation.
    pub features: Features,
}

impl<'a> TypeSpace<'a> {
    pub fn new(api: &'a Api) -> Self {
        let paths = api
            .types
            .iter()
            .map(|t| (t.qualified(), t.rust_path.strip_prefix("models::").unwrap_or(&t.rust_path)))
            .collect();
        let features = Features::new(api);
        let mut space =
            TypeSpace { api, paths, boxed: HashSet::new(), polymorphic: BTreeMap::new(), features };
        space.polymorphic = polymorphic_bases(api);
        space.boxed = space.recursive_edges();
        space
    }

    /// The type's own identifier (last segment of its Rust path).
    pub fn ident(&self, qualified: &str) -> Option<syn::Ident> {
        self.paths.get(qualified).map(|path| super::ident(path.rsplit("::").next().unwrap_or(path)))
    }

    /// The Rust type of a property's value (inside `Field<…>`).
    pub fn property_type(&self, owner: &str, property: &Property) -> TokenStream {
        let target = property.qualified_type();
        let item = self.value_type(&target);
        if property.collection {
            quote!(Vec<#item>)
        } else if self.boxed.contains(&(owner.to_owned(), target)) {
            quote!(Box<#item>)
        } else {
            item
        }
    }

    /// The type a value of `name` decodes into: the `Any…` enum for a
    /// base type with derived types, `Flags<E>` for a flags enum, else
    /// [`TypeSpace::item_type`].
    pub fn value_type(&self, name: &str) -> TokenStream {
        if let Some((path, _)) = self.polymorphic.get(name) {
            return models_path(path);
        }
        let item = self.item_type(name);
        match self.api.type_def(name) {
            Some(def) if def.flags => quote!(crate::support::Flags<#item>),
            _ => item,
        }
    }

    /// A primitive's or a named type's own Rust type.
    pub fn item_type(&self, name: &str) -> TokenStream {
        match name {
            "String" => quote!(String),
            "Int32" => quote!(i32),
            "Int64" => quote!(i64),
            "Int16" => quote!(i16),
            "Byte" => quote!(u8),
            "SByte" => quote!(i8),
            "Boolean" => quote!(bool),
            "Double" | "Decimal" => quote!(f64),
            "Single" => quote!(f32),
            "DateTimeOffset" => quote!(crate::support::DateTimeOffset),
            "Date" => quote!(crate::support::Date),
            "TimeOfDay" => quote!(crate::support::TimeOfDay),
            "Duration" => quote!(crate::support::Duration),
            "Guid" => quote!(crate::support::Guid),
            "Binary" | "Stream" => quote!(crate::support::Base64),
            "Json" => quote!(serde_json::Value),
            _ => match self.paths.get(name) {
                Some(path) => models_path(path),
                None => quote!(serde_json::Value),
            },
        }
    }

    fn is_struct(&self, qualified: &str) -> bool {
        self.api.type_def(qualified).is_some_and(|t| t.kind != TypeKind::Enum)
    }

    /// Edges struct → struct (through non-collection fields, inherited ones
    /// included) that lie on a cycle: Tarjan's strongly connected components,
    /// iteratively so that deep type graphs cannot overflow the stack.
    fn recursive_edges(&self) -> HashSet<(String, String)> {
        let api = self.api;
        let nodes: Vec<String> = api.types.iter().map(|t| t.qualified()).collect();
        let index_of: HashMap<&str, usize> = nodes.iter().enumerate().map(|(i, n)| (n.as_str(), i)).collect();
        let edges: Vec<Vec<usize>> = nodes
            .iter()
            .map(|name| {
                api.all_properties(name)
                    .into_iter()
                    .filter(|p| !p.collection)
                    .map(|p| p.qualified_type())
                    // `Any…` enums box their variants: no cycle through them.
                    .filter(|target| self.is_struct(target) && !self.polymorphic.contains_key(target))
                    .filter_map(|target| index_of.get(target.as_str()).copied())
                    .collect()
            })
            .collect();
        let component = strongly_connected(&edges);
        let mut boxed = HashSet::new();
        for (from, targets) in edges.iter().enumerate() {
            for &to in targets {
                if component[from] == component[to] {
                    boxed.insert((nodes[from].clone(), nodes[to].clone()));
                }
            }
        }
        boxed
    }
}

/// `crate::models::a::B` from `a::B`.
fn models_path(path: &str) -> TokenStream {
    let segments = path.split("::").map(super::ident);
    quote!(crate::models::#(#segments)::*)
}

/// Base types that are used as a property or response type and have
/// derived types, with the derived types (all descendants) and a free
/// `Any<Base>` name in the base's module.
fn polymorphic_bases(api: &Api) -> BTreeMap<String, (String, Vec<String>)> {
    let mut descendants: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for def in &api.types {
        let own = def.qualified();
        for ancestor in api.lineage(&own).iter().rev().skip(1) {
            descendants.entry(ancestor.qualified()).or_default().push(own.clone());
        }
    }
    let used: HashSet<String> = api
        .types
        .iter()
        .flat_map(|t| t.properties.iter().map(|p| p.qualified_type()))
        .chain(api.operations.iter().filter_map(|op| op.qualified_response()))
        .collect();
    let mut taken: HashMap<String, HashSet<String>> = HashMap::new();
    for def in &api.types {
        let ident = def.rust_path.rsplit("::").next().unwrap_or_default().to_owned();
        taken.entry(def.module()).or_default().insert(ident);
    }
    let mut polymorphic = BTreeMap::new();
    for (base, derived) in descendants {
        let Some(def) = api.type_def(&base).filter(|_| used.contains(&base)) else { continue };
        let module = def.module();
        let ident = crate::naming::pascal(&format!("any {}", def.name));
        let ident = crate::naming::unique(ident, taken.entry(module.clone()).or_default());
        let path = if module.is_empty() { ident } else { format!("{module}::{ident}") };
        polymorphic.insert(base, (path, derived));
    }
    polymorphic
}

/// Component id of every node (Tarjan, with an explicit stack): nodes in
/// one strongly connected component reach each other.
pub fn strongly_connected(edges: &[Vec<usize>]) -> Vec<usize> {
    const UNSEEN: usize = usize::MAX;
    let n = edges.len();
    let (mut index, mut low, mut component) = (vec![UNSEEN; n], vec![0; n], vec![UNSEEN; n]);
    let (mut on_stack, mut stack) = (vec![false; n], Vec::new());
    let (mut next_index, mut next_component) = (0, 0);
    for root in 0..n {
        if index[root] != UNSEEN {
            continue;
        }
        let mut work = vec![(root, 0usize)];
        while let Some((node, edge)) = work.pop() {
            if edge == 0 {
                index[node] = next_index;
                low[node] = next_index;
                next_index += 1;
                stack.push(node);
                on_stack[node] = true;
            }
            if let Some(&next) = edges[node].get(edge) {
                work.push((node, edge + 1));
                if index[next] == UNSEEN {
                    work.push((next, 0));
                } else if on_stack[next] {
                    low[node] = low[node].min(index[next]);
                }
                continue;
            }
            if low[node] == index[node] {
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component[member] = next_component;
                    if member == node {
                        break;
                    }
                }
                next_component += 1;
            }
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[node]);
            }
        }
    }
    component
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn components() {
        // 0 → 1 → 2 → 0 is a cycle; 3 → 3 a self-loop; 4 stands alone.
        let edges = vec![vec![1], vec![2], vec![0], vec![3], vec![0]];
        let c = strongly_connected(&edges);
        assert!(c[0] == c[1] && c[1] == c[2]);
        assert!(c[3] != c[0] && c[4] != c[0] && c[4] != c[3]);
    }
}
