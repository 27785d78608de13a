//! What changed between two models, in the IR's terms: types, their
//! properties and enum members, and operations identified by method and
//! normalized path. The verdict on these changes is `semver`'s.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;

use codegen::model::{Api, Operation, Property, TypeDef};

/// The model-level changes. Field order is the JSON's key order.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Changes {
    /// Qualified type names, in model order.
    pub added_types: Vec<String>,
    pub removed_types: Vec<String>,
    pub changed_types: Vec<TypeChange>,
    /// Sorted by path, then method.
    pub added_operations: Vec<Endpoint>,
    pub removed_operations: Vec<Endpoint>,
    pub changed_operations: Vec<OperationChange>,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct TypeChange {
    pub name: String,
    pub added_properties: Vec<String>,
    pub removed_properties: Vec<String>,
    pub changed_properties: Vec<PropertyChange>,
    pub added_members: Vec<String>,
    pub removed_members: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<Change>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base: Option<Change>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rust_path: Option<Change>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PropertyChange {
    pub name: String,
    pub old: String,
    pub new: String,
}

/// An old and a new value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Change {
    pub old: String,
    pub new: String,
}

/// An operation as the diff identifies it. `path` is the template as the
/// docs write it (the old docs for a removed one, the new for the rest).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Endpoint {
    pub method: String,
    pub path: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct OperationChange {
    pub method: String,
    pub path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub response: Option<Change>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_body: Option<Change>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<Change>,
    /// The request type that serves the path (`requests::ItemPhoneGet`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rust_path: Option<Change>,
}

impl Changes {
    pub fn between(old: &Api, new: &Api) -> Changes {
        let mut changes = Changes::default();
        let old_types = by_name(old);
        let new_types = by_name(new);
        changes.removed_types = names_missing(old.types(), &new_types);
        changes.added_types = names_missing(new.types(), &old_types);
        let mut seen = BTreeSet::new();
        for def in new.types() {
            let name = def.qualified();
            if let (Some(before), Some(after), true) =
                (old_types.get(&name), new_types.get(&name), seen.insert(name.clone()))
            {
                changes.changed_types.extend(type_change(before, after));
            }
        }
        let old_ops = endpoints(old);
        let new_ops = endpoints(new);
        for (key, (endpoint, _)) in &old_ops {
            if !new_ops.contains_key(key) {
                changes.removed_operations.push(endpoint.clone());
            }
        }
        for (key, (endpoint, after)) in &new_ops {
            match old_ops.get(key) {
                None => changes.added_operations.push(endpoint.clone()),
                Some((_, before)) => {
                    if let Some(change) = operation_change(endpoint, before, after) {
                        changes.changed_operations.push(change);
                    }
                }
            }
        }
        changes
    }

    pub fn is_empty(&self) -> bool {
        self.added_types.is_empty()
            && self.removed_types.is_empty()
            && self.changed_types.is_empty()
            && self.added_operations.is_empty()
            && self.removed_operations.is_empty()
            && self.changed_operations.is_empty()
    }
}

/// Types by qualified name; the first of duplicates wins, as in the model.
fn by_name(api: &Api) -> HashMap<String, &TypeDef> {
    let mut index = HashMap::new();
    for def in api.types() {
        index.entry(def.qualified()).or_insert(def);
    }
    index
}

/// Names of `types` (in order, once each) that `other` lacks.
fn names_missing(types: &[TypeDef], other: &HashMap<String, &TypeDef>) -> Vec<String> {
    let mut seen = BTreeSet::new();
    types
        .iter()
        .map(TypeDef::qualified)
        .filter(|name| !other.contains_key(name) && seen.insert(name.clone()))
        .collect()
}

fn type_change(old: &TypeDef, new: &TypeDef) -> Option<TypeChange> {
    let mut change = TypeChange { name: new.qualified(), ..TypeChange::default() };
    let old_props = properties(old);
    let new_props = properties(new);
    let old_by_name: HashMap<&str, &str> = old_props.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect();
    let new_by_name: HashMap<&str, &str> = new_props.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect();
    for (name, _) in &old_props {
        if !new_by_name.contains_key(name.as_str()) {
            change.removed_properties.push(name.clone());
        }
    }
    for (name, type_text) in &new_props {
        match old_by_name.get(name.as_str()) {
            None => change.added_properties.push(name.clone()),
            Some(before) if before != type_text => change.changed_properties.push(PropertyChange {
                name: name.clone(),
                old: (*before).to_owned(),
                new: type_text.clone(),
            }),
            Some(_) => {}
        }
    }
    change.removed_members = missing(&old.members, &new.members);
    change.added_members = missing(&new.members, &old.members);
    change.kind = differs(old.kind.as_str(), new.kind.as_str());
    let base_text = |def: &TypeDef| def.base.as_ref().map_or_else(|| "none".into(), |b| b.qualified());
    change.base = differs(&base_text(old), &base_text(new));
    change.rust_path = differs(&old.rust_path.to_string(), &new.rust_path.to_string());
    let unchanged = change.added_properties.is_empty()
        && change.removed_properties.is_empty()
        && change.changed_properties.is_empty()
        && change.added_members.is_empty()
        && change.removed_members.is_empty()
        && change.kind.is_none()
        && change.base.is_none()
        && change.rust_path.is_none();
    (!unchanged).then_some(change)
}

/// A type's declared properties (name, type text), the first of duplicates.
fn properties(def: &TypeDef) -> Vec<(String, String)> {
    let mut seen = BTreeSet::new();
    def.properties
        .iter()
        .filter(|p| seen.insert(p.name.as_str()))
        .map(|p: &Property| (p.name.clone(), collection_text(&p.ty.qualified(), p.collection)))
        .collect()
}

/// OData's spelling of a collection type: `Collection(user)`.
fn collection_text(name: &str, collection: bool) -> String {
    if collection {
        format!("Collection({name})")
    } else {
        name.to_owned()
    }
}

/// The response as text: `none`, `user`, `Collection(user)`.
fn response_text(op: &Operation) -> String {
    match &op.response {
        Some(ty) => collection_text(&ty.qualified(), op.response_collection),
        None => "none".into(),
    }
}

/// Items of `list` (once each, in order) that `other` lacks.
fn missing(list: &[String], other: &[String]) -> Vec<String> {
    let mut seen = BTreeSet::new();
    list.iter().filter(|item| !other.contains(item) && seen.insert(item.as_str())).cloned().collect()
}

fn differs(old: &str, new: &str) -> Option<Change> {
    (old != new).then(|| Change { old: old.to_owned(), new: new.to_owned() })
}

/// Every (method, path) of a model, keyed by its normalized form; the first
/// operation that documents a path serves it.
fn endpoints(api: &Api) -> BTreeMap<(String, String), (Endpoint, &Operation)> {
    let mut map = BTreeMap::new();
    for op in api.operations() {
        for path in op.paths() {
            let endpoint = Endpoint { method: op.method.to_string(), path: path.to_owned() };
            map.entry(endpoint_key(op.method.as_str(), path)).or_insert((endpoint, op));
        }
    }
    map
}

fn operation_change(endpoint: &Endpoint, old: &Operation, new: &Operation) -> Option<OperationChange> {
    let body = |op: &Operation| op.request_body().map_or_else(|| "none".into(), |b| b.qualified());
    let change = OperationChange {
        method: endpoint.method.clone(),
        path: endpoint.path.clone(),
        response: differs(&response_text(old), &response_text(new)),
        request_body: differs(&body(old), &body(new)),
        status: differs(&old.status.to_string(), &new.status.to_string()),
        rust_path: differs(&old.rust_path.to_string(), &new.rust_path.to_string()),
    };
    let unchanged = change.response.is_none()
        && change.request_body.is_none()
        && change.status.is_none()
        && change.rust_path.is_none();
    (!unchanged).then_some(change)
}

/// An operation's identity across versions: method and path template with
/// every placeholder made the same slot (`{id}`, `{user-id}` and `{userId}`
/// are one), so renaming a placeholder is no change.
pub fn endpoint_key(method: &str, path: &str) -> (String, String) {
    let canonical = codegen::model::Endpoint::new(path.to_owned(), String::new()).canonical();
    (canonical, method.to_ascii_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_one_slot() {
        let key = endpoint_key("get", "/users/{user-id}/messages/{id}");
        assert_eq!(key, endpoint_key("GET", "/users/{userId}/messages/{message-id}"));
        assert_eq!(key.0, "/users/{}/messages/{}");
        assert_ne!(key, endpoint_key("GET", "/users/{id}/messages"));
        assert_eq!(endpoint_key("GET", "/f(x='{x}')").0, "/f(x)");
        assert_eq!(endpoint_key("GET", "/broken{").0, "/broken{");
    }
}
