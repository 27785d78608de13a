//! The IR's types. Type references are typed ([`TypeRef`]), so no code asks
//! whether a string names a primitive; types are looked up by [`TypeKey`]
//! or [`TypeId`] through an index built once, when the [`Api`] is made.

use std::collections::HashMap;
use std::fmt;

pub use super::endpoint::{ArgValue, FunctionArg, Segment, Text};
use super::type_expr::qualify;

/// The resolved API: types sorted by name, operations by name.
#[derive(Clone, Debug, Default)]
pub struct Api {
    types: Vec<TypeDef>,
    operations: Vec<Operation>,
    /// Concrete JSON examples, used to emit the round-trip tests (not part
    /// of the JSON form).
    pub examples: Vec<Example>,
    /// JSON response examples that cannot be tests, and why.
    pub skipped_examples: Vec<SkippedExample>,
    /// Key → position in `types`; the first of duplicate keys wins.
    index: HashMap<TypeKey, TypeId>,
}

/// A type's position in [`Api::types`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TypeId(pub u32);

impl TypeId {
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// A model type's identity: its docs name and its sub-namespace.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TypeKey {
    pub name: String,
    /// `microsoft.graph.callRecords`; `None` for `microsoft.graph`.
    pub namespace: Option<String>,
}

impl TypeKey {
    pub fn new(name: impl Into<String>, namespace: Option<String>) -> Self {
        TypeKey { name: name.into(), namespace }
    }

    /// The name the model knows the type by: `callRecords.session`, `user`.
    pub fn qualified(&self) -> String {
        qualify(self.namespace.as_deref(), &self.name)
    }
}

/// An Edm primitive type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Primitive {
    String,
    Int32,
    Int64,
    Int16,
    Byte,
    SByte,
    Boolean,
    Double,
    Single,
    Decimal,
    DateTimeOffset,
    Date,
    TimeOfDay,
    Duration,
    Guid,
    Binary,
    Stream,
}

impl Primitive {
    pub const ALL: [Primitive; 17] = [
        Self::String,
        Self::Int32,
        Self::Int64,
        Self::Int16,
        Self::Byte,
        Self::SByte,
        Self::Boolean,
        Self::Double,
        Self::Single,
        Self::Decimal,
        Self::DateTimeOffset,
        Self::Date,
        Self::TimeOfDay,
        Self::Duration,
        Self::Guid,
        Self::Binary,
        Self::Stream,
    ];

    /// The Edm name without `Edm.`.
    pub fn name(self) -> &'static str {
        match self {
            Self::String => "String",
            Self::Int32 => "Int32",
            Self::Int64 => "Int64",
            Self::Int16 => "Int16",
            Self::Byte => "Byte",
            Self::SByte => "SByte",
            Self::Boolean => "Boolean",
            Self::Double => "Double",
            Self::Single => "Single",
            Self::Decimal => "Decimal",
            Self::DateTimeOffset => "DateTimeOffset",
            Self::Date => "Date",
            Self::TimeOfDay => "TimeOfDay",
            Self::Duration => "Duration",
            Self::Guid => "Guid",
            Self::Binary => "Binary",
            Self::Stream => "Stream",
        }
    }

    /// The primitive spelled exactly `name` (the IR's spelling).
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.name() == name)
    }
}

/// What a property, body or response is typed with.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TypeRef {
    Primitive(Primitive),
    /// Untyped JSON.
    #[default]
    Json,
    Named(TypeKey),
}

impl TypeRef {
    /// The IR's name for untyped JSON.
    pub const JSON: &'static str = "Json";

    /// A reference from the IR's (name, namespace) spelling: a primitive
    /// name without namespace is the primitive (and `Json` untyped JSON),
    /// whether or not a page also defines a type of that name.
    pub fn from_names(name: &str, namespace: Option<String>) -> Self {
        if namespace.is_none() {
            if name == Self::JSON {
                return TypeRef::Json;
            }
            if let Some(primitive) = Primitive::from_name(name) {
                return TypeRef::Primitive(primitive);
            }
        }
        TypeRef::Named(TypeKey::new(name, namespace))
    }

    /// The (name, namespace) spelling, the inverse of [`TypeRef::from_names`].
    pub fn names(&self) -> (&str, Option<&str>) {
        match self {
            TypeRef::Primitive(p) => (p.name(), None),
            TypeRef::Json => (Self::JSON, None),
            TypeRef::Named(key) => (&key.name, key.namespace.as_deref()),
        }
    }

    pub fn named(&self) -> Option<&TypeKey> {
        match self {
            TypeRef::Named(key) => Some(key),
            _ => None,
        }
    }

    /// `String`, `callRecords.session`.
    pub fn qualified(&self) -> String {
        let (name, namespace) = self.names();
        qualify(namespace, name)
    }
}

/// An operation's HTTP method.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum HttpMethod {
    #[default]
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

impl HttpMethod {
    pub const ALL: [HttpMethod; 5] = [Self::Get, Self::Post, Self::Patch, Self::Put, Self::Delete];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Post => "POST",
            Self::Put => "PUT",
            Self::Patch => "PATCH",
            Self::Delete => "DELETE",
        }
    }

    /// The method spelled exactly `text` (upper case, as the docs write it).
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.as_str() == text)
    }
}

impl fmt::Display for HttpMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How a type came to be.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum DefinedBy {
    /// A resource page.
    #[default]
    Page,
    /// A request-body table on an API page.
    Table,
    /// Rows marked `Inherited from` on a derived type's page.
    InheritedRows,
    /// Only linked or named; no page defines it.
    Link,
    /// A "Possible values are" list in a property row.
    InlineEnum,
    /// An enum table.
    EnumTable,
    /// The `entity` base that keyed types imply.
    Implicit,
}

impl DefinedBy {
    pub const ALL: [DefinedBy; 7] = [
        Self::Page,
        Self::Table,
        Self::InheritedRows,
        Self::Link,
        Self::InlineEnum,
        Self::EnumTable,
        Self::Implicit,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Page => "page",
            Self::Table => "table",
            Self::InheritedRows => "inherited-rows",
            Self::Link => "link",
            Self::InlineEnum => "inline-enum",
            Self::EnumTable => "enum-table",
            Self::Implicit => "implicit",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|d| d.as_str() == text)
    }
}

/// A path below the generated crate's root: `models::call_records::Session`
/// is the modules `["models", "call_records"]` and the name `Session`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RustPath {
    pub modules: Vec<String>,
    pub name: String,
}

impl RustPath {
    pub fn new(modules: Vec<String>, name: impl Into<String>) -> Self {
        RustPath { modules, name: name.into() }
    }

    /// Reads `a::b::C`.
    pub fn parse(text: &str) -> Self {
        let mut modules: Vec<String> = text.split("::").map(str::to_owned).collect();
        let name = modules.pop().unwrap_or_default();
        RustPath { modules, name }
    }

    /// The modules below the first (`models`, `requests`): `call_records`
    /// or nothing.
    pub fn submodules(&self) -> &[String] {
        self.modules.get(1..).unwrap_or_default()
    }
}

impl fmt::Display for RustPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for module in &self.modules {
            write!(f, "{module}::")?;
        }
        f.write_str(&self.name)
    }
}

/// A JSON response example left out of the tests.
#[derive(Clone, Debug)]
pub struct SkippedExample {
    pub source: String,
    pub line: u32,
    /// `placeholder values`, `not strict JSON` or `names no type`.
    pub reason: &'static str,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum TypeKind {
    Entity,
    #[default]
    Complex,
    Enum,
}

impl TypeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Entity => "entity",
            Self::Complex => "complex",
            Self::Enum => "enum",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [Self::Entity, Self::Complex, Self::Enum].into_iter().find(|k| k.as_str() == text)
    }
}

#[derive(Clone, Debug, Default)]
pub struct TypeDef {
    /// The docs' name, without namespace.
    pub name: String,
    pub namespace: Option<String>,
    pub kind: TypeKind,
    /// The direct base type. Properties are listed on the type that declares
    /// them; the emitted struct flattens the whole chain.
    pub base: Option<TypeKey>,
    pub properties: Vec<Property>,
    pub members: Vec<String>,
    pub rust_path: RustPath,
    /// Page the definition comes from, relative to `--docs`.
    pub source: String,
    /// The API area (the page's `ms.prod`, else its `ms.subservice`): the generated crate's cargo
    /// feature that compiles the type.
    pub area: String,
    pub description: String,
    pub is_abstract: bool,
    /// A flags enum: a value combines members with commas (`"a,b"`).
    pub flags: bool,
    /// No page defines the type; it is only linked. It is emitted as an open
    /// JSON object.
    pub opaque: bool,
    pub defined_by: DefinedBy,
    /// Other pages that state the same type; their properties are merged.
    pub merged_from: Vec<String>,
    pub line: u32,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Property {
    pub name: String,
    pub ty: TypeRef,
    pub collection: bool,
    pub navigation: bool,
    pub description: String,
}

#[derive(Clone, Debug, Default)]
pub struct Operation {
    /// The API page's file name without `.md`, unique per docs folder.
    pub name: String,
    pub method: HttpMethod,
    /// The endpoints it serves, in the order its page documents them. No
    /// other operation serves the same (method, endpoint).
    pub endpoints: Vec<Endpoint>,
    /// Path, query, header and body parameters, as documented.
    pub parameters: Vec<Parameter>,
    pub body: RequestBody,
    pub response: Option<TypeRef>,
    pub response_collection: bool,
    /// The success status: stated by the page, or else from its examples,
    /// or else the method's usual one.
    pub status: u16,
    pub rust_path: RustPath,
    pub source: String,
    /// Other pages that document endpoints of this operation (merged in).
    pub merged_from: Vec<String>,
    /// Documented forms with a query string (`GET /me?$expand=manager`):
    /// usage of an endpoint, not endpoints of their own.
    pub usage: Vec<String>,
    /// The API area (the page's `ms.prod`, else its `ms.subservice`): the cargo feature that
    /// compiles the operation.
    pub area: String,
    pub title: String,
    pub description: String,
    /// OData query options the page names (every GET takes them all; these
    /// are the ones its docs describe).
    pub query_options: Vec<String>,
    pub line: u32,
}

impl Operation {
    /// The documented path templates.
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.endpoints.iter().map(|e| e.template.as_str())
    }

    /// The type of a JSON body (a model or a generated parameters type).
    pub fn request_body(&self) -> Option<&TypeRef> {
        match &self.body {
            RequestBody::Json(ty) | RequestBody::Parameters(ty) => Some(ty),
            RequestBody::None | RequestBody::Bytes { .. } => None,
        }
    }
}

/// One documented endpoint: a path template and its typed segments.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Endpoint {
    /// As documented, alternatives collapsed: `/users/{id}/messages`.
    pub template: String,
    pub segments: Vec<Segment>,
    /// The associated function of the request type that serves it (named
    /// by `crate::naming`).
    pub rust_fn: String,
    /// The page that documents it.
    pub source: String,
}

impl Endpoint {
    pub fn new(template: String, source: String) -> Self {
        let segments = super::endpoint::parse(&template);
        Endpoint { template, segments, rust_fn: String::new(), source }
    }

    /// The endpoint whatever its placeholders are called: `/users/{}` for
    /// `/users/{id}` and `/Users/{user-id}`.
    pub fn canonical(&self) -> String {
        super::endpoint::canonical(&self.segments)
    }
}

/// Where a parameter goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Place {
    Path,
    Query,
    Header,
    Body,
}

impl Place {
    pub const ALL: [Place; 4] = [Self::Path, Self::Query, Self::Header, Self::Body];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Path => "path",
            Self::Query => "query",
            Self::Header => "header",
            Self::Body => "body",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.as_str() == text)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Parameter {
    /// As documented: `id`, `startDateTime`, `ConsistencyLevel`.
    pub name: String,
    pub place: Place,
    pub ty: TypeRef,
    pub collection: bool,
    pub required: bool,
}

/// What a request sends as its body.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum RequestBody {
    #[default]
    None,
    /// A JSON representation of a model type.
    Json(TypeRef),
    /// An action's parameters, as the JSON object of a type generated from
    /// its table.
    Parameters(TypeRef),
    /// Raw bytes (file content); the content type is the caller's unless
    /// the docs fix it.
    Bytes { content_type: Option<String> },
}

impl RequestBody {
    pub fn kind(&self) -> &'static str {
        match self {
            Self::None => "none",
            Self::Json(_) => "json",
            Self::Parameters(_) => "parameters",
            Self::Bytes { .. } => "bytes",
        }
    }
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
    Request { method: HttpMethod, template: String, path_and_query: String, body_type: Option<TypeRef> },
    /// A response body of the given type.
    Response { ty: TypeRef, collection: bool },
}

impl TypeDef {
    pub fn key(&self) -> TypeKey {
        TypeKey::new(self.name.clone(), self.namespace.clone())
    }

    /// The name the model knows the type by: `callRecords.session`, `user`.
    pub fn qualified(&self) -> String {
        qualify(self.namespace.as_deref(), &self.name)
    }

    pub fn is_enum(&self) -> bool {
        self.kind == TypeKind::Enum
    }
}

impl Api {
    /// The model from its types and operations; builds the lookup index.
    pub fn new(types: Vec<TypeDef>, operations: Vec<Operation>) -> Self {
        let mut index = HashMap::with_capacity(types.len());
        for (i, def) in types.iter().enumerate() {
            index.entry(def.key()).or_insert(TypeId(i as u32));
        }
        Api { types, operations, examples: Vec::new(), skipped_examples: Vec::new(), index }
    }

    pub fn types(&self) -> &[TypeDef] {
        &self.types
    }

    pub fn operations(&self) -> &[Operation] {
        &self.operations
    }

    /// Every type with its id.
    pub fn type_ids(&self) -> impl Iterator<Item = (TypeId, &TypeDef)> {
        self.types.iter().enumerate().map(|(i, def)| (TypeId(i as u32), def))
    }

    pub fn get(&self, id: TypeId) -> &TypeDef {
        &self.types[id.index()]
    }

    pub fn id(&self, key: &TypeKey) -> Option<TypeId> {
        self.index.get(key).copied()
    }

    /// The model type a reference names, if it names one.
    pub fn id_of(&self, ty: &TypeRef) -> Option<TypeId> {
        ty.named().and_then(|key| self.id(key))
    }

    /// A type by key.
    pub fn type_def_by_key(&self, key: &TypeKey) -> Option<&TypeDef> {
        self.id(key).map(|id| self.get(id))
    }

    /// A type by qualified name (`user`, `callRecords.session`), for tests
    /// and tools; code that has a key uses [`Api::type_def_by_key`].
    pub fn type_def(&self, qualified: &str) -> Option<&TypeDef> {
        self.types.iter().find(|t| t.qualified() == qualified)
    }

    /// The direct base of a type, if it is in the model.
    pub fn base_of(&self, id: TypeId) -> Option<TypeId> {
        self.get(id).base.as_ref().and_then(|key| self.id(key))
    }

    /// The chain from the root base type down to `id` itself.
    pub fn lineage_of(&self, id: TypeId) -> Vec<TypeId> {
        let mut chain = vec![id];
        while let Some(base) = chain.last().and_then(|&last| self.base_of(last)) {
            if chain.contains(&base) {
                break; // cycles were reported during the build
            }
            chain.push(base);
        }
        chain.reverse();
        chain
    }

    /// [`Api::lineage_of`] by qualified name, for tests and tools.
    pub fn lineage(&self, qualified: &str) -> Vec<&TypeDef> {
        let Some(index) = self.types.iter().position(|t| t.qualified() == qualified) else {
            return Vec::new();
        };
        self.lineage_of(TypeId(index as u32)).into_iter().map(|id| self.get(id)).collect()
    }

    /// All properties of a type with their declaring type, inherited first.
    pub fn all_properties(&self, id: TypeId) -> impl Iterator<Item = (TypeId, &Property)> {
        self.lineage_of(id)
            .into_iter()
            .flat_map(move |owner| self.get(owner).properties.iter().map(move |p| (owner, p)))
    }
}
