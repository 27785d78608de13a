//! The public Rust API a model generates: every struct, field, enum,
//! variant, request type and request function with its type or signature.
//! The semver verdict compares two of these, because what breaks users is
//! a change in the Rust API, not in the JSON.
//!
//! This mirrors the emission rules of `codegen::emit` (field and variant
//! names, `Field<T>`, boxing on cycles, `Any…` enums for polymorphic bases,
//! request functions per path). `xtask/tests/surface.rs` parses the
//! generated code and fails if the two ever disagree.

use std::collections::{BTreeMap, HashMap, HashSet};

use codegen::emit::paths::path_fns;
use codegen::emit::strongly_connected;
use codegen::model::PRIMITIVES;
use codegen::naming;

use super::ir::{lineage, Model, OperationView, TypeView};

/// One public item, keyed in [`Surface::items`] by its path:
/// `models::User` (a type), `models::User.display_name` (a field),
/// `models::PhoneType::Mobile` (a variant), `requests::ItemPhoneGet::me`
/// (a request function).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    /// `struct`, `enum`, a field's type (`Field<String>`), a variant's
    /// payload (`(Box<models::X>)` or empty), a function's signature.
    pub signature: String,
    /// The IR element the item comes from, for people: `type user`,
    /// `property user.x`, `member phoneType.mobile`, `GET /me`.
    pub origin: String,
    /// A field the struct has from a base type, not one it declares.
    pub inherited: bool,
}

#[derive(Clone, Debug, Default)]
pub struct Surface {
    pub items: BTreeMap<String, Item>,
}

impl Surface {
    /// The public Rust API generated from `model`.
    pub fn of(model: &Model) -> Surface {
        let space = Space::new(model);
        let mut surface = Surface::default();
        for def in &model.types {
            if def.is_enum() {
                surface.open_enum(def);
            } else {
                surface.structure(&space, def);
                surface.any_enum(&space, def);
            }
        }
        for op in &model.operations {
            surface.request(&space, op);
        }
        surface
    }

    fn add(&mut self, key: String, signature: String, origin: String) {
        self.add_item(key, Item { signature, origin, inherited: false });
    }

    fn add_item(&mut self, key: String, item: Item) {
        // The first of duplicate names wins, as the first definition does.
        self.items.entry(key).or_insert(item);
    }

    fn structure(&mut self, space: &Space<'_>, def: &TypeView) {
        let qualified = def.qualified();
        self.add(def.rust_path.clone(), "struct".into(), format!("type {qualified}"));
        let mut taken = HashSet::from(["additional_properties".to_owned()]);
        for owner in lineage(&space.index, &qualified) {
            for property in &owner.properties {
                let field = naming::unique(naming::snake(&property.name), &mut taken);
                let value = space.property_type(&qualified, property);
                let owner = owner.qualified();
                let item = Item {
                    signature: format!("Field<{value}>"),
                    origin: format!("property {owner}.{}", property.name),
                    inherited: owner != qualified,
                };
                self.add_item(format!("{}.{field}", def.rust_path), item);
            }
        }
    }

    fn open_enum(&mut self, def: &TypeView) {
        let qualified = def.qualified();
        self.add(def.rust_path.clone(), "enum".into(), format!("type {qualified}"));
        let mut taken = HashSet::from(["Undocumented".to_owned()]);
        for member in &def.members {
            let variant = naming::unique(naming::pascal(member), &mut taken);
            let origin = format!("member {qualified}.{member}");
            self.add(format!("{}::{variant}", def.rust_path), String::new(), origin);
        }
    }

    /// `Any<Base>`: a variant per derived type, then the base itself.
    fn any_enum(&mut self, space: &Space<'_>, base: &TypeView) {
        let qualified = base.qualified();
        let Some((path, derived)) = space.polymorphic.get(&qualified) else { return };
        let key = format!("models::{path}");
        let origin = format!("decoding of {qualified} by @odata.type");
        self.add(key.clone(), "enum".into(), origin.clone());
        let mut taken = HashSet::new();
        let base_variant = naming::unique(naming::pascal(&base.name), &mut taken);
        let mut variants = Vec::new();
        for name in derived {
            let Some(def) = space.index.get(name) else { continue };
            let variant = naming::unique(naming::pascal(&def.name), &mut taken);
            let origin = format!("type {name} derived from {qualified}");
            variants.push((variant, format!("(Box<{}>)", space.item_type(name)), origin));
        }
        variants.push((base_variant, format!("(Box<{}>)", space.item_type(&qualified)), origin));
        for (variant, payload, origin) in variants {
            self.add(format!("{key}::{variant}"), payload, origin);
        }
    }

    fn request(&mut self, space: &Space<'_>, op: &OperationView) {
        self.add(op.rust_path.clone(), "struct".into(), format!("operation {}", op.name));
        let mut params = Vec::new();
        match op.qualified_request_body().as_deref() {
            Some("Stream") => params.push("Vec<u8>".to_owned()),
            Some(name) => params.push(format!("&{}", space.item_type(name))),
            None => {}
        }
        let response = space.response_type(op);
        for path in path_fns(&op.paths) {
            let mut all = vec!["&str".to_owned(); path.params.len()];
            all.extend(params.iter().cloned());
            let signature = format!("fn({}) -> Request<{response}>", all.join(", "));
            let origin = format!("{} {}", op.method, path.template);
            self.add(format!("{}::{}", op.rust_path, path.name), signature, origin);
        }
    }
}

/// What the emitter knows about the model's types.
struct Space<'a> {
    index: HashMap<String, &'a TypeView>,
    /// Rust path below `crate::` (`models::call_records::Session`).
    paths: HashMap<String, &'a str>,
    /// (struct, field type) pairs whose non-collection field is boxed.
    boxed: HashSet<(String, String)>,
    /// Base → (its `Any…` enum below `models`, its descendants).
    polymorphic: BTreeMap<String, (String, Vec<String>)>,
}

impl<'a> Space<'a> {
    fn new(model: &'a Model) -> Self {
        let index = model.index();
        let paths = model.types.iter().map(|t| (t.qualified(), t.rust_path.as_str())).collect();
        let mut space = Space { index, paths, boxed: HashSet::new(), polymorphic: BTreeMap::new() };
        space.polymorphic = polymorphic_bases(model, &space.index);
        space.boxed = space.recursive_edges(model);
        space
    }

    fn property_type(&self, owner: &str, property: &super::ir::PropertyView) -> String {
        let target = property.qualified_type();
        let item = self.value_type(&target);
        if property.collection {
            format!("Vec<{item}>")
        } else if self.boxed.contains(&(owner.to_owned(), target)) {
            format!("Box<{item}>")
        } else {
            item
        }
    }

    fn value_type(&self, name: &str) -> String {
        match self.polymorphic.get(name) {
            Some((path, _)) => format!("models::{path}"),
            None if self.index.get(name).is_some_and(|t| t.flags) => {
                format!("support::Flags<{}>", self.item_type(name))
            }
            None => self.item_type(name),
        }
    }

    fn item_type(&self, name: &str) -> String {
        let rust = match name {
            "String" => "String",
            "Int32" => "i32",
            "Int64" => "i64",
            "Int16" => "i16",
            "Byte" => "u8",
            "SByte" => "i8",
            "Boolean" => "bool",
            "Double" | "Decimal" => "f64",
            "Single" => "f32",
            "DateTimeOffset" => "support::DateTimeOffset",
            "Date" => "support::Date",
            "TimeOfDay" => "support::TimeOfDay",
            "Duration" => "support::Duration",
            "Guid" => "support::Guid",
            "Binary" | "Stream" => "support::Base64",
            "Json" => "serde_json::Value",
            _ => self.paths.get(name).copied().unwrap_or("serde_json::Value"),
        };
        rust.to_owned()
    }

    /// As `emit::requests::response_type`, which looks the response up by
    /// its name without namespace.
    fn response_type(&self, op: &OperationView) -> String {
        let is_bytes =
            op.response.as_deref() == Some("Stream") || op.paths.iter().any(|p| p.ends_with("/$value"));
        match &op.response {
            _ if is_bytes => "support::Bytes".into(),
            _ if op.status == 204 => "support::NoContent".into(),
            None => "support::NoContent".into(),
            Some(name) => {
                let item = self.value_type(name);
                if op.response_collection {
                    format!("support::Page<{item}>")
                } else if PRIMITIVES.contains(&name.as_str()) {
                    "serde_json::Value".into()
                } else {
                    item
                }
            }
        }
    }

    fn is_struct(&self, qualified: &str) -> bool {
        self.index.get(qualified).is_some_and(|t| !t.is_enum())
    }

    /// Struct → struct edges (non-collection fields, inherited included)
    /// that lie on a cycle: both ends in one strongly connected component.
    fn recursive_edges(&self, model: &Model) -> HashSet<(String, String)> {
        let nodes: Vec<String> = model.types.iter().map(|t| t.qualified()).collect();
        let index_of: HashMap<&str, usize> = nodes.iter().enumerate().map(|(i, n)| (n.as_str(), i)).collect();
        let edges: Vec<Vec<usize>> = nodes
            .iter()
            .map(|name| {
                lineage(&self.index, name)
                    .into_iter()
                    .flat_map(|def| &def.properties)
                    .filter(|p| !p.collection)
                    .map(|p| p.qualified_type())
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

/// Bases used as a property or response type that have derived types, with
/// the name of their `Any…` enum (free in the base's module) and all their
/// descendants in model order.
fn polymorphic_bases(
    model: &Model,
    index: &HashMap<String, &TypeView>,
) -> BTreeMap<String, (String, Vec<String>)> {
    let mut descendants: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for def in &model.types {
        let own = def.qualified();
        for ancestor in lineage(index, &own).iter().rev().skip(1) {
            descendants.entry(ancestor.qualified()).or_default().push(own.clone());
        }
    }
    let used: HashSet<String> = model
        .types
        .iter()
        .flat_map(|t| t.properties.iter().map(|p| p.qualified_type()))
        .chain(model.operations.iter().filter_map(|op| op.qualified_response()))
        .collect();
    let mut taken: HashMap<String, HashSet<String>> = HashMap::new();
    for def in &model.types {
        let ident = def.rust_path.rsplit("::").next().unwrap_or_default().to_owned();
        taken.entry(def.module()).or_default().insert(ident);
    }
    let mut polymorphic = BTreeMap::new();
    for (base, derived) in descendants {
        let Some(def) = index.get(&base).filter(|_| used.contains(&base)) else { continue };
        let module = def.module();
        let ident = naming::unique(
            naming::pascal(&format!("any {}", def.name)),
            taken.entry(module.clone()).or_default(),
        );
        let path = if module.is_empty() { ident } else { format!("{module}::{ident}") };
        polymorphic.insert(base, (path, derived));
    }
    polymorphic
}
