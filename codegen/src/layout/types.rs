//! IR type references to Rust types, which fields need a `Box` because the
//! types they join refer back to each other, and which base types are
//! decoded polymorphically (by `@odata.type`) where they are used.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::{Features, RustType};
use crate::model::{Api, Primitive, Property, RustPath, TypeId, TypeKind, TypeRef};
use crate::naming;

/// The decisions about the API's types that several items need.
pub struct TypeSpace<'a> {
    pub api: &'a Api,
    /// (struct, field type) pairs where a non-collection field is boxed.
    boxed: HashSet<(TypeId, TypeId)>,
    /// Base types used as a property or response type that have derived
    /// types: the path of their `Any…` enum and the derived types.
    pub polymorphic: BTreeMap<TypeId, (RustPath, Vec<TypeId>)>,
    pub features: Features,
}

impl<'a> TypeSpace<'a> {
    pub fn new(api: &'a Api) -> Self {
        let mut space = TypeSpace {
            api,
            boxed: HashSet::new(),
            polymorphic: polymorphic_bases(api),
            features: Features::new(api),
        };
        space.boxed = space.recursive_edges();
        space
    }

    /// The Rust type of a property's value (inside `Field<…>`).
    pub fn property_type(&self, owner: TypeId, property: &Property) -> RustType {
        let item = self.value_type(&property.ty);
        let target = self.api.id_of(&property.ty);
        if property.collection {
            RustType::Vec(Box::new(item))
        } else if target.is_some_and(|target| self.boxed.contains(&(owner, target))) {
            RustType::Box(Box::new(item))
        } else {
            item
        }
    }

    /// The type a value of `ty` decodes into: the `Any…` enum for a base
    /// type with derived types, `Flags<E>` for a flags enum, else
    /// [`TypeSpace::item_type`].
    pub fn value_type(&self, ty: &TypeRef) -> RustType {
        match self.api.id_of(ty) {
            Some(id) => self.value_type_of_id(id),
            None => self.item_type(ty),
        }
    }

    pub fn value_type_of_id(&self, id: TypeId) -> RustType {
        if let Some((path, _)) = self.polymorphic.get(&id) {
            return RustType::Model(path.clone());
        }
        match self.api.get(id) {
            def if def.flags => RustType::Flags(Box::new(self.model_type(id))),
            _ => self.model_type(id),
        }
    }

    /// A primitive's or a named type's own Rust type (unknown names are
    /// raw JSON).
    pub fn item_type(&self, ty: &TypeRef) -> RustType {
        Self::item_type_of(self.api, ty)
    }

    pub fn item_type_of(api: &Api, ty: &TypeRef) -> RustType {
        match ty {
            TypeRef::Primitive(primitive) => primitive_type(*primitive),
            TypeRef::Json => RustType::Json,
            TypeRef::Named(_) => {
                api.id_of(ty).map_or(RustType::Json, |id| RustType::Model(api.get(id).rust_path.clone()))
            }
        }
    }

    pub fn model_type(&self, id: TypeId) -> RustType {
        RustType::Model(self.api.get(id).rust_path.clone())
    }

    fn is_struct(&self, id: TypeId) -> bool {
        self.api.get(id).kind != TypeKind::Enum
    }

    /// Edges struct → struct (through non-collection fields, inherited ones
    /// included) that lie on a cycle: Tarjan's strongly connected components.
    fn recursive_edges(&self) -> HashSet<(TypeId, TypeId)> {
        let api = self.api;
        let edges: Vec<Vec<usize>> = api
            .type_ids()
            .map(|(id, _)| {
                api.all_properties(id)
                    .filter(|(_, p)| !p.collection)
                    .filter_map(|(_, p)| api.id_of(&p.ty))
                    // `Any…` enums box their variants: no cycle through them.
                    .filter(|&target| self.is_struct(target) && !self.polymorphic.contains_key(&target))
                    .map(TypeId::index)
                    .collect()
            })
            .collect();
        let component = strongly_connected(&edges);
        let mut boxed = HashSet::new();
        for (from, targets) in edges.iter().enumerate() {
            for &to in targets {
                if component[from] == component[to] {
                    boxed.insert((TypeId(from as u32), TypeId(to as u32)));
                }
            }
        }
        boxed
    }
}

/// The Rust type of an Edm primitive.
pub fn primitive_type(primitive: Primitive) -> RustType {
    match primitive {
        Primitive::String => RustType::Builtin("String"),
        Primitive::Int32 => RustType::Builtin("i32"),
        Primitive::Int64 => RustType::Builtin("i64"),
        Primitive::Int16 => RustType::Builtin("i16"),
        Primitive::Byte => RustType::Builtin("u8"),
        Primitive::SByte => RustType::Builtin("i8"),
        Primitive::Boolean => RustType::Builtin("bool"),
        Primitive::Double | Primitive::Decimal => RustType::Builtin("f64"),
        Primitive::Single => RustType::Builtin("f32"),
        Primitive::DateTimeOffset => RustType::Support("DateTimeOffset"),
        Primitive::Date => RustType::Support("Date"),
        Primitive::TimeOfDay => RustType::Support("TimeOfDay"),
        Primitive::Duration => RustType::Support("Duration"),
        Primitive::Guid => RustType::Support("Guid"),
        Primitive::Binary | Primitive::Stream => RustType::Support("Base64"),
    }
}

/// Base types that are used as a property or response type and have
/// derived types, with the derived types (all descendants, in model order)
/// and a free `Any<Base>` name in the base's module. Bases are named in
/// the order of their qualified names, so that which one gets a number
/// does not depend on the model's order.
fn polymorphic_bases(api: &Api) -> BTreeMap<TypeId, (RustPath, Vec<TypeId>)> {
    let mut descendants: BTreeMap<TypeId, Vec<TypeId>> = BTreeMap::new();
    for (id, _) in api.type_ids() {
        for &ancestor in api.lineage_of(id).iter().rev().skip(1) {
            descendants.entry(ancestor).or_default().push(id);
        }
    }
    let used: HashSet<TypeId> = api
        .types()
        .iter()
        .flat_map(|t| t.properties.iter().map(|p| &p.ty))
        .chain(api.operations().iter().filter_map(|op| op.response.as_ref()))
        .filter_map(|ty| api.id_of(ty))
        .collect();
    let mut taken: HashMap<&[String], HashSet<String>> = HashMap::new();
    for def in api.types() {
        taken.entry(&def.rust_path.modules).or_default().insert(def.rust_path.name.clone());
    }
    let mut bases: Vec<(String, TypeId, Vec<TypeId>)> = descendants
        .into_iter()
        .filter(|(base, _)| used.contains(base))
        .map(|(base, derived)| (api.get(base).qualified(), base, derived))
        .collect();
    bases.sort();
    let mut polymorphic = BTreeMap::new();
    for (_, base, derived) in bases {
        let def = api.get(base);
        let name = naming::pascal(&format!("any {}", def.name));
        let name = naming::unique(name, taken.entry(&def.rust_path.modules).or_default());
        polymorphic.insert(base, (RustPath::new(def.rust_path.modules.clone(), name), derived));
    }
    polymorphic
}

/// Component id of every node (Tarjan, with an explicit stack so that deep
/// type graphs cannot overflow the stack): nodes in one strongly connected
/// component reach each other.
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
