//! The IR's JSON form: what `--ir` writes and each generated crate keeps as
//! `api.json`. Scripts read it, so its keys, their order and when each is
//! left out are a contract: this module is the one place that states them.
//! Reading is tolerant of keys it does not know and of keys an older
//! generator did not write, so `cargo xtask diff` reads old and new files.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::{
    Api, DefinedBy, Endpoint, HttpMethod, Operation, Parameter, Place, Property, RequestBody, RustPath,
    TypeDef, TypeKey, TypeKind, TypeRef,
};

#[derive(Serialize, Deserialize)]
struct ApiJson {
    types: Vec<TypeJson>,
    operations: Vec<OperationJson>,
}

#[derive(Serialize, Deserialize)]
struct TypeJson {
    name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    namespace: Option<String>,
    kind: String,
    #[serde(default)]
    base: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    base_namespace: Option<String>,
    #[serde(default)]
    properties: Vec<PropertyJson>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    members: Vec<String>,
    rust_path: String,
    #[serde(default)]
    source: String,
    #[serde(default)]
    area: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    description: String,
    #[serde(rename = "abstract", default, skip_serializing_if = "std::ops::Not::not")]
    is_abstract: bool,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    flags: bool,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    opaque: bool,
    #[serde(default = "page")]
    defined_by: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    merged_from: Vec<String>,
}

fn page() -> String {
    DefinedBy::Page.as_str().to_owned()
}

#[derive(Serialize, Deserialize)]
struct PropertyJson {
    name: String,
    #[serde(rename = "type")]
    type_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    type_namespace: Option<String>,
    #[serde(default)]
    collection: bool,
    #[serde(default)]
    navigation: bool,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    description: String,
}

#[derive(Serialize, Deserialize)]
struct OperationJson {
    name: String,
    method: String,
    paths: Vec<String>,
    #[serde(default)]
    request_body: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    request_body_namespace: Option<String>,
    #[serde(default)]
    response: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    response_namespace: Option<String>,
    #[serde(default)]
    response_collection: bool,
    status: u16,
    rust_path: String,
    #[serde(default)]
    source: String,
    #[serde(default)]
    area: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    title: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    description: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    query_options: Vec<String>,
    #[serde(default)]
    parameters: Vec<ParameterJson>,
    #[serde(default)]
    body: BodyJson,
    /// Each documented path and the function that serves it.
    #[serde(default)]
    functions: Vec<FunctionJson>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    merged_from: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    usage: Vec<String>,
}

#[derive(Serialize, Deserialize)]
struct ParameterJson {
    name: String,
    #[serde(rename = "in")]
    place: String,
    #[serde(rename = "type")]
    ty: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    type_namespace: Option<String>,
    collection: bool,
    required: bool,
}

#[derive(Serialize, Deserialize)]
struct BodyJson {
    kind: String,
    #[serde(rename = "type")]
    ty: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    type_namespace: Option<String>,
    content_type: Option<String>,
}

impl Default for BodyJson {
    fn default() -> Self {
        BodyJson { kind: "none".into(), ty: None, type_namespace: None, content_type: None }
    }
}

#[derive(Serialize, Deserialize)]
struct FunctionJson {
    path: String,
    /// From the crate root: `requests::user::SendMail::me`.
    rust_fn: String,
}

/// A reference as the two keys `x` and `x_namespace`.
fn split(ty: Option<&TypeRef>) -> (Option<String>, Option<String>) {
    match ty.map(TypeRef::names) {
        Some((name, namespace)) => (Some(name.to_owned()), namespace.map(str::to_owned)),
        None => (None, None),
    }
}

fn join(name: Option<String>, namespace: Option<String>) -> Option<TypeRef> {
    name.map(|name| TypeRef::from_names(&name, namespace))
}

impl From<&TypeDef> for TypeJson {
    fn from(def: &TypeDef) -> Self {
        TypeJson {
            name: def.name.clone(),
            namespace: def.namespace.clone(),
            kind: def.kind.as_str().to_owned(),
            base: def.base.as_ref().map(|b| b.name.clone()),
            base_namespace: def.base.as_ref().and_then(|b| b.namespace.clone()),
            properties: def.properties.iter().map(PropertyJson::from).collect(),
            members: def.members.clone(),
            rust_path: def.rust_path.to_string(),
            source: def.source.clone(),
            area: def.area.clone(),
            description: def.description.clone(),
            is_abstract: def.is_abstract,
            flags: def.flags,
            opaque: def.opaque,
            defined_by: def.defined_by.as_str().to_owned(),
            merged_from: def.merged_from.clone(),
        }
    }
}

impl From<TypeJson> for TypeDef {
    fn from(json: TypeJson) -> Self {
        // A kind or origin this generator does not know (a newer one wrote
        // the file) reads as the default: the type is still compared.
        let kind = TypeKind::parse(&json.kind).unwrap_or_default();
        let defined_by = DefinedBy::parse(&json.defined_by).unwrap_or_default();
        TypeDef {
            name: json.name,
            namespace: json.namespace,
            kind,
            base: json.base.map(|name| TypeKey::new(name, json.base_namespace)),
            properties: json.properties.into_iter().map(Property::from).collect(),
            members: json.members,
            rust_path: RustPath::parse(&json.rust_path),
            source: json.source,
            area: json.area,
            description: json.description,
            is_abstract: json.is_abstract,
            flags: json.flags,
            opaque: json.opaque,
            defined_by,
            merged_from: json.merged_from,
            line: 0,
        }
    }
}

impl From<&Property> for PropertyJson {
    fn from(property: &Property) -> Self {
        let (type_name, type_namespace) = split(Some(&property.ty));
        PropertyJson {
            name: property.name.clone(),
            type_name: type_name.unwrap_or_default(),
            type_namespace,
            collection: property.collection,
            navigation: property.navigation,
            description: property.description.clone(),
        }
    }
}

impl From<PropertyJson> for Property {
    fn from(json: PropertyJson) -> Self {
        Property {
            name: json.name,
            ty: TypeRef::from_names(&json.type_name, json.type_namespace),
            collection: json.collection,
            navigation: json.navigation,
            description: json.description,
        }
    }
}

impl From<&Operation> for OperationJson {
    fn from(op: &Operation) -> Self {
        let (request_body, request_body_namespace) = split(op.request_body());
        let (response, response_namespace) = split(op.response.as_ref());
        let (body_type, body_namespace) = split(op.request_body());
        let content_type = match &op.body {
            RequestBody::Bytes { content_type } => content_type.clone(),
            _ => None,
        };
        OperationJson {
            name: op.name.clone(),
            method: op.method.as_str().to_owned(),
            paths: op.paths().map(str::to_owned).collect(),
            request_body,
            request_body_namespace,
            response,
            response_namespace,
            response_collection: op.response_collection,
            status: op.status,
            rust_path: op.rust_path.to_string(),
            source: op.source.clone(),
            area: op.area.clone(),
            title: op.title.clone(),
            description: op.description.clone(),
            query_options: op.query_options.clone(),
            parameters: op
                .parameters
                .iter()
                .map(|p| {
                    let (ty, type_namespace) = split(Some(&p.ty));
                    ParameterJson {
                        name: p.name.clone(),
                        place: p.place.as_str().to_owned(),
                        ty: ty.unwrap_or_default(),
                        type_namespace,
                        collection: p.collection,
                        required: p.required,
                    }
                })
                .collect(),
            body: BodyJson {
                kind: op.body.kind().to_owned(),
                ty: body_type,
                type_namespace: body_namespace,
                content_type,
            },
            functions: op
                .endpoints
                .iter()
                .map(|e| FunctionJson {
                    path: e.template.clone(),
                    rust_fn: format!("{}::{}", op.rust_path, e.rust_fn),
                })
                .collect(),
            merged_from: op.merged_from.clone(),
            usage: op.usage.clone(),
        }
    }
}

impl TryFrom<OperationJson> for Operation {
    type Error = String;

    fn try_from(json: OperationJson) -> Result<Self, String> {
        let method = HttpMethod::parse(&json.method.to_ascii_uppercase())
            .ok_or_else(|| format!("operation {}: unknown method `{}`", json.name, json.method))?;
        let body_type = join(json.body.ty.clone(), json.body.type_namespace.clone())
            .or_else(|| join(json.request_body.clone(), json.request_body_namespace.clone()));
        let body = match (json.body.kind.as_str(), body_type) {
            ("bytes", _) => RequestBody::Bytes { content_type: json.body.content_type },
            ("parameters", Some(ty)) => RequestBody::Parameters(ty),
            ("json" | "none", Some(ty)) => RequestBody::Json(ty), // an IR without `body`: its `request_body`
            ("json" | "none" | "parameters", None) => RequestBody::None,
            (kind, _) => return Err(format!("operation {}: unknown body kind `{kind}`", json.name)),
        };
        let parameters = json
            .parameters
            .into_iter()
            .map(|p| {
                let place = Place::parse(&p.place).ok_or_else(|| {
                    format!("operation {}: parameter {} is `in` `{}`", json.name, p.name, p.place)
                })?;
                let ty = TypeRef::from_names(&p.ty, p.type_namespace);
                Ok(Parameter { name: p.name, place, ty, collection: p.collection, required: p.required })
            })
            .collect::<Result<_, String>>()?;
        let rust_fn = |path: &str| {
            json.functions
                .iter()
                .find(|f| f.path == path)
                .map(|f| RustPath::parse(&f.rust_fn).name)
                .unwrap_or_default()
        };
        let endpoints = json
            .paths
            .iter()
            .map(|path| Endpoint {
                rust_fn: rust_fn(path),
                ..Endpoint::new(path.clone(), json.source.clone())
            })
            .collect();
        Ok(Operation {
            name: json.name,
            method,
            endpoints,
            parameters,
            body,
            response: join(json.response, json.response_namespace),
            response_collection: json.response_collection,
            status: json.status,
            rust_path: RustPath::parse(&json.rust_path),
            source: json.source,
            merged_from: json.merged_from,
            usage: json.usage,
            area: json.area,
            title: json.title,
            description: json.description,
            query_options: json.query_options,
            line: 0,
        })
    }
}

impl Serialize for Api {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        ApiJson {
            types: self.types().iter().map(TypeJson::from).collect(),
            operations: self.operations().iter().map(OperationJson::from).collect(),
        }
        .serialize(serializer)
    }
}

/// The model of an IR JSON file. Examples are not part of the JSON, so the
/// result has none.
impl<'de> Deserialize<'de> for Api {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let json = ApiJson::deserialize(deserializer)?;
        let types = json.types.into_iter().map(TypeDef::from).collect();
        let operations = json.operations.into_iter().map(Operation::try_from).collect::<Result<_, _>>();
        Ok(Api::new(types, operations.map_err(serde::de::Error::custom)?))
    }
}

impl Api {
    /// The JSON text `--ir` writes (pretty, with a final newline).
    pub fn to_json(&self) -> serde_json::Result<String> {
        let mut json = serde_json::to_string_pretty(self)?;
        json.push('\n');
        Ok(json)
    }

    /// Reads an IR JSON text (`--ir`, `api.json`).
    pub fn from_json(text: &str) -> Result<Api, String> {
        serde_json::from_str(text).map_err(|e| format!("not an IR JSON file: {e}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_json_that_is_not_an_ir() {
        assert!(Api::from_json(r#"{"name": "package"}"#).is_err());
        assert!(Api::from_json("not json").is_err());
        assert!(Api::from_json(r#"{"types": [], "operations": [{"name": "x", "method": "FETCH", "paths": [], "status": 200, "rust_path": "requests::X"}]}"#).is_err());
        let api = Api::from_json(r#"{"types": [], "operations": [], "extra": 1}"#).unwrap();
        assert!(api.types().is_empty());
    }

    #[test]
    fn primitive_names_read_as_primitives() {
        let text = r#"{"types": [{"name": "a", "kind": "complex", "base": null, "rust_path": "models::A",
            "properties": [{"name": "x", "type": "Json", "collection": false, "navigation": false},
                           {"name": "y", "type": "Int32", "collection": true, "navigation": false},
                           {"name": "z", "type": "session", "type_namespace": "microsoft.graph.callRecords",
                            "collection": false, "navigation": true}]}],
            "operations": []}"#;
        let api = Api::from_json(text).unwrap();
        let types: Vec<&TypeRef> = api.types()[0].properties.iter().map(|p| &p.ty).collect();
        assert_eq!(types[0], &TypeRef::Json);
        assert_eq!(types[1], &TypeRef::Primitive(crate::model::Primitive::Int32));
        assert_eq!(types[2].qualified(), "callRecords.session");
        assert_eq!(api.types()[0].rust_path.to_string(), "models::A");
    }
}
