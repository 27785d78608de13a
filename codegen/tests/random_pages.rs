//! Randomized pages built from the constructs the docs use (and break):
//! parse, model and emit never panic, and emitted files always parse as
//! Rust. A brief run here; the fuzz target runs the same entry points for
//! as long as one likes.

use codegen::diagnostics::Diagnostics;
use codegen::emit::Settings;
use codegen::source::SourceFile;
use proptest::prelude::*;

/// Fragments of real page structure, with their usual defects.
fn fragment() -> impl Strategy<Value = String> {
    let name = "[a-zA-Z_@.$0-9 -]{0,12}";
    prop_oneof![
        Just("---\ntitle: x\n---\n".to_owned()),
        Just("---\ntitle: unterminated\n".to_owned()),
        name.prop_map(|n| format!("# {n} resource type\n")),
        Just("## Properties\n".to_owned()),
        Just("## HTTP request\n".to_owned()),
        Just("## Response\n".to_owned()),
        Just("|Property|Type|Description|\n|:--|:--|:--|\n".to_owned()),
        (name, name, name).prop_map(|(a, b, c)| format!("|{a}|{b}|Possible values are: `{c}`, `x`.|\n")),
        (name, name)
            .prop_map(|(a, b)| format!("|{a}|[{b}]({b}.md) collection|Inherited from [{a}]({a}.md)|\n")),
        Just(
            "<!-- { \"blockType\": \"response\", \"@odata.type\": \"microsoft.graph.x\", } -->\n".to_owned()
        ),
        Just("<!-- { broken\n".to_owned()),
        name.prop_map(|p| format!("```http\nGET /a/{{id}}/{p}\nPOST\nDELETE/x\n```\n")),
        Just("```http\nHTTP/1.1 200 OK\n\n{\"value\": [{\"id\": \"1\"}]}\n```\n".to_owned()),
        Just("```\nunclosed fence\n".to_owned()),
        name.prop_map(|n| format!("Inherits from [{n}]({n}.md).\n")),
        Just("> > > - - - nested\n".to_owned()),
        any::<String>(),
    ]
}

fn page() -> impl Strategy<Value = String> {
    prop::collection::vec(fragment(), 0..24).prop_map(|parts| parts.join("\n"))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn any_page_set_generates_without_panicking(pages in prop::collection::vec(page(), 1..4)) {
        let sources: Vec<SourceFile> = pages
            .into_iter()
            .enumerate()
            .map(|(i, text)| SourceFile { path: format!("p{i}.md"), text })
            .collect();
        let generation = codegen::generate(&sources, &Settings::default(), Diagnostics::default());
        if !generation.has_errors() {
            for file in generation.files.iter().filter(|f| f.path.ends_with(".rs")) {
                prop_assert!(syn::parse_file(&file.contents).is_ok(), "{} does not parse", file.path);
            }
        }
    }
}
