use super::*;
use crate::layout::tests::{api, api_in_areas};

fn file<'a>(files: &'a [GeneratedFile], path: &str) -> &'a str {
    &files.iter().find(|f| f.path == path).unwrap_or_else(|| panic!("no {path}")).contents
}

/// Every file below `dir`, concatenated in path order.
fn all_in(files: &[GeneratedFile], dir: &str) -> String {
    files.iter().filter(|f| f.path.starts_with(dir)).map(|f| f.contents.as_str()).collect()
}

#[test]
fn layout_renders_as_rust() {
    let files = emit(&api(), &Settings::default()).unwrap();
    let models = all_in(&files, "src/models/");
    let leaf = &models[models.find("pub struct Leaf").unwrap()..];
    let id = leaf.find("pub id: Field<String>").unwrap();
    let next = leaf.find("pub next: Field<Box<crate::models::Leaf>>").unwrap();
    assert!(id < next, "inherited fields come first");
    assert!(leaf.contains("pub kinds: Field<Vec<crate::models::Kind>>"));
    assert!(models.contains("(Self::Undocumented2, \"Undocumented\")"), "{models}");
    let requests = all_in(&files, "src/requests/");
    assert!(requests.contains("pub fn leaf(leave_id: &str) -> Request<crate::support::Bytes>"), "{requests}");
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
            "api-surface.txt",
            "api.json",
            "src/client/azure_identity.rs",
            "src/client/batch.rs",
            "src/client/builder.rs",
            "src/client/delta.rs",
            "src/client/mod.rs",
            "src/client/paging.rs",
            "src/client/retry.rs",
            "src/client/token.rs",
            "src/client/token_cache.rs",
            "src/client/upload.rs",
            "src/lib.rs",
            "src/models/mod.rs",
            "src/models/testing.rs",
            "src/requests/leaf.rs",
            "src/requests/mod.rs",
            "src/support/batch.rs",
            "src/support/cloud.rs",
            "src/support/decode.rs",
            "src/support/delta.rs",
            "src/support/edm.rs",
            "src/support/encoding.rs",
            "src/support/error.rs",
            "src/support/field.rs",
            "src/support/mod.rs",
            "src/support/needs_body.rs",
            "src/support/object.rs",
            "src/support/page.rs",
            "src/support/polymorphic.rs",
            "src/support/request.rs",
            "src/support/response.rs",
            "src/support/upload.rs",
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

#[test]
fn areas_are_modules_gated_at_the_mod_line() {
    let files = emit(&api_in_areas(), &Settings::default()).unwrap();
    let mod_rs = file(&files, "src/models/mod.rs");
    for area in ["core", "enums", "far", "leaves"] {
        let gated = format!(
            "#[cfg(feature = \"{area}\")]\nmod {area};\n#[cfg(feature = \"{area}\")]\npub use {area}::*;"
        );
        assert_eq!(mod_rs.contains(&gated), area != "core" && area != "enums", "{area}: {mod_rs}");
    }
    // `shared` is there when any of its types is (`base`, `kind`).
    let shared_gate = "#[cfg(any(feature = \"core\", feature = \"enums\", feature = \"leaves\"))]";
    assert!(
        mod_rs.contains(&format!("{shared_gate}\nmod shared;\n{shared_gate}\npub use shared::*;")),
        "{mod_rs}"
    );
    // `leaf` only its area needs: no cfg of its own; `base` is shared.
    let leaves = file(&files, "src/models/leaves.rs");
    assert!(leaves.contains("pub struct Leaf") && !leaves.contains("#[cfg(any"), "{leaves}");
    let shared = file(&files, "src/models/shared.rs");
    assert!(shared.contains("#[cfg(any(feature = \"core\", feature = \"leaves\"))]\n#[derive"), "{shared}");
    // A resource's request module is public, gated by its requests' areas,
    // and its requests need no cfg of their own.
    let requests_mod = file(&files, "src/requests/mod.rs");
    assert!(
        requests_mod.contains("#[cfg(feature = \"leaves\")]\n/// Requests on `leaf`.\npub mod leaf;"),
        "{requests_mod}"
    );
    let requests = file(&files, "src/requests/leaf.rs");
    assert!(!requests.contains("#[cfg("), "{requests}");
}

#[test]
fn cfgs_render_on_items_fields_and_serde_lines() {
    let files = emit(&api_in_areas(), &Settings::default()).unwrap();
    let manifest = file(&files, "Cargo.toml");
    assert!(manifest.contains("default = [\"full\"]"), "{manifest}");
    assert!(manifest.contains("full = [\n    \"core\",\n    \"enums\",\n    \"far\",\n    \"leaves\",\n]"));
    assert!(manifest.contains("leaves = [] # types: 3, operations: 1\n"), "{manifest}");
    let models = all_in(&files, "src/models/");
    assert!(models.contains("#[cfg(any(feature = \"core\", feature = \"leaves\"))]"), "{models}");
    assert!(
        models.contains("    #[cfg(feature = \"far\")]\n    pub far: Field<crate::models::Far>,"),
        "{models}"
    );
    assert!(
        models.contains("        #[cfg(feature = \"far\")] object.put(\"far\", &self.far)?;"),
        "{models}"
    );
    assert!(
        models.contains(
            "            #[cfg(feature = \"far\")]\n            0 => read_field(&mut self.far, map),"
        ),
        "{models}"
    );
}

#[test]
fn one_area_needs_no_cfg() {
    let files = emit(&api(), &Settings::default()).unwrap();
    assert!(!all_in(&files, "src/models/").contains("#[cfg("));
    assert!(!all_in(&files, "src/requests/").contains("#[cfg("));
}

#[test]
fn identifiers_are_judged_by_syn_once_and_the_same_every_time() {
    for _ in 0..2 {
        assert_eq!(ident("user_id").to_string(), "user_id");
        assert_eq!(ident("r#type").to_string(), "r#type");
        assert_eq!(ident("type").to_string(), "unnamed", "a keyword is not an identifier");
        assert_eq!(ident("9lives").to_string(), "unnamed");
    }
}
