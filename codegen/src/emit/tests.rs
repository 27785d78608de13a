use super::*;
use crate::model::{Api, Operation, Property, TypeDef, TypeKind};

fn type_def(name: &str, kind: TypeKind, base: Option<&str>, properties: Vec<Property>) -> TypeDef {
    TypeDef {
        name: name.into(),
        namespace: None,
        kind,
        base: base.map(Into::into),
        base_namespace: None,
        properties,
        members: if kind == TypeKind::Enum { vec!["a".into(), "Undocumented".into()] } else { Vec::new() },
        rust_path: format!("models::{}", crate::naming::pascal(name)),
        source: "t.md".into(),
        area: "testing".into(),
        description: String::new(),
        is_abstract: false,
        flags: false,
        opaque: false,
        defined_by: "page",
        merged_from: Vec::new(),
        line: 1,
    }
}

fn property(name: &str, type_name: &str, collection: bool) -> Property {
    Property {
        name: name.into(),
        type_name: type_name.into(),
        type_namespace: None,
        collection,
        navigation: false,
        description: String::new(),
    }
}

fn api() -> Api {
    Api {
        types: vec![
            type_def("base", TypeKind::Entity, None, vec![property("id", "String", false)]),
            type_def("kind", TypeKind::Enum, None, Vec::new()),
            type_def(
                "leaf",
                TypeKind::Entity,
                Some("base"),
                vec![property("next", "leaf", false), property("kinds", "kind", true)],
            ),
        ],
        operations: vec![Operation {
            name: "leaf-get".into(),
            method: "GET".into(),
            paths: vec!["/leaves/{id}/$value".into()],
            request_body: None,
            request_body_namespace: None,
            response: Some("leaf".into()),
            response_namespace: None,
            response_collection: false,
            status: 200,
            rust_path: "requests::LeafGet".into(),
            source: "api/leaf-get.md".into(),
            area: "testing".into(),
            title: "Get leaf".into(),
            description: String::new(),
            query_options: Vec::new(),
            line: 1,
        }],
        examples: Vec::new(),
        skipped_examples: Vec::new(),
        index: Default::default(),
    }
}

fn file<'a>(files: &'a [GeneratedFile], path: &str) -> &'a str {
    &files.iter().find(|f| f.path == path).unwrap().contents
}

#[test]
fn structs_flatten_their_base_and_box_recursion() {
    let files = emit(&api(), &Settings::default()).unwrap();
    let models = file(&files, "src/models.rs");
    let leaf = &models[models.find("pub struct Leaf").unwrap()..];
    let id = leaf.find("pub id: Field<String>").unwrap();
    let next = leaf.find("pub next: Field<Box<crate::models::Leaf>>").unwrap();
    assert!(id < next, "inherited fields come first");
    assert!(leaf.contains("pub kinds: Field<Vec<crate::models::Kind>>"));
}

#[test]
fn a_member_named_like_the_catch_all_is_renamed() {
    let files = emit(&api(), &Settings::default()).unwrap();
    let models = file(&files, "src/models.rs");
    assert!(models.contains("(Self::Undocumented2, \"Undocumented\")"), "{models}");
}

#[test]
fn value_paths_decode_bytes() {
    let files = emit(&api(), &Settings::default()).unwrap();
    let requests = file(&files, "src/requests.rs");
    assert!(requests.contains("-> Request<crate::support::Bytes>"), "{requests}");
    assert!(requests.contains("ResponseKind::Bytes"));
}

#[test]
fn files_are_sorted_and_headed() {
    let files = emit(&api(), &Settings { package_name: "my-graph".into() }).unwrap();
    let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "Cargo.toml",
            "api.json",
            "src/client/builder.rs",
            "src/client/mod.rs",
            "src/client/paging.rs",
            "src/client/retry.rs",
            "src/client/token.rs",
            "src/lib.rs",
            "src/models.rs",
            "src/requests.rs",
            "src/support/edm.rs",
            "src/support/encoding.rs",
            "src/support/error.rs",
            "src/support/field.rs",
            "src/support/mod.rs",
            "src/support/object.rs",
            "src/support/page.rs",
            "src/support/polymorphic.rs",
            "src/support/query.rs",
            "src/support/request.rs",
            "src/support/response.rs",
            "src/support/wire_enum.rs",
            "tests/doc_examples.json",
            "tests/doc_examples.rs",
            "tests/doc_examples/harness.rs"
        ]
    );
    assert!(file(&files, "Cargo.toml").contains("name = \"my-graph\""));
    assert!(files.iter().filter(|f| f.path.ends_with(".rs")).all(|f| f.contents.starts_with(HEADER)));
    assert!(file(&files, "tests/doc_examples.rs").contains("use my_graph::{models, requests, support};"));
}

#[test]
fn items_are_separated_by_blank_lines() {
    let file = GeneratedFile {
        path: "x.rs".into(),
        contents: "use a;\nstruct A;\nfn f() {\n    g();\n}\nfn h() {}\n".into(),
    };
    assert_eq!(separate_items(file).contents, "use a;\n\nstruct A;\n\nfn f() {\n    g();\n}\n\nfn h() {}\n");
}

/// `leaf` (area `leaves`) derives from `base` (`core`), has a field of
/// enum `kind` (`enums`) and a navigation property to `far` (`far`).
fn api_in_areas() -> Api {
    let mut api = api();
    let far = TypeDef { area: "far".into(), ..type_def("far", TypeKind::Entity, None, Vec::new()) };
    let mut to_far = property("far", "far", false);
    to_far.navigation = true;
    for (def, area) in api.types.iter_mut().zip(["core", "enums", "leaves"]) {
        def.area = area.into();
    }
    api.types[2].properties.push(to_far);
    api.types.push(far);
    api.operations[0].area = "leaves".into();
    api
}

#[test]
fn a_feature_compiles_what_its_area_uses_but_not_navigation_targets() {
    let api = api_in_areas();
    let features = features::Features::new(&api);
    assert_eq!(features.areas, ["core", "enums", "far", "leaves"]);
    let cfg = |attr: Option<syn::Attribute>| quote::quote!(#attr).to_string();
    let expected = |tokens: TokenStream| tokens.to_string();
    assert_eq!(
        cfg(features.type_cfg("base")),
        expected(quote::quote!(#[cfg(any(feature = "core", feature = "leaves"))]))
    );
    assert_eq!(
        cfg(features.type_cfg("kind")),
        expected(quote::quote!(#[cfg(any(feature = "enums", feature = "leaves"))]))
    );
    assert_eq!(cfg(features.type_cfg("far")), expected(quote::quote!(#[cfg(feature = "far")])));
    assert_eq!(cfg(features.cfg_within("leaf", "far")), expected(quote::quote!(#[cfg(feature = "far")])));
    assert!(features.cfg_within("leaf", "kind").is_none(), "a used type is there whenever its user is");
    assert_eq!(
        cfg(features.operation_cfg(&api.operations[0])),
        expected(quote::quote!(#[cfg(feature = "leaves")]))
    );

    let files = emit(&api, &Settings::default()).unwrap();
    let manifest = file(&files, "Cargo.toml");
    assert!(manifest.contains("default = [\"full\"]"), "{manifest}");
    assert!(manifest.contains("full = [\n    \"core\",\n    \"enums\",\n    \"far\",\n    \"leaves\",\n]"));
    assert!(manifest.contains("leaves = [] # types: 3, operations: 1\n"), "{manifest}");
    let models = file(&files, "src/models.rs");
    assert!(
        models.contains("    #[cfg(feature = \"far\")]\n    pub far: Field<crate::models::Far>,"),
        "{models}"
    );
    assert!(
        models.contains("        #[cfg(feature = \"far\")] object.put(\"far\", &self.far)?;"),
        "{models}"
    );
    assert!(
        models.contains("            #[cfg(feature = \"far\")]\n            far: object.take(\"far\"),"),
        "{models}"
    );
}

#[test]
fn one_area_needs_no_cfg() {
    let files = emit(&api(), &Settings::default()).unwrap();
    assert!(!file(&files, "src/models.rs").contains("#[cfg("));
    assert!(!file(&files, "src/requests.rs").contains("#[cfg("));
}
