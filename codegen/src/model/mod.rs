//! Stage 2: all pages → one resolved API model, the IR. Cross-page
//! resolution (type names, inheritance, enums, operations) happens here;
//! emit only reads the result. The IR is what `--ir` writes as JSON.

mod areas;
mod build;
mod checks;
mod examples;
mod operations;
mod type_expr;
mod types;

pub use areas::{MAX_AREAS, OTHER as OTHER_AREA};
pub use build::build;
pub use type_expr::{qualify, PRIMITIVES};

use serde::Serialize;

/// The resolved API: types sorted by name, operations by name.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Api {
    pub types: Vec<TypeDef>,
    pub operations: Vec<Operation>,
    /// Concrete JSON examples, used to emit the round-trip tests.
    #[serde(skip)]
    pub examples: Vec<Example>,
    /// JSON response examples that cannot be tests, and why.
    #[serde(skip)]
    pub skipped_examples: Vec<SkippedExample>,
    /// Qualified name → index in `types`, built on the first lookup (the
    /// model is not changed once built).
    #[serde(skip)]
    pub index: std::sync::OnceLock<std::collections::HashMap<String, usize>>,
}

/// A JSON response example left out of the tests.
#[derive(Clone, Debug)]
pub struct SkippedExample {
    pub source: String,
    pub line: u32,
    /// `placeholder values`, `not strict JSON` or `names no type`.
    pub reason: &'static str,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TypeKind {
    Entity,
    #[default]
    Complex,
    Enum,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct TypeDef {
    /// The docs' name, without namespace.
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    pub kind: TypeKind,
    /// The direct base type. Properties are listed on the type that declares
    /// them; the emitted struct flattens the whole chain.
    pub base: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base_namespace: Option<String>,
    pub properties: Vec<Property>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub members: Vec<String>,
    pub rust_path: String,
    /// Page the definition comes from, relative to `--docs`.
    pub source: String,
    /// The API area (the page's `ms.prod`): the generated crate's cargo
    /// feature that compiles the type.
    pub area: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
    #[serde(rename = "abstract", skip_serializing_if = "std::ops::Not::not")]
    pub is_abstract: bool,
    /// A flags enum: a value combines members with commas (`"a,b"`).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub flags: bool,
    /// No page defines the type; it is only linked. It is emitted as an open
    /// JSON object.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub opaque: bool,
    /// How the type came to be: `page`, `table` (a request-body table on an
    /// API page), `inherited-rows` (rows marked `Inherited from`), `link`,
    /// `inline-enum`, `enum-table`.
    pub defined_by: &'static str,
    /// Other pages that state the same type; their properties are merged.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub merged_from: Vec<String>,
    #[serde(skip)]
    pub line: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Property {
    pub name: String,
    /// An Edm primitive name without `Edm.` (`String`, `Int32`, ...),
    /// `Json` for untyped JSON, or a type name of this model.
    #[serde(rename = "type")]
    pub type_name: String,
    /// The sub-namespace of `type`, when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub type_namespace: Option<String>,
    pub collection: bool,
    pub navigation: bool,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct Operation {
    /// The API page's file name without `.md`, unique per docs folder.
    pub name: String,
    pub method: String,
    pub paths: Vec<String>,
    pub request_body: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_body_namespace: Option<String>,
    pub response: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub response_namespace: Option<String>,
    pub response_collection: bool,
    pub status: u16,
    pub rust_path: String,
    pub source: String,
    /// The API area (the page's `ms.prod`): the cargo feature that
    /// compiles the operation.
    pub area: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub title: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// OData query options the page says the operation supports.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub query_options: Vec<String>,
    #[serde(skip)]
    pub line: u32,
}

/// A concrete (placeholder-free, strict) JSON example from an API page.
#[derive(Clone, Debug)]
pub struct Example {
    pub source: String,
    pub line: u32,
    pub operation: String,
    pub kind: ExampleKind,
    /// The example's JSON text.
    pub json: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExampleKind {
    /// A request: method, path and query as in the example URL (host and
    /// version removed), and the body type if the body is used.
    /// `template` is the documented path the example uses.
    Request { method: String, template: String, path_and_query: String, body_type: Option<String> },
    /// A response body of the given type (qualified name).
    Response { type_name: String, collection: bool },
}

impl TypeDef {
    /// The name the model knows the type by: `callRecords.session`, `user`.
    pub fn qualified(&self) -> String {
        qualify(self.namespace.as_deref(), &self.name)
    }

    pub fn qualified_base(&self) -> Option<String> {
        self.base.as_deref().map(|base| qualify(self.base_namespace.as_deref(), base))
    }

    /// The Rust module of the type below `models`: empty for
    /// `microsoft.graph`, `call_records` for `microsoft.graph.callRecords`.
    pub fn module(&self) -> String {
        self.namespace
            .as_deref()
            .and_then(|ns| ns.get("microsoft.graph.".len()..))
            .map(crate::naming::snake)
            .unwrap_or_default()
    }
}

impl Property {
    /// The qualified name of the property's type (primitives as they are).
    pub fn qualified_type(&self) -> String {
        qualify(self.type_namespace.as_deref(), &self.type_name)
    }
}

impl Operation {
    pub fn qualified_request_body(&self) -> Option<String> {
        self.request_body.as_deref().map(|name| qualify(self.request_body_namespace.as_deref(), name))
    }

    pub fn qualified_response(&self) -> Option<String> {
        self.response.as_deref().map(|name| qualify(self.response_namespace.as_deref(), name))
    }
}

impl Api {
    /// A type by qualified name (`user`, `callRecords.session`).
    pub fn type_def(&self, qualified: &str) -> Option<&TypeDef> {
        let index = self.index.get_or_init(|| {
            let mut index = std::collections::HashMap::with_capacity(self.types.len());
            for (i, def) in self.types.iter().enumerate() {
                index.entry(def.qualified()).or_insert(i);
            }
            index
        });
        index.get(qualified).and_then(|&i| self.types.get(i))
    }

    /// The chain from the root base type down to `qualified` itself.
    pub fn lineage(&self, qualified: &str) -> Vec<&TypeDef> {
        let mut chain = Vec::new();
        let mut next = self.type_def(qualified);
        while let Some(def) = next {
            if chain.iter().any(|seen: &&TypeDef| std::ptr::eq(*seen, def)) {
                break; // cycles were reported during the build
            }
            chain.push(def);
            next = def.qualified_base().and_then(|base| self.type_def(&base));
        }
        chain.reverse();
        chain
    }

    /// All properties of a type, inherited ones first.
    pub fn all_properties(&self, qualified: &str) -> Vec<&Property> {
        self.lineage(qualified).into_iter().flat_map(|def| &def.properties).collect()
    }
}

#[cfg(test)]
mod tests;
