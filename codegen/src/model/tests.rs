use super::*;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::parse::parse_page;
use crate::source::SourceFile;

fn build_from(files: &[(&str, &str)]) -> (Api, Vec<Diagnostic>) {
    let mut diagnostics = Diagnostics::default();
    let pages: Vec<_> = files
        .iter()
        .map(|(path, text)| {
            parse_page(&SourceFile { path: (*path).into(), text: (*text).into() }, &mut diagnostics)
        })
        .collect();
    let api = build(&pages, &mut diagnostics);
    (api, diagnostics.into_sorted())
}

fn resource(name: &str, namespace: Option<&str>, rows: &str) -> String {
    let ns = namespace.map(|ns| format!("Namespace: {ns}\n\n")).unwrap_or_default();
    format!("---\ntitle: t\n---\n# {name} resource type\n\n{ns}## Properties\n\n|Property|Type|Description|\n|:--|:--|:--|\n{rows}")
}

#[test]
fn inherited_rows_build_the_missing_bases() {
    let page = resource(
        "leaf",
        None,
        "|id|String|Inherited from [entity](entity.md)|\n|a|String|Inherited from [middle](middle.md).|\n|b|Int32||\n",
    );
    let (api, diagnostics) = build_from(&[("resources/leaf.md", &page)]);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let chain: Vec<&str> = api.lineage("leaf").iter().map(|t| t.name.as_str()).collect();
    assert_eq!(chain, ["entity", "middle", "leaf"]);
    assert_eq!(api.type_def("middle").map(|t| t.defined_by), Some(DefinedBy::InheritedRows));
    assert_eq!(api.type_def("leaf").map(|t| t.kind), Some(TypeKind::Entity));
}

#[test]
fn inline_enums_are_named_and_shared() {
    let rows =
        "|type|String|Possible values are: `a`, `b`.|\n|audience|String|Possible values are: `x`, `y`.|\n";
    let (api, _) = build_from(&[
        ("resources/one.md", &resource("one", None, rows)),
        ("resources/two.md", &resource("two", None, rows)),
    ]);
    let one = api.type_def("one").unwrap();
    let types: Vec<String> = one.properties.iter().map(|p| p.ty.qualified()).collect();
    // `type` is too generic to name an enum; `audience` is not, and equal
    // lists share one enum.
    assert_eq!(types, ["oneType", "audience"]);
    assert_eq!(api.type_def("two").unwrap().properties[1].ty.qualified(), "audience");
    assert_eq!(api.type_def("oneType").unwrap().members, ["a", "b"]);
}

#[test]
fn same_names_in_two_namespaces_are_two_types() {
    let root = resource("session", None, "|id|String|key|\n");
    let records =
        resource("session", Some("microsoft.graph.callRecords"), "|modalities|String collection|x|\n");
    let (api, diagnostics) =
        build_from(&[("resources/session.md", &root), ("resources/callrecords-session.md", &records)]);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    assert_eq!(api.type_def("session").unwrap().rust_path.to_string(), "models::Session");
    let records = api.type_def("callRecords.session").unwrap();
    assert_eq!(records.rust_path.to_string(), "models::call_records::Session");
    assert_eq!(records.namespace.as_deref(), Some("microsoft.graph.callRecords"));
}

#[test]
fn pages_stating_one_type_are_merged() {
    let main = resource("user", None, "|id|String|key|\n|displayName|String|name|\n");
    let extra =
        resource("user", None, "|deviceCount|Int32|from another area|\n|displayName|Int32|contradicts|\n");
    let (api, diagnostics) =
        build_from(&[("resources/intune-user.md", &extra), ("resources/user.md", &main)]);
    let user = api.type_def("user").unwrap();
    assert_eq!(user.source, "resources/user.md", "the page named after the type leads");
    let names: Vec<&str> = user.properties.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["id", "displayName", "deviceCount"]);
    assert_eq!(user.properties[1].ty, TypeRef::Primitive(Primitive::String));
    assert_eq!(user.merged_from, ["resources/intune-user.md"]);
    assert!(diagnostics.iter().any(|d| d.code == crate::diagnostics::Code::ConflictingDefinition));
}
