//! The Rust layout: what the generated crate holds, decided once from the
//! [`Api`]. Every struct with its fields (Rust names, wire names, Rust
//! types, boxing, cfgs), every enum with its variants, the `Any…` enums of
//! polymorphic bases, and every request type with its functions (names,
//! parameters, body and response types). `emit` only renders a layout;
//! `cargo xtask diff` compares two. Rust names come from `crate::naming`.

mod features;
mod modules;
pub mod paths;
pub mod surface;
mod types;

use std::fmt;

pub use features::Features;
use paths::{path_fn, PathParam, Piece};
use types::TypeSpace;

use crate::model::{
    Api, HttpMethod, Operation, Place, RequestBody as ModelBody, RustPath, Segment, TypeDef, TypeId,
    TypeKind, TypeRef,
};
use crate::naming;

/// The generated crate's items, in the order they are emitted.
pub struct Layout {
    pub features: Features,
    /// One per type of the API, in the API's order.
    pub models: Vec<Model>,
    /// One per operation, in the API's order.
    pub requests: Vec<RequestType>,
    /// The modules below `models` that hold the models, in order.
    pub model_modules: Vec<Module>,
    /// The modules below `requests`, in order.
    pub request_modules: Vec<Module>,
    /// What a value of each type decodes into, by type id.
    value_types: Vec<RustType>,
}

/// `#[cfg(any(feature = ...))]`: compiled when any of the features is on;
/// always when empty.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Cfg {
    pub any_feature: Vec<String>,
}

impl Cfg {
    pub fn is_always(&self) -> bool {
        self.any_feature.is_empty()
    }

    /// Compiled when any of `cfgs` is: the gate of a module of items with
    /// cfgs of their own (`shared`), so that the module and its glob
    /// re-export are there exactly when one of its items is.
    pub fn union<'a>(cfgs: impl IntoIterator<Item = &'a Cfg>) -> Cfg {
        let mut features = std::collections::BTreeSet::new();
        for cfg in cfgs {
            if cfg.is_always() {
                return Cfg::default();
            }
            features.extend(cfg.any_feature.iter().cloned());
        }
        Cfg { any_feature: features.into_iter().collect() }
    }
}

/// A Rust type as the generated code spells it, relative to the crate root.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RustType {
    /// A prelude or primitive type: `String`, `i32`, `bool`.
    Builtin(&'static str),
    /// An item of the runtime's `support` module: `DateTimeOffset`.
    Support(&'static str),
    /// `serde_json::Value`.
    Json,
    /// A generated type: `models::User`.
    Model(RustPath),
    Vec(Box<RustType>),
    Box(Box<RustType>),
    /// `support::Flags<E>`.
    Flags(Box<RustType>),
    /// `support::Page<T>`.
    Page(Box<RustType>),
    /// `support::DeltaPage<T>`: a page of a delta query's changes.
    DeltaPage(Box<RustType>),
}

impl fmt::Display for RustType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RustType::Builtin(name) => f.write_str(name),
            RustType::Support(name) => write!(f, "support::{name}"),
            RustType::Json => f.write_str("serde_json::Value"),
            RustType::Model(path) => write!(f, "{path}"),
            RustType::Vec(item) => write!(f, "Vec<{item}>"),
            RustType::Box(item) => write!(f, "Box<{item}>"),
            RustType::Flags(item) => write!(f, "support::Flags<{item}>"),
            RustType::Page(item) => write!(f, "support::Page<{item}>"),
            RustType::DeltaPage(item) => write!(f, "support::DeltaPage<{item}>"),
        }
    }
}

/// A module of the generated crate that holds items (windows-rs's layout:
/// module = API area = cargo feature). Area modules and `shared` are
/// private and re-exported, so an item's public path does not depend on
/// where it is placed; a sub-namespace is a public module of its own.
pub struct Module {
    pub name: String,
    pub kind: ModuleKind,
    /// Compiled when: gated at the `mod` line. An item needs a cfg of its
    /// own only where it needs more than this.
    pub cfg: Cfg,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ModuleKind {
    /// The items of one API area that only that area needs.
    Area(String),
    /// Types that several areas need, each with its own cfg.
    Shared,
    /// The types of a sub-namespace (`models::call_records`).
    Namespace(String),
    /// The requests on one resource (`requests::drive_item`): public, not
    /// re-exported (two resources may both have a `Delta`).
    Resource,
}

/// The items of one API type.
pub struct Model {
    pub id: TypeId,
    pub path: RustPath,
    /// When the type is compiled.
    pub cfg: Cfg,
    /// Position in [`Layout::model_modules`].
    pub module: usize,
    pub kind: ModelKind,
}

pub enum ModelKind {
    Struct(Struct),
    Enum(Enum),
}

pub struct Struct {
    /// The whole base chain's properties, inherited first, then
    /// `additional_properties` (not listed).
    pub fields: Vec<Field>,
    /// The `Any…` enum when the type is a polymorphic base.
    pub any: Option<AnyEnum>,
}

impl Struct {
    /// The setter of a member the docs do not list (an instance annotation
    /// such as `@microsoft.graph.conflictBehavior`), kept in
    /// `additional_properties`: no field's setter has this name.
    pub const MEMBER_SETTER: &'static str = "with_additional_property";

    /// Too many fields for rustc to compile the usual derives
    /// ([`LARGE_TYPE`](crate::model::LARGE_TYPE)): its impls are split.
    pub fn is_large(&self) -> bool {
        self.fields.len() > crate::model::LARGE_TYPE
    }
}

pub struct Field {
    /// The Rust field name.
    pub name: String,
    /// The JSON member name.
    pub wire: String,
    /// The value's type inside `Field<…>`.
    pub ty: RustType,
    /// The value (or each item) is an `Any…` enum, decoded by `@odata.type`.
    pub polymorphic: bool,
    pub cfg: Cfg,
    /// The type that declares the property (the struct itself or a base).
    pub declared_by: TypeId,
    pub description: String,
}

/// What a field's chainable setter takes (`with_name(value)`).
pub enum SetterInput<'a> {
    /// `impl Into<Field<T>>`: a value (`&str` for a `String`), an `Option`
    /// (`None` is `Null`, which clears the property in a PATCH) or a `Field`.
    Field(&'a RustType),
    /// `impl Into<T>`, for an `Any…` enum: each derived type converts into it.
    Value(&'a RustType),
    /// `impl IntoIterator<Item = impl Into<T>>`, collected into the `Vec`.
    Each(&'a RustType),
    /// `impl Into<T>`, boxed into the field.
    Boxed(&'a RustType),
}

impl Field {
    /// The setter's name: `with_` and the field's (`with_type` for
    /// `r#type`, `with_3d_model` for `_3d_model`: snake case, one `_`).
    pub fn setter(&self) -> String {
        format!("with_{}", self.name.trim_start_matches("r#").trim_start_matches('_'))
    }

    /// What the setter takes: a collection any iterable, a boxed value or
    /// an `Any…` enum what converts into the value, any other what
    /// converts into its `Field` (so that it can also clear).
    pub fn setter_input(&self) -> SetterInput<'_> {
        match &self.ty {
            RustType::Vec(item) => SetterInput::Each(item),
            RustType::Box(item) => SetterInput::Boxed(item),
            ty if self.polymorphic => SetterInput::Value(ty),
            ty => SetterInput::Field(ty),
        }
    }
}

pub struct Enum {
    pub variants: Vec<Variant>,
}

pub struct Variant {
    pub name: String,
    pub wire: String,
}

/// `Any<Base>`: a variant per derived type, decoded by `@odata.type`, then
/// the base itself for any other value.
pub struct AnyEnum {
    pub path: RustPath,
    pub variants: Vec<AnyVariant>,
    pub base_variant: String,
    pub base_type: RustType,
    /// The methods that read the base's properties whichever variant holds
    /// the value (`message.subject()` of any message).
    pub accessors: Vec<Accessor>,
}

/// `pub fn name(&self) -> &Field<ty>`: one of the base's fields, read from
/// whichever variant holds the value. Only for a field every variant has
/// with the same Rust type and no cfg of its own (a navigation field gated
/// by its target is left out).
pub struct Accessor {
    pub name: String,
    /// The field it reads: its position in the base struct's `fields`.
    pub field: usize,
    /// Its name in each variant's type, in the order of `variants`.
    pub variant_fields: Vec<String>,
}

pub struct AnyVariant {
    pub name: String,
    pub derived: TypeId,
    /// The `@odata.type` value without `#`: `microsoft.graph.user`.
    pub odata_type: String,
    pub ty: RustType,
    pub cfg: Cfg,
}

/// One operation: a unit struct with a function per documented endpoint.
pub struct RequestType {
    /// Position in [`Api::operations`].
    pub operation: usize,
    pub path: RustPath,
    pub cfg: Cfg,
    /// Position in [`Layout::request_modules`].
    pub module: usize,
    pub functions: Vec<RequestFn>,
    /// Query parameters every call must send (documented in the path's
    /// query string or marked required): arguments after the path's.
    pub query: Vec<QueryParam>,
    pub body: Option<RequestBody>,
    pub response: Response,
}

pub struct RequestFn {
    pub name: String,
    /// The documented path template.
    pub template: String,
    pub pieces: Vec<Piece>,
    /// The path parameters, in order.
    pub params: Vec<PathParam>,
}

/// A required query parameter: `start_date_time: &str` sent as
/// `startDateTime`.
pub struct QueryParam {
    pub name: String,
    pub wire: String,
}

pub enum RequestBody {
    /// `.body(&T)`, sent as JSON.
    Json(RustType),
    /// `.content(content_type, bytes)`: raw content.
    Bytes,
}

pub struct Response {
    pub ty: RustType,
    pub kind: ResponseKind,
}

/// `support::ResponseKind`: how the body is decoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResponseKind {
    Json,
    Bytes,
    Empty,
}

impl Layout {
    /// Lays out the crate generated from `api`.
    pub fn new(api: &Api) -> Layout {
        let space = TypeSpace::new(api);
        let mut models: Vec<Model> = api.type_ids().map(|(id, def)| model(&space, id, def)).collect();
        add_accessors(&mut models);
        let mut requests: Vec<RequestType> =
            api.operations().iter().enumerate().map(|(i, op)| request(&space, i, op)).collect();
        let value_types = api.type_ids().map(|(id, _)| space.value_type_of_id(id)).collect();
        let (model_modules, request_modules) =
            modules::place(api, &space.features, &mut models, &mut requests);
        Layout { features: space.features, models, requests, model_modules, request_modules, value_types }
    }

    /// The cfg a model's items carry where they are placed: nothing when
    /// its module is gated exactly as the type needs.
    pub fn model_cfg(&self, model: &Model) -> Cfg {
        own_cfg(&self.model_modules[model.module], &model.cfg)
    }

    /// The cfg a request type carries in its module: nothing when the
    /// module is gated exactly as the request needs.
    pub fn request_cfg(&self, request: &RequestType) -> Cfg {
        own_cfg(&self.request_modules[request.module], &request.cfg)
    }

    pub fn model(&self, id: TypeId) -> &Model {
        &self.models[id.index()]
    }

    /// The request type of the operation at `index` in [`Api::operations`].
    pub fn request(&self, index: usize) -> &RequestType {
        &self.requests[index]
    }

    /// What a JSON response body of `ty` decodes into: a page for a
    /// collection, the `Any…` enum of a polymorphic base, `Flags<E>` for a
    /// flags enum, raw JSON for a single primitive (it comes wrapped as
    /// `{"value": …}`).
    pub fn decoded_type(&self, api: &Api, ty: &TypeRef, collection: bool) -> RustType {
        let value = match api.id_of(ty) {
            Some(id) => self.value_types[id.index()].clone(),
            None => TypeSpace::item_type_of(api, ty),
        };
        decoded(value, ty, collection)
    }

    /// What a response example of `ty` decodes into: the response type of
    /// its operation (`operation`, an index into [`Api::operations`]) when
    /// it shows what the operation returns, so that a delta page's example
    /// is read as one; else [`Layout::decoded_type`].
    pub fn example_type(
        &self,
        api: &Api,
        operation: Option<usize>,
        ty: &TypeRef,
        collection: bool,
    ) -> RustType {
        let documented = operation.filter(|&index| {
            let op = &api.operations()[index];
            op.response.as_ref() == Some(ty)
                && op.response_collection == collection
                && self.requests[index].response.kind == ResponseKind::Json
        });
        match documented {
            Some(index) => self.requests[index].response.ty.clone(),
            None => self.decoded_type(api, ty, collection),
        }
    }
}

fn own_cfg(module: &Module, cfg: &Cfg) -> Cfg {
    if module.cfg == *cfg {
        Cfg::default()
    } else {
        cfg.clone()
    }
}

fn decoded(item: RustType, ty: &TypeRef, collection: bool) -> RustType {
    match (collection, ty) {
        (true, _) => RustType::Page(Box::new(item)),
        (false, TypeRef::Primitive(_) | TypeRef::Json) => RustType::Json,
        (false, TypeRef::Named(_)) => item,
    }
}

fn model(space: &TypeSpace<'_>, id: TypeId, def: &TypeDef) -> Model {
    let kind = match def.kind {
        TypeKind::Enum => ModelKind::Enum(open_enum(def)),
        TypeKind::Entity | TypeKind::Complex => {
            ModelKind::Struct(Struct { fields: fields(space, id), any: any_enum(space, id) })
        }
    };
    Model { id, path: def.rust_path.clone(), cfg: space.features.type_cfg(id), module: 0, kind }
}

/// Field names are unique within the struct; `additional_properties` is
/// taken by the catch-all, and `additional_property` by its setter's name
/// ([`Struct::MEMBER_SETTER`]).
fn fields(space: &TypeSpace<'_>, id: TypeId) -> Vec<Field> {
    let api = space.api;
    let mut taken = std::collections::HashSet::from([
        "additional_properties".to_owned(),
        "additional_property".to_owned(),
    ]);
    api.all_properties(id)
        .map(|(owner, property)| Field {
            name: naming::unique(naming::snake(&property.name), &mut taken),
            wire: property.name.clone(),
            ty: space.property_type(id, property),
            polymorphic: api
                .id_of(&property.ty)
                .is_some_and(|target| space.polymorphic.contains_key(&target)),
            cfg: space.features.cfg_within(id, api.id_of(&property.ty)),
            declared_by: owner,
            description: property.description.clone(),
        })
        .collect()
}

/// Variant names are unique; `Undocumented` is the catch-all's.
fn open_enum(def: &TypeDef) -> Enum {
    let mut taken = std::collections::HashSet::from(["Undocumented".to_owned()]);
    let variants = def
        .members
        .iter()
        .map(|member| Variant {
            name: naming::unique(naming::pascal(member), &mut taken),
            wire: member.clone(),
        })
        .collect();
    Enum { variants }
}

fn any_enum(space: &TypeSpace<'_>, base: TypeId) -> Option<AnyEnum> {
    let api = space.api;
    let (path, derived) = space.polymorphic.get(&base)?;
    let mut taken = std::collections::HashSet::new();
    let mut variant_name = |def: &TypeDef| naming::unique(naming::pascal(&def.name), &mut taken);
    let base_variant = variant_name(api.get(base));
    let variants = derived
        .iter()
        .map(|&id| {
            let def = api.get(id);
            AnyVariant {
                name: variant_name(def),
                derived: id,
                odata_type: format!("{}.{}", def.namespace.as_deref().unwrap_or("microsoft.graph"), def.name),
                ty: space.model_type(id),
                cfg: space.features.cfg_within(base, Some(id)),
            }
        })
        .collect();
    let base_type = space.model_type(base);
    Some(AnyEnum { path: path.clone(), variants, base_variant, base_type, accessors: Vec::new() })
}

/// Fills each `Any…` enum's [`Accessor`]s, once every struct has its fields.
fn add_accessors(models: &mut [Model]) {
    let found: Vec<(usize, Vec<Accessor>)> = models
        .iter()
        .enumerate()
        .filter_map(|(index, model)| {
            let ModelKind::Struct(base) = &model.kind else { return None };
            Some((index, accessors(models, base, base.any.as_ref()?)))
        })
        .collect();
    for (index, accessors) in found {
        if let ModelKind::Struct(Struct { any: Some(any), .. }) = &mut models[index].kind {
            any.accessors = accessors;
        }
    }
}

fn accessors(models: &[Model], base: &Struct, any: &AnyEnum) -> Vec<Accessor> {
    let mut taken: std::collections::HashSet<String> = base.fields.iter().map(|f| f.name.clone()).collect();
    base.fields
        .iter()
        .enumerate()
        .filter(|(_, field)| field.cfg.is_always())
        .filter_map(|(index, field)| {
            let variant_fields = any
                .variants
                .iter()
                .map(|variant| {
                    let ModelKind::Struct(derived) = &models[variant.derived.index()].kind else {
                        return None;
                    };
                    let same = |f: &&Field| f.declared_by == field.declared_by && f.wire == field.wire;
                    let found = derived.fields.iter().find(same)?;
                    (found.ty == field.ty && found.cfg.is_always()).then(|| found.name.clone())
                })
                .collect::<Option<Vec<String>>>()?;
            Some(Accessor {
                name: naming::any_accessor(&field.name, &mut taken),
                field: index,
                variant_fields,
            })
        })
        .collect()
}

fn request(space: &TypeSpace<'_>, index: usize, op: &Operation) -> RequestType {
    let functions: Vec<RequestFn> = op
        .endpoints
        .iter()
        .map(|endpoint| path_fn(endpoint, &op.parameters))
        .map(|f| RequestFn { name: f.name, template: f.template, pieces: f.pieces, params: f.params })
        .collect();
    let mut taken: std::collections::HashSet<String> =
        functions.iter().flat_map(|f| f.params.iter().map(|p| p.name.clone())).collect();
    let query = op
        .parameters
        .iter()
        .filter(|p| p.place == Place::Query && p.required)
        .map(|p| QueryParam {
            name: naming::unique(naming::snake(&p.name), &mut taken),
            wire: p.name.clone(),
        })
        .collect();
    let body = match &op.body {
        ModelBody::None => None,
        ModelBody::Bytes { .. } => Some(RequestBody::Bytes),
        // A base type with derived types is its `Any…` enum: any of them
        // can be sent.
        ModelBody::Json(ty) | ModelBody::Parameters(ty) => Some(RequestBody::Json(space.value_type(ty))),
    };
    RequestType {
        operation: index,
        path: op.rust_path.clone(),
        cfg: space.features.operation_cfg(op),
        module: 0, // placed by `modules::place`
        functions,
        query,
        body,
        response: response(space, op),
    }
}

fn response(space: &TypeSpace<'_>, op: &Operation) -> Response {
    let is_stream = op.response == Some(TypeRef::Primitive(crate::model::Primitive::Stream));
    let last_literal = |e: &crate::model::Endpoint| match e.segments.last() {
        Some(Segment::Literal(text)) => text.clone(),
        _ => String::new(),
    };
    // A download: `…/$value`, or `GET …/content` (the docs give no type).
    let is_bytes = is_stream
        || op.endpoints.iter().any(|e| last_literal(e) == "$value")
        || (op.method == HttpMethod::Get
            && op.response.is_none()
            && op.endpoints.iter().all(|e| last_literal(e).eq_ignore_ascii_case("content")));
    let empty = Response { ty: RustType::Support("NoContent"), kind: ResponseKind::Empty };
    match &op.response {
        _ if is_bytes => Response { ty: RustType::Support("Bytes"), kind: ResponseKind::Bytes },
        _ if op.status == 204 => empty,
        None => empty,
        Some(ty) => {
            let ty = match decoded(space.value_type(ty), ty, op.response_collection) {
                RustType::Page(item) if is_delta_query(op) => RustType::DeltaPage(item),
                decoded => decoded,
            };
            Response { ty, kind: ResponseKind::Json }
        }
    }
}

/// A delta query (`GET /users/delta`, `…/delta()`, `…/delta(token='…')`):
/// its pages carry removals and end in an `@odata.deltaLink`.
fn is_delta_query(op: &Operation) -> bool {
    let delta = |segment: Option<&Segment>| match segment {
        Some(Segment::Literal(name) | Segment::Function { name, .. }) => name == "delta",
        _ => false,
    };
    op.method == HttpMethod::Get
        && !op.endpoints.is_empty()
        && op.endpoints.iter().all(|e| delta(e.segments.last()))
}

/// An argument of a request function: a path parameter (`&str`, or a
/// primitive such as `i32`) or a required query parameter (`&str`).
pub struct Argument<'a> {
    pub name: &'a str,
    pub ty: &'static str,
}

/// What a request function returns: a request ready to send, or, when the
/// docs give the operation a body, one that needs it first (the body
/// chains on the request value, and without it nothing compiles).
#[derive(Clone, Copy)]
pub enum Returns<'a> {
    /// `Request<T>`.
    Request(&'a RustType),
    /// `NeedsBody<T, B>`: `.body(&B)` or `.body_with(|b| ...)`, sent as JSON.
    NeedsJson(&'a RustType, &'a RustType),
    /// `NeedsBody<T, RawContent>`: `.content(content_type, bytes)`.
    NeedsContent(&'a RustType),
}

impl fmt::Display for Returns<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Returns::Request(response) => write!(f, "Request<{response}>"),
            Returns::NeedsJson(response, body) => write!(f, "NeedsBody<{response}, {body}>"),
            Returns::NeedsContent(response) => write!(f, "NeedsBody<{response}, RawContent>"),
        }
    }
}

impl RequestType {
    /// The arguments of one of its functions, in order: the path's
    /// parameters, then the required query parameters.
    pub fn arguments<'a>(&'a self, function: &'a RequestFn) -> Vec<Argument<'a>> {
        let mut out: Vec<Argument<'a>> =
            function.params.iter().map(|p| Argument { name: &p.name, ty: p.ty }).collect();
        out.extend(self.query.iter().map(|q| Argument { name: &q.name, ty: "&str" }));
        out
    }

    /// What each of its functions returns.
    pub fn returns(&self) -> Returns<'_> {
        let response = &self.response.ty;
        match &self.body {
            None => Returns::Request(response),
            Some(RequestBody::Json(body)) => Returns::NeedsJson(response, body),
            Some(RequestBody::Bytes) => Returns::NeedsContent(response),
        }
    }

    /// The function for a documented path template.
    pub fn function(&self, template: &str) -> Option<&RequestFn> {
        self.functions.iter().find(|f| f.template == template)
    }
}

#[cfg(test)]
pub(crate) mod tests;
