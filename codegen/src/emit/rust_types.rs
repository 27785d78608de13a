//! IR type names to Rust types, and which fields need a `Box` because the
//! types they join refer back to each other.

use std::collections::{HashMap, HashSet};

use proc_macro2::TokenStream;
use quote::quote;

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
}

impl<'a> TypeSpace<'a> {
    pub fn new(api: &'a Api) -> Self {
        let paths = api
            .types
            .iter()
            .map(|t| (t.qualified(), t.rust_path.strip_prefix("models::").unwrap_or(&t.rust_path)))
            .collect();
        let mut space = TypeSpace { api, paths, boxed: HashSet::new() };
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
        let item = self.item_type(&target);
        if property.collection {
            quote!(Vec<#item>)
        } else if self.boxed.contains(&(owner.to_owned(), target)) {
            quote!(Box<#item>)
        } else {
            item
        }
    }

    /// A primitive's or a named type's Rust type.
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
            _ => match self.paths.get(name) {
                Some(path) => {
                    let segments = path.split("::").map(super::ident);
                    quote!(crate::models::#(#segments)::*)
                }
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
                    .filter(|target| self.is_struct(target))
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

/// Component id of every node (Tarjan, with an explicit stack).
fn strongly_connected(edges: &[Vec<usize>]) -> Vec<usize> {
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
