//! The IR as the diff reads it: the keys of `--ir` / `api.json` that decide
//! the generated Rust API. Other keys are ignored, so a model written by a
//! newer generator (with more keys) still loads, and the same code reads a
//! model built in memory from a docs folder.

use std::collections::HashMap;

use codegen::model::qualify;
use serde::Deserialize;

/// A whole model: `types` and `operations` are required, so that a JSON
/// file that is not an IR is refused rather than read as an empty API.
#[derive(Clone, Debug, Deserialize)]
pub struct Model {
    pub types: Vec<TypeView>,
    pub operations: Vec<OperationView>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct TypeView {
    pub name: String,
    #[serde(default)]
    pub namespace: Option<String>,
    /// `entity`, `complex` or `enum`.
    pub kind: String,
    #[serde(default)]
    pub base: Option<String>,
    #[serde(default)]
    pub base_namespace: Option<String>,
    #[serde(default)]
    pub properties: Vec<PropertyView>,
    #[serde(default)]
    pub members: Vec<String>,
    /// A flags enum: its values are `support::Flags<E>`.
    #[serde(default)]
    pub flags: bool,
    pub rust_path: String,
}

#[derive(Clone, Debug, Deserialize)]
pub struct PropertyView {
    pub name: String,
    #[serde(rename = "type")]
    pub type_name: String,
    #[serde(default)]
    pub type_namespace: Option<String>,
    #[serde(default)]
    pub collection: bool,
}

#[derive(Clone, Debug, Deserialize)]
pub struct OperationView {
    pub name: String,
    pub method: String,
    pub paths: Vec<String>,
    #[serde(default)]
    pub request_body: Option<String>,
    #[serde(default)]
    pub request_body_namespace: Option<String>,
    #[serde(default)]
    pub response: Option<String>,
    #[serde(default)]
    pub response_namespace: Option<String>,
    #[serde(default)]
    pub response_collection: bool,
    pub status: u16,
    pub rust_path: String,
}

impl Model {
    /// Reads an IR JSON text (`--ir`, `api.json`).
    pub fn from_json(text: &str) -> Result<Model, String> {
        serde_json::from_str(text).map_err(|e| format!("not an IR JSON file: {e}"))
    }

    /// The model the generator built in memory, through its JSON form, so
    /// that both inputs are read by the same rules.
    pub fn from_api(api: &codegen::model::Api) -> Result<Model, String> {
        let value = serde_json::to_value(api).map_err(|e| e.to_string())?;
        serde_json::from_value(value).map_err(|e| format!("the IR does not have the expected shape: {e}"))
    }

    /// Types by qualified name; the first of duplicates wins, as in
    /// `Api::type_def`.
    pub fn index(&self) -> HashMap<String, &TypeView> {
        let mut index = HashMap::new();
        for def in &self.types {
            index.entry(def.qualified()).or_insert(def);
        }
        index
    }
}

impl TypeView {
    /// `callRecords.session` or `user`, as `TypeDef::qualified`.
    pub fn qualified(&self) -> String {
        qualify(self.namespace.as_deref(), &self.name)
    }

    pub fn qualified_base(&self) -> Option<String> {
        self.base.as_deref().map(|base| qualify(self.base_namespace.as_deref(), base))
    }

    pub fn is_enum(&self) -> bool {
        self.kind == "enum"
    }

    /// The Rust module below `models` (`call_records`), as `TypeDef::module`.
    pub fn module(&self) -> String {
        self.namespace
            .as_deref()
            .and_then(|ns| ns.get("microsoft.graph.".len()..))
            .map(codegen::naming::snake)
            .unwrap_or_default()
    }
}

impl PropertyView {
    pub fn qualified_type(&self) -> String {
        qualify(self.type_namespace.as_deref(), &self.type_name)
    }

    /// `String`, `callRecords.session`, `Collection(user)`.
    pub fn type_text(&self) -> String {
        collection_text(&self.qualified_type(), self.collection)
    }
}

impl OperationView {
    pub fn qualified_request_body(&self) -> Option<String> {
        self.request_body.as_deref().map(|name| qualify(self.request_body_namespace.as_deref(), name))
    }

    pub fn qualified_response(&self) -> Option<String> {
        self.response.as_deref().map(|name| qualify(self.response_namespace.as_deref(), name))
    }

    /// The response as text: `none`, `user`, `Collection(user)`.
    pub fn response_text(&self) -> String {
        match self.qualified_response() {
            Some(name) => collection_text(&name, self.response_collection),
            None => "none".into(),
        }
    }
}

/// OData's spelling of a collection type.
fn collection_text(name: &str, collection: bool) -> String {
    if collection {
        format!("Collection({name})")
    } else {
        name.to_owned()
    }
}

/// The chain from the root base type down to `qualified` itself; a cycle
/// (reported when the model was built) ends it.
pub fn lineage<'a>(index: &HashMap<String, &'a TypeView>, qualified: &str) -> Vec<&'a TypeView> {
    let mut chain: Vec<&TypeView> = Vec::new();
    let mut next = index.get(qualified).copied();
    while let Some(def) = next {
        if chain.iter().any(|seen| std::ptr::eq(*seen, def)) {
            break;
        }
        chain.push(def);
        next = def.qualified_base().and_then(|base| index.get(&base).copied());
    }
    chain.reverse();
    chain
}

/// An operation's identity across versions: method and path template with
/// every placeholder made the same slot (`{id}`, `{user-id}` and `{userId}`
/// are one), so renaming a placeholder is no change.
pub fn endpoint_key(method: &str, path: &str) -> (String, String) {
    let mut normalized = String::with_capacity(path.len());
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else { break };
        normalized.push_str(&rest[..open]);
        normalized.push_str("{}");
        rest = &rest[open + close + 1..];
    }
    normalized.push_str(rest);
    (normalized, method.to_ascii_uppercase())
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
        assert_eq!(endpoint_key("GET", "/f(x='{x}')").0, "/f(x='{}')");
        assert_eq!(endpoint_key("GET", "/broken{").0, "/broken{");
    }

    #[test]
    fn refuses_json_that_is_not_an_ir() {
        assert!(Model::from_json(r#"{"name": "package"}"#).is_err());
        assert!(Model::from_json("not json").is_err());
        let model = Model::from_json(r#"{"types": [], "operations": [], "extra": 1}"#).unwrap();
        assert!(model.types.is_empty());
    }
}
