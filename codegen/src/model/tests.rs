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
fn inline_enums_are_named_by_owner_and_property() {
    let rows =
        "|type|String|Possible values are: `a`, `b`.|\n|audience|String|Possible values are: `x`, `y`.|\n";
    let merged = "|audience|String|Possible values are: `x`, `y`.|\n";
    let (api, _) = build_from(&[
        ("resources/one.md", &resource("one", None, rows)),
        ("resources/one-more.md", &resource("one", None, merged)),
        ("resources/two.md", &resource("two", None, rows)),
    ]);
    let one = api.type_def("one").unwrap();
    let types: Vec<String> = one.properties.iter().map(|p| p.ty.qualified()).collect();
    // Never the property alone (`audience` is a word another type may
    // need); the same owner's equal lists share one enum.
    assert_eq!(types, ["oneType", "oneAudience"]);
    assert_eq!(api.type_def("two").unwrap().properties[1].ty.qualified(), "twoAudience");
    assert_eq!(api.type_def("oneType").unwrap().members, ["a", "b"]);
    assert!(api.type_def("audience").is_none());
}

#[test]
fn a_type_cell_naming_an_enum_names_its_value_list() {
    let rows = "|state|callTranscriptionState|The possible values are: `notStarted`, `active`.|\n";
    let (api, _) = build_from(&[("resources/info.md", &resource("callTranscriptionInfo", None, rows))]);
    let info = api.type_def("callTranscriptionInfo").unwrap();
    assert_eq!(info.properties[0].ty.qualified(), "callTranscriptionState");
    assert_eq!(api.type_def("callTranscriptionState").unwrap().members, ["notStarted", "active"]);
}

#[test]
fn unused_value_lists_of_inherited_rows_leave_no_enum() {
    let base = resource("base", None, "|status|String|Possible values are: `on`, `off`.|\n");
    let derived =
        "---\ntitle: t\n---\n# derived resource type\n\nInherits from [base](base.md).\n\n## Properties\n\n|Property|Type|Description|\n|:--|:--|:--|\n|status|String|Possible values are: `on`, `off`.|\n";
    let (api, _) = build_from(&[("resources/base.md", &base), ("resources/derived.md", derived)]);
    assert_eq!(api.type_def("base").unwrap().properties[0].ty.qualified(), "baseStatus");
    assert!(api.type_def("derived").unwrap().properties.is_empty());
    assert!(api.type_def("derivedStatus").is_none(), "the derived page's copy of the list is dropped");
}

#[test]
fn bases_stated_in_other_words() {
    let hosted = resource("teamworkHostedContent", None, "|contentBytes|Binary|x|\n");
    let chat = "---\ntitle: t\n---\n# chatMessageHostedContent resource type\n\nContent hosted in a chat message.\n\n## Properties\n\nchatMessageHostedContent derives from [teamworkHostedContent](teamworkhostedcontent.md)\n\n|Property|Type|Description|\n|:--|:--|:--|\n|contentBytes|Binary|x|\n";
    let policy_base = resource("policyBase", None, "|displayName|String|x|\n");
    let authorization = "---\ntitle: t\n---\n# authorizationPolicy resource type\n\nA singleton that inherits from base policy type, always there.\n\n## Properties\n\n|Property|Type|Description|\n|:--|:--|:--|\n|displayName|String|x|\n|blockMsolPowerShell|Boolean|x|\n";
    // Unlinked words name a base only when a page defines it.
    let orphan = "---\ntitle: t\n---\n# lonely resource type\n\nIt inherits from base ghost type.\n\n## Properties\n\n|Property|Type|Description|\n|:--|:--|:--|\n|a|String|x|\n";
    let (api, diagnostics) = build_from(&[
        ("resources/teamworkhostedcontent.md", &hosted),
        ("resources/chatmessagehostedcontent.md", chat),
        ("resources/policybase.md", &policy_base),
        ("resources/authorizationpolicy.md", authorization),
        ("resources/lonely.md", orphan),
    ]);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let base_of = |name: &str| api.type_def(name).unwrap().base.as_ref().map(|b| b.name.clone());
    assert_eq!(base_of("chatMessageHostedContent").as_deref(), Some("teamworkHostedContent"));
    assert_eq!(base_of("authorizationPolicy").as_deref(), Some("policyBase"));
    assert_eq!(base_of("lonely"), None);
    assert!(api.type_def("ghostBase").is_none());
    let own: Vec<&str> =
        api.type_def("authorizationPolicy").unwrap().properties.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(own, ["blockMsolPowerShell"], "the base's row is inherited");
}

#[test]
fn types_the_api_pages_key_are_entities() {
    let participant = resource("participant", None, "|info|String|x|\n");
    let call = "---\ntitle: t\n---\n# call resource type\n\n## Properties\n\n|Property|Type|Description|\n|:--|:--|:--|\n|id|String|x|\n\n## Relationships\n\n|Relationship|Type|Description|\n|:--|:--|:--|\n|participants|[participant](participant.md) collection|x|\n\n## JSON representation\n\n<!-- { \"blockType\": \"resource\", \"keyProperty\": \"id\", \"@odata.type\": \"microsoft.graph.call\" } -->\n```json\n{}\n```\n";
    let alert = resource("alert", None, "|title|String|x|\n");
    let get_alert = "---\ntitle: t\n---\n# Get alert\n\n## HTTP request\n\n```http\nGET /security/alerts/{alert_id}\n```\n\n## Response\n\nIf successful, this method returns a `200 OK` response code and an [alert](../resources/alert.md) object in the response body.\n";
    let settings = resource("mailboxSettings", None, "|timeZone|String|x|\n");
    let get_settings = "---\ntitle: t\n---\n# Get mailboxSettings\n\n## HTTP request\n\n```http\nGET /me/mailboxSettings\n```\n\n## Response\n\nIf successful, this method returns a `200 OK` response code and a [mailboxSettings](../resources/mailboxsettings.md) object in the response body.\n";
    let (api, _) = build_from(&[
        ("resources/participant.md", &participant),
        ("resources/call.md", call),
        ("resources/alert.md", &alert),
        ("api/alert-get.md", get_alert),
        ("resources/mailboxsettings.md", &settings),
        ("api/user-get-mailboxsettings.md", get_settings),
    ]);
    let kind = |name: &str| api.type_def(name).unwrap().kind;
    assert_eq!(kind("participant"), TypeKind::Entity, "a relationship's target");
    assert_eq!(kind("alert"), TypeKind::Entity, "addressed by key");
    assert_eq!(kind("mailboxSettings"), TypeKind::Complex, "read alone, without an id");
    assert_eq!(api.lineage("alert").first().map(|t| t.name.as_str()), Some("entity"));
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
