//! Hand-written fixture folders under `tests/fixtures/`: the generated code
//! is snapshotted, and `.ci/run` also compiles and tests each fixture's
//! crate.

mod common;

use std::path::Path;

use codegen::diagnostics::Diagnostics;
use codegen::emit::Settings;

fn generate_fixture(name: &str) -> codegen::Generation {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name);
    let mut diagnostics = Diagnostics::default();
    let sources = codegen::source::read_docs(&dir, &mut diagnostics).unwrap();
    codegen::generate(&sources, &Settings::default(), diagnostics)
}

#[test]
fn tricky_names_keep_their_wire_names() {
    let generation = generate_fixture("tricky");
    let diagnostics: Vec<String> =
        generation.diagnostics.iter().map(|d| format!("{}:{} {}", d.file, d.line, d.code.as_str())).collect();
    assert_eq!(diagnostics, ["resources/enums.md:28 GD0031", "resources/enums.md:31 GD0032"]);
    let node = generation.api.type_def("node").unwrap();
    let names: Vec<&str> = node.properties.iter().map(|p| p.name.as_str()).collect();
    for wire in ["id", "Id", "ID", "displayName", "display_name", "self", "Self", "_", "3dModel", "größe"] {
        assert!(names.contains(&wire), "{wire} missing from {names:?}");
    }
    let models = common::module_files(&generation, "src/models");
    for field in [
        "pub id: Field<String>",
        "pub id_2: Field<String>",
        "pub id_3: Field<String>",
        "pub display_name_2: Field<String>",
        "pub r#type: Field<String>",
        "pub self_: Field<String>",
        "pub self_2: Field<String>",
        "pub field: Field<String>",
        "pub r#async: Field<bool>",
        "pub _3d_model: Field<crate::support::Base64>",
        "pub parent: Field<Box<crate::models::Node>>",
        "pub children: Field<Vec<crate::models::Node>>",
        "pub owner: Field<crate::models::Option_>",
        "pub next: Field<Box<crate::models::Option_>>",
    ] {
        assert!(models.contains(field), "`{field}` not in models.rs");
    }
    // Enum members: prelude names, keywords, case twins, numbers; each
    // keeps its exact wire name, the duplicate `Ok` is dropped.
    for member in [
        r#"(Self::Ok_, "Ok"),"#,
        r#"(Self::Ok2, "ok"),"#,
        r#"(Self::Ok3, "OK"),"#,
        r#"(Self::None_, "None"),"#,
        r#"(Self::Self2, "Self"),"#,
        r#"(Self::Type, "type"),"#,
        r#"(Self::V1, "1"),"#,
        r#"(Self::V25, "2.5"),"#,
        r#"(Self::V1_2, "-1"),"#,
        r#"(Self::Undocumented2, "Undocumented"),"#,
        "pub enum Result_ {",
        "pub enum Default_ {",
        "pub enum Vec_ {",
        r#"(Self::String_, "String"),"#,
    ] {
        assert!(models.contains(member), "`{member}` not in models.rs");
    }
    assert_eq!(models.matches(r#""Ok"),"#).count(), 1, "the duplicate member is dropped");
    insta::assert_snapshot!("tricky_models", models);
    insta::assert_snapshot!("tricky_requests", common::module_files(&generation, "src/requests"));
}

#[test]
fn hostile_path_parameters_are_encoded_segments() {
    let generation = generate_fixture("tricky");
    let requests = common::module_files(&generation, "src/requests");
    // `{type}` and `{self}` placeholders become valid parameter names, and
    // every parameter goes through `encode_segment`.
    assert!(requests.contains("pub fn tree_node(tree_id: &str, node_id: &str)"), "{requests}");
    assert!(requests.contains("pub fn tree_branch(r#type: &str, self_: &str)"), "{requests}");
    assert!(requests.contains("&encode_segment(self_)"), "{requests}");
}

#[test]
fn hostile_text_and_huge_types_generate_code_rustc_takes() {
    let generation = generate_fixture("hostile");
    let diagnostics: Vec<String> =
        generation.diagnostics.iter().map(|d| format!("{}:{} {}", d.file, d.line, d.code.as_str())).collect();
    // Each line holding a direction control once, and both huge types.
    let expected: Vec<String> = [
        ("api/badge-get.md", &[10, 29, 40, 41, 43, 44][..], "GD0005"),
        ("resources/badge.md", &[3, 12, 19, 20, 22, 29, 37], "GD0005"),
        ("resources/hugeenum.md", &[12], "GD0015"),
        ("resources/hugetype.md", &[8], "GD0015"),
    ]
    .iter()
    .flat_map(|(file, lines, code)| lines.iter().map(move |line| format!("{file}:{line} {code}")))
    .collect();
    assert_eq!(diagnostics, expected);
    // Rust never holds one raw; the JSON data files keep the text exact.
    let rust = generation.files.iter().filter(|f| f.path.ends_with(".rs"));
    assert!(rust.clone().all(|f| !f.contents.contains(codegen::text::is_direction_control)));
    assert!(rust.count() > 5);
    let models = common::module_files(&generation, "src/models");
    // Wire names keep the character, escaped; docs show the escape.
    for text in
        [r#"object.put("label\u{202e}", &self.label)?;"#, r#"(Self::Loud, "loud\u{2066}"),"#, "\\u{202e}"]
    {
        assert!(models.contains(text), "`{text}` not in models");
    }
    let huge = generation.api.type_def("hugeType").unwrap();
    assert_eq!(huge.properties.len(), 10_000);
    assert_eq!(generation.api.type_def("hugeEnum").unwrap().members.len(), 10_000);
    // The huge struct derives only what rustc takes at that size.
    assert!(models.contains("#[derive(Clone, Default)]\n#[non_exhaustive]\npub struct HugeType {"));
    assert!(models.contains("impl PartialEq for HugeType {"));
    assert!(models.contains("fn eq_39(&self, other: &Self) -> bool {"));
    assert!(models.contains("9750..=9999 => self.read_39(index, map),"));
    assert!(!models.contains("fn eq_40("));
    // Types of the usual size keep the derives.
    assert!(
        models.contains("#[derive(Clone, Debug, Default, PartialEq)]\n#[non_exhaustive]\npub struct Badge {")
    );
}

/// The `--ir` JSON of a generation (what scripts read).
fn ir_json(generation: &codegen::Generation) -> serde_json::Value {
    let file = generation.files.iter().find(|f| f.path == "api.json").expect("api.json");
    serde_json::from_str(&file.contents).unwrap()
}

#[test]
fn todays_page_format_is_understood() {
    let generation = generate_fixture("today");
    let diagnostics: Vec<String> =
        generation.diagnostics.iter().map(|d| format!("{}:{} {}", d.file, d.line, d.code.as_str())).collect();
    // The `--- ` opener is front matter; only the inline permissions table
    // of the older page is checked for TODOs, not the includes.
    assert_eq!(
        diagnostics,
        ["api/virtualeventtownhall-delete.md:20 GD0024", "api/virtualeventtownhall-delete.md:22 GD0024"]
    );
    let ir = ir_json(&generation);
    let types = ir["types"].as_array().unwrap();
    let type_named =
        |name: &str| types.iter().find(|t| t["name"] == name).unwrap_or_else(|| panic!("no {name}"));
    // `ms.subservice` is the area of pages without `ms.prod`; both forms meet in one area.
    for item in types.iter().chain(ir["operations"].as_array().unwrap()) {
        assert_eq!(item["area"], "cloud-communications", "{}", item["name"]);
    }
    // Abstract from the `> [!TIP]` note; the description skips the
    // include, the note and `## Related content`.
    let event = type_named("virtualEvent");
    assert_eq!(event["abstract"], true);
    assert_eq!(event["description"], "An event held online, with its sessions.");
    assert_eq!(type_named("virtualEventTownhall").get("abstract"), None);
    let property = |ty: &str, name: &str| {
        let found =
            type_named(ty)["properties"].as_array().unwrap().iter().find(|p| p["name"] == name).cloned();
        found.unwrap_or_else(|| panic!("no {ty}.{name}"))
    };
    // Type cells linking to in-page and other pages' enum anchors, a bare
    // enum name, capitalised link text, `<br>` in a cell.
    assert_eq!(property("virtualEvent", "status")["type"], "virtualEventStatus");
    assert_eq!(property("virtualEventTownhall", "audience")["type"], "meetingAudience");
    assert_eq!(property("itemBody", "contentType")["type"], "bodyType");
    assert_eq!(property("virtualEvent", "endDateTime")["type"], "dateTimeTimeZone");
    assert_eq!(property("virtualEvent", "endDateTime")["description"], "When it ends. Required.");
    assert_eq!(property("virtualEvent", "sessions")["navigation"], true);
    // `| Value | Description |` and `|Member|Description|` tables of member names.
    assert_eq!(
        type_named("virtualEventStatus")["members"],
        serde_json::json!(["draft", "published", "canceled", "unknownFutureValue"])
    );
    assert_eq!(
        type_named("meetingAudience")["members"],
        serde_json::json!(["everyone", "organization", "unknownFutureValue"])
    );
    // The update body's table follows an include.
    let body = type_named("virtualEventTownhallUpdateVirtualEventTownhallBody");
    let body_properties: Vec<&str> =
        body["properties"].as_array().unwrap().iter().map(|p| p["name"].as_str().unwrap()).collect();
    assert_eq!(body_properties, ["displayName", "audience"]);
    // `Collection(microsoft.graph.x)` responses are pages; a GET-one
    // example wrapped in `"value": {…}` is tested as the entity itself.
    let tests = common::module_files(&generation, "tests");
    assert!(
        tests.contains("round_trip::<crate::support::Page<crate::models::VirtualEventTownhall>>"),
        "{tests}"
    );
    let get = generation.api.examples.iter().find(|e| {
        e.source.ends_with("-get.md") && matches!(e.kind, codegen::model::ExampleKind::Response { .. })
    });
    let get = get.expect("the GET example's response");
    assert!(
        get.json.starts_with("{\n  \"@odata.type\": \"#microsoft.graph.virtualEventTownhall\""),
        "{}",
        get.json
    );
    assert_eq!(generation.api.examples.len(), 6, "two responses and four requests");
}

/// docs-input, as `cargo xtask gen` reads it.
fn generate_docs_input() -> codegen::Generation {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs-input");
    let mut diagnostics = Diagnostics::default();
    let sources = codegen::source::read_docs(&dir, &mut diagnostics).unwrap();
    codegen::generate(&sources, &Settings::default(), diagnostics)
}

#[test]
fn gated_items_name_the_features_they_need() {
    let generation = generate_docs_input();
    let models = common::module_files(&generation, "src/models");
    // The doc line a reader sees in the source and in rustdoc, and the
    // `doc(cfg)` docs.rs turns into "Available on crate feature people only".
    let item_phone = "/// Required feature: `people`.\n#[cfg_attr(docsrs, doc(cfg(feature = \"people\")))]\n#[derive(Clone, Debug, Default, PartialEq)]\n#[non_exhaustive]\npub struct ItemPhone {";
    assert!(models.contains(item_phone), "{models}");
    let shared = "/// Required feature: one of `outlook`, `people`.\n#[cfg_attr(docsrs, doc(cfg(any(feature = \"outlook\", feature = \"people\"))))]";
    assert!(models.contains(shared), "{models}");
    let requests = common::module_files(&generation, "src/requests");
    assert!(requests.contains("/// Required feature: `sharepoint`.\n#[cfg_attr(docsrs, doc(cfg(feature = \"sharepoint\")))]\n#[derive(Clone, Copy, Debug)]\npub struct GetDriveItem;"), "{requests}");
    // The crate docs say where the OneDrive operations are: SharePoint-area pages.
    let lib = &generation.files.iter().find(|f| f.path == "src/lib.rs").unwrap().contents;
    assert!(lib.contains("| `sharepoint` | 11 types, 5 operations | `requests::drive_item` (5) | pages of area `sharepoint`"), "{lib}");
    assert!(lib.contains("#![cfg_attr(docsrs, feature(doc_cfg))]"));
    let manifest = &generation.files.iter().find(|f| f.path == "Cargo.toml").unwrap().contents;
    assert!(manifest
        .contains("[package.metadata.docs.rs]\nall-features = true\nrustdoc-args = [\"--cfg\", \"docsrs\"]"));
}

#[test]
fn a_derived_value_converts_into_its_base_s_any_enum() {
    let page = |title: &str, sentence: &str, rows: &str| {
        format!("---\ntitle: t\n---\n# {title} resource type\n\n{sentence}\n\n## Properties\n\n|Property|Type|Description|\n|:--|:--|:--|\n{rows}")
    };
    let generation = common::generate(&[
        ("resources/shape.md", &page("shape", "A shape.", "|id|String|x|\n")),
        ("resources/circle.md", &page("circle", "Inherits from [shape](shape.md).", "|radius|Double|x|\n")),
        ("resources/drawing.md", &page("drawing", "A drawing.", "|main|[shape](shape.md)|x|\n")),
    ]);
    let models = common::module_files(&generation, "src/models");
    for conversion in [
        "impl From<crate::models::Circle> for AnyShape {\n    fn from(mut value: crate::models::Circle) -> Self {\n        crate::support::mark_derived(\n            &mut value.additional_properties,\n            \"microsoft.graph.circle\",\n        );\n        Self::Circle(Box::new(value))",
        "impl From<crate::models::Shape> for AnyShape {\n    fn from(value: crate::models::Shape) -> Self {\n        Self::Shape(Box::new(value))",
    ] {
        assert!(models.contains(conversion), "{models}");
    }
}
