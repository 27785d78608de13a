//! Stage 2: all pages → one resolved API model, the IR. Cross-page
//! resolution (type names, inheritance, enums, operations) happens here;
//! emit only reads the result. The IR is what `--ir` writes as JSON.

mod build;
mod checks;
mod examples;
mod operations;
mod type_expr;
mod types;

pub use build::build;
pub use type_expr::PRIMITIVES;

use serde::Serialize;

/// The resolved API: types sorted by name, operations by name.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Api {
    pub types: Vec<TypeDef>,
    pub operations: Vec<Operation>,
    /// Concrete JSON examples, used to emit the round-trip tests.
    #[serde(skip)]
    pub examples: Vec<Example>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TypeKind {
    Entity,
    Complex,
    Enum,
}

#[derive(Clone, Debug, Serialize)]
pub struct TypeDef {
    /// The docs' name, without namespace.
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    pub kind: TypeKind,
    /// The direct base type. Properties are listed on the type that declares
    /// them; the emitted struct flattens the whole chain.
    pub base: Option<String>,
    pub properties: Vec<Property>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub members: Vec<String>,
    pub rust_path: String,
    /// Page the definition comes from, relative to `--docs`.
    pub source: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
    #[serde(rename = "abstract", skip_serializing_if = "std::ops::Not::not")]
    pub is_abstract: bool,
    /// No page defines the type; it is only linked. It is emitted as an open
    /// JSON object.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub opaque: bool,
    /// How the type came to be: `page`, `table` (a request-body table on an
    /// API page), `inherited-rows` (rows marked `Inherited from`), `link`,
    /// `inline-enum`, `enum-table`.
    pub defined_by: &'static str,
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
    pub response: Option<String>,
    pub response_collection: bool,
    pub status: u16,
    pub rust_path: String,
    pub source: String,
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
    /// A response body of the given type.
    Response { type_name: String, collection: bool },
}

impl Api {
    pub fn type_def(&self, name: &str) -> Option<&TypeDef> {
        self.types.iter().find(|t| t.name == name)
    }

    /// The chain from the root base type down to `name` itself.
    pub fn lineage(&self, name: &str) -> Vec<&TypeDef> {
        let mut chain = Vec::new();
        let mut next = self.type_def(name);
        while let Some(def) = next {
            if chain.iter().any(|seen: &&TypeDef| seen.name == def.name) {
                break; // cycles were reported during the build
            }
            chain.push(def);
            next = def.base.as_deref().and_then(|base| self.type_def(base));
        }
        chain.reverse();
        chain
    }

    /// All properties of a type, inherited ones first.
    pub fn all_properties(&self, name: &str) -> Vec<&Property> {
        self.lineage(name).into_iter().flat_map(|def| &def.properties).collect()
    }
}

#[cfg(test)]
mod tests;
