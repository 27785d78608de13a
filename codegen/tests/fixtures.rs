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
