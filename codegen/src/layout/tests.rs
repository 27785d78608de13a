use super::*;
use crate::model::{Api, Endpoint, Operation, Primitive, Property, TypeDef, TypeKey, TypeKind};

pub fn type_def(name: &str, kind: TypeKind, base: Option<&str>, properties: Vec<Property>) -> TypeDef {
    TypeDef {
        name: name.into(),
        kind,
        base: base.map(|b| TypeKey::new(b, None)),
        properties,
        members: if kind == TypeKind::Enum { vec!["a".into(), "Undocumented".into()] } else { Vec::new() },
        rust_path: RustPath::new(vec!["models".into()], naming::pascal(name)),
        source: "t.md".into(),
        area: "testing".into(),
        line: 1,
        ..TypeDef::default()
    }
}

pub fn property(name: &str, ty: TypeRef, collection: bool) -> Property {
    Property { name: name.into(), ty, collection, navigation: false, description: String::new() }
}

pub fn named(name: &str) -> TypeRef {
    TypeRef::Named(TypeKey::new(name, None))
}

/// `leaf` derives from `base`, refers to itself and to enum `kind`; one
/// GET of its `$value`.
pub fn types() -> Vec<TypeDef> {
    vec![
        type_def(
            "base",
            TypeKind::Entity,
            None,
            vec![property("id", TypeRef::Primitive(Primitive::String), false)],
        ),
        type_def("kind", TypeKind::Enum, None, Vec::new()),
        type_def(
            "leaf",
            TypeKind::Entity,
            Some("base"),
            vec![property("next", named("leaf"), false), property("kinds", named("kind"), true)],
        ),
    ]
}

pub fn operations() -> Vec<Operation> {
    vec![Operation {
        name: "leaf-get".into(),
        endpoints: vec![Endpoint {
            rust_fn: "leaf".into(),
            ..Endpoint::new("/leaves/{id}/$value".into(), String::new())
        }],
        response: Some(named("leaf")),
        status: 200,
        rust_path: RustPath::new(vec!["requests".into(), "leaf".into()], "GetLeaf"),
        source: "api/leaf-get.md".into(),
        area: "testing".into(),
        title: "Get leaf".into(),
        line: 1,
        ..Operation::default()
    }]
}

pub fn api() -> Api {
    Api::new(types(), operations())
}

fn structure(layout: &Layout, index: u32) -> &Struct {
    match &layout.model(TypeId(index)).kind {
        ModelKind::Struct(s) => s,
        ModelKind::Enum(_) => panic!("not a struct"),
    }
}

#[test]
fn structs_flatten_their_base_and_box_recursion() {
    let layout = Layout::new(&api());
    let leaf = structure(&layout, 2);
    let fields: Vec<(&str, String)> =
        leaf.fields.iter().map(|f| (f.name.as_str(), f.ty.to_string())).collect();
    assert_eq!(
        fields,
        [
            ("id", "String".into()),
            ("next", "Box<models::Leaf>".into()),
            ("kinds", "Vec<models::Kind>".into())
        ]
    );
    assert_eq!(leaf.fields[0].declared_by, TypeId(0), "inherited fields come first");
}

#[test]
fn a_member_named_like_the_catch_all_is_renamed() {
    let layout = Layout::new(&api());
    let ModelKind::Enum(kind) = &layout.model(TypeId(1)).kind else { panic!("an enum") };
    let names: Vec<&str> = kind.variants.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(names, ["A", "Undocumented2"]);
}

#[test]
fn value_paths_decode_bytes() {
    let layout = Layout::new(&api());
    let request = layout.request(0);
    assert_eq!(request.response.ty, RustType::Support("Bytes"));
    assert_eq!(request.response.kind, ResponseKind::Bytes);
    let params: Vec<&str> = request.functions[0].params.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(params, ["leave_id"]);
}

#[test]
fn derived_types_make_their_used_base_polymorphic() {
    let mut types = types();
    types.push(type_def("holder", TypeKind::Complex, None, vec![property("item", named("base"), false)]));
    let api = Api::new(types, operations());
    let layout = Layout::new(&api);
    let any = structure(&layout, 0).any.as_ref().expect("base has a derived type and is used");
    assert_eq!(any.path.to_string(), "models::AnyBase");
    let variants: Vec<(&str, &str)> =
        any.variants.iter().map(|v| (v.name.as_str(), v.odata_type.as_str())).collect();
    assert_eq!(variants, [("Leaf", "microsoft.graph.leaf")]);
    assert_eq!(any.base_variant, "Base");
    assert_eq!(structure(&layout, 3).fields[0].ty.to_string(), "models::AnyBase");
    assert!(structure(&layout, 2).any.is_none(), "leaf has no derived type");
}

/// `leaf` (area `leaves`) derives from `base` (`core`), has a field of
/// enum `kind` (`enums`) and a navigation property to `far` (`far`).
pub fn api_in_areas() -> Api {
    let mut types = types();
    let far = TypeDef { area: "far".into(), ..type_def("far", TypeKind::Entity, None, Vec::new()) };
    let mut to_far = property("far", named("far"), false);
    to_far.navigation = true;
    for (def, area) in types.iter_mut().zip(["core", "enums", "leaves"]) {
        def.area = area.into();
    }
    types[2].properties.push(to_far);
    types.push(far);
    let mut operations = operations();
    operations[0].area = "leaves".into();
    Api::new(types, operations)
}

#[test]
fn a_feature_compiles_what_its_area_uses_but_not_navigation_targets() {
    let layout = Layout::new(&api_in_areas());
    assert_eq!(layout.features.areas, ["core", "enums", "far", "leaves"]);
    let cfg = |index: u32| layout.model(TypeId(index)).cfg.any_feature.clone();
    assert_eq!(cfg(0), ["core", "leaves"]);
    assert_eq!(cfg(1), ["enums", "leaves"]);
    assert_eq!(cfg(3), ["far"]);
    let leaf = structure(&layout, 2);
    let far = leaf.fields.iter().find(|f| f.wire == "far").unwrap();
    assert_eq!(far.cfg.any_feature, ["far"]);
    let kinds = leaf.fields.iter().find(|f| f.wire == "kinds").unwrap();
    assert!(kinds.cfg.is_always(), "a used type is there whenever its user is");
    assert_eq!(layout.request(0).cfg.any_feature, ["leaves"]);
}

#[test]
fn one_area_needs_no_cfg() {
    let layout = Layout::new(&api());
    assert!(layout.models.iter().all(|m| m.cfg.is_always()));
    assert!(layout.requests.iter().all(|r| r.cfg.is_always()));
}

#[test]
fn an_any_enum_reads_its_base_fields_from_every_variant() {
    let mut types = types();
    let text = TypeRef::Primitive(Primitive::String);
    types[0].properties.push(property("from", text.clone(), false));
    types[0].properties.push(property("fromField", text, false));
    types.push(type_def("holder", TypeKind::Complex, None, vec![property("item", named("base"), false)]));
    let api = Api::new(types, operations());
    let layout = Layout::new(&api);
    let base = structure(&layout, 0);
    let any = base.any.as_ref().expect("base is polymorphic");
    let accessors: Vec<(&str, &str, &[String])> = any
        .accessors
        .iter()
        .map(|a| (a.name.as_str(), base.fields[a.field].name.as_str(), a.variant_fields.as_slice()))
        .collect();
    // `from` would hide `From::from` (`AnyBase::from(leaf)`); `from_field`
    // is a field's own name, so `from` takes the next.
    let leaf_fields = |name: &str| vec![name.to_owned()];
    assert_eq!(
        accessors,
        [
            ("id", "id", leaf_fields("id").as_slice()),
            ("from_field_2", "from", leaf_fields("from").as_slice()),
            ("from_field", "from_field", leaf_fields("from_field").as_slice()),
        ]
    );
}
