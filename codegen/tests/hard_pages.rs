//! The hard pages of the Graph docs corpus (../shared/FORMAT.md), read from
//! ../shared by path: each asserts what the generator makes of its defect.
//! Both versions are analyzed once, whole, so resolution across pages is
//! what is tested.

mod common;

use std::sync::OnceLock;

use codegen::diagnostics::{Diagnostic, Diagnostics};
use codegen::model::{Api, Endpoint, Operation, Place, RequestBody, Segment, TypeDef, TypeKey, TypeRef};

struct Corpus {
    api: Api,
    diagnostics: Vec<Diagnostic>,
}

fn corpus(version: &str) -> Option<&'static Corpus> {
    static V1: OnceLock<Option<Corpus>> = OnceLock::new();
    static BETA: OnceLock<Option<Corpus>> = OnceLock::new();
    let cell = if version == "v1.0" { &V1 } else { &BETA };
    cell.get_or_init(|| {
        let dir = common::shared_dir()?.join("corpus/graph-docs-2021-07").join(version);
        let mut diagnostics = Diagnostics::default();
        let sources = codegen::source::read_docs(&dir, &mut diagnostics).unwrap();
        let api = codegen::analyze(&sources, &mut diagnostics);
        Some(Corpus { api, diagnostics: diagnostics.into_sorted() })
    })
    .as_ref()
}

impl Corpus {
    fn op(&self, source: &str) -> &Operation {
        self.api
            .operations()
            .iter()
            .find(|o| o.source == source)
            .unwrap_or_else(|| panic!("no operation from {source}"))
    }

    fn ty(&self, qualified: &str) -> &TypeDef {
        self.api.type_def(qualified).unwrap_or_else(|| panic!("no type {qualified}"))
    }

    fn property(&self, qualified: &str, name: &str) -> (String, bool) {
        let def = self.ty(qualified);
        let id = self.api.id(&def.key()).expect("indexed");
        let p = self.api.all_properties(id).map(|(_, p)| p).find(|p| p.name == name);
        let p = p.unwrap_or_else(|| panic!("no {qualified}.{name}"));
        (p.ty.qualified(), p.collection)
    }

    /// Codes reported for a page, in line order.
    fn codes(&self, source: &str) -> Vec<(u32, &'static str)> {
        self.diagnostics.iter().filter(|d| d.file == source).map(|d| (d.line, d.code.as_str())).collect()
    }
}

#[test]
fn front_matter_and_page_kinds() {
    let (Some(v1), Some(beta)) = (corpus("v1.0"), corpus("beta")) else { return };
    // Invalid YAML (a bare `:` in the title), no standard HTTP section.
    let upload = beta.op("api/driveitem-createuploadsession.md");
    assert_eq!(upload.method.as_str(), "POST");
    assert!(upload.paths().any(|p| p == "/me/drive/items/{itemId}/createUploadSession"));
    assert_eq!((upload.response.as_ref().map(|t| t.names().0), upload.status), (Some("uploadSession"), 200));
    // doc_type typo `resourcePageType_`: still a resource.
    assert_eq!(v1.ty("schedule").source, "resources/schedule.md");
    // `enumTypes` doc type, "enumeration type" title, a sub-namespace.
    let managed: Vec<&TypeDef> = beta
        .api
        .types()
        .iter()
        .filter(|t| t.source == "resources/enums-managedtenants.md" && !t.members.is_empty())
        .collect();
    assert!(managed.len() > 5, "{}", managed.len());
    assert!(managed.iter().all(|t| t.namespace.as_deref() == Some("microsoft.graph.managedTenants")));
    // `Member`-only tables in enums.md.
    let enums_md = v1.api.types().iter().filter(|t| t.source == "resources/enums.md").count();
    assert!(enums_md > 50, "{enums_md}");
}

#[test]
fn annotations() {
    let (Some(v1), Some(beta)) = (corpus("v1.0"), corpus("beta")) else { return };
    // `isCollection: true` unquoted: repaired and used.
    let tips = v1.op("api/user-getmailtips.md");
    assert_eq!(
        (tips.response.as_ref().map(|t| t.names().0), tips.response_collection),
        (Some("mailTips"), true)
    );
    assert!(
        v1.codes("api/user-getmailtips.md").contains(&(96, "GD0003")),
        "{:?}",
        v1.codes("api/user-getmailtips.md")
    );
    // A raw newline inside an annotation string.
    assert!(v1.codes("api/rangeformat-update.md").iter().any(|(_, c)| *c == "GD0003"));
    // `}-->s`: the resource annotation still names the type.
    assert_eq!(beta.ty("onlineMeetingInfo").kind, codegen::model::TypeKind::Complex);
    // One `ignored` annotation, prose and several fences: every path.
    assert_eq!(v1.op("api/calendar-get.md").paths().count(), 7);
    // Annotations in list items before inline code.
    assert_eq!(v1.op("api/insights-list-used.md").paths().next().unwrap(), "/me/insights/used");
    // A heading between the annotation and the fence.
    assert_eq!(
        beta.op("api/governanceresource-get.md").response.as_ref().map(|t| t.names().0),
        Some("governanceResource")
    );
    // A JSON body inside an annotation does not derail the page.
    let rule = beta.op("api/unifiedrolemanagementpolicyrule-update.md");
    assert_eq!(
        (rule.method.as_str(), rule.request_body().map(|t| t.names().0)),
        ("PATCH", Some("unifiedRoleManagementPolicyRule"))
    );
}

#[test]
fn http_request_blocks() {
    let (Some(v1), Some(beta)) = (corpus("v1.0"), corpus("beta")) else { return };
    // An unclosed fence swallows a heading: the operation is still read.
    let incompatible = beta.op("api/accesspackage-post-incompatiblegroup.md");
    assert!(incompatible.paths().next().unwrap().ends_with("/incompatibleGroups/$ref"));
    // C# inside the HTTP request fence: those lines are reported, the path kept.
    assert_eq!(
        v1.op("api/shares-get.md").paths().collect::<Vec<_>>(),
        ["/shares/{shareIdOrEncodedSharingUrl}"]
    );
    assert!(v1.codes("api/shares-get.md").iter().any(|(_, c)| *c == "GD0020"));
    // `DELETE/identity…`: the missing space.
    let delete = beta.op("api/b2xidentityuserflow-delete-userflowidentityproviders.md");
    assert_eq!(
        delete.paths().collect::<Vec<_>>(),
        ["/identity/b2xUserFlows/{userflow-id}/userflowIdentityProviders/{id}/$ref"]
    );
    // A header line in the HTTP request block.
    assert_eq!(v1.op("api/workbook-closesession.md").paths().count(), 2);
    assert!(v1.codes("api/workbook-closesession.md").iter().any(|(_, c)| *c == "GD0020"));
    // `$filter={property} eq '{property-value}'`: the query is not the path.
    let alerts = v1.op("api/alert-list.md");
    assert_eq!(alerts.paths().collect::<Vec<_>>(), ["/security/alerts"]);
    assert_eq!(
        (alerts.response.as_ref().map(|t| t.names().0), alerts.response_collection),
        (Some("alert"), true)
    );
    // `root:/{item-path}:/`, `{id|name}`, `image(width=640)`.
    let image = v1.op("api/chart-image.md");
    assert!(image
        .paths()
        .any(|p| p == "/me/drive/root:/{item-path}:/workbook/worksheets/{id}/charts/{name}/image"));
    assert!(image.paths().any(|p| p.ends_with("/image(width=640)")));
    // `$ref?$id=https://…`: the URL in the query is not the path.
    assert_eq!(
        v1.op("api/group-delete-acceptedsenders.md").paths().collect::<Vec<_>>(),
        ["/groups/{id}/acceptedSenders/$ref"]
    );
}

#[test]
fn examples() {
    let (Some(v1), Some(beta)) = (corpus("v1.0"), corpus("beta")) else { return };
    // `beta** Entity URI…` is not a Graph URL.
    let page = "api/intune-partnerintegration-vulnerablemanageddevice-update.md";
    assert!(beta.codes(page).iter().any(|(_, c)| *c == "GD0022"), "{:?}", beta.codes(page));
    // Trailing commas, `//` comments, smart quotes: reported, and those
    // examples are not tests (the response at line 119 has trailing commas).
    for page in ["api/application-post-calls.md", "api/call-unmute.md", "api/workforceintegration-post.md"] {
        assert!(v1.codes(page).iter().any(|(_, c)| *c == "GD0027"), "{page}: {:?}", v1.codes(page));
    }
    assert!(!v1.api.examples.iter().any(|e| e.source == "api/application-post-calls.md" && e.line == 119));
    // `<bytes…>` and `{Raw bytes…}` bodies are not JSON examples.
    for page in ["api/driveitem-createuploadsession.md", "api/attachment-get.md"] {
        assert!(v1
            .api
            .examples
            .iter()
            .filter(|e| e.source == page)
            .all(|e| e.json.is_empty() || e.json.starts_with(['{', '['])));
    }
    // `...` in an array.
    assert!(beta.codes("api/governanceroleassignment-list.md").iter().any(|(_, c)| *c == "GD0027"));
    // `HTTP 201 Created`.
    assert_eq!(v1.op("api/event-post-attachments.md").status, 201);
    // No annotations; `"value": {…}` wraps one object whose values are
    // all `"<Prop> value"` stand-ins: typed, reported, left out.
    let page = "api/intune-apps-androidlobapp-get.md";
    assert_eq!(v1.op(page).response.as_ref().map(|t| t.names().0), Some("androidLobApp"));
    assert!(v1.api.skipped_examples.iter().any(|e| e.source == page && e.reason == "placeholder values"));
}

#[test]
fn property_tables_and_types() {
    let (Some(v1), Some(beta)) = (corpus("v1.0"), corpus("beta")) else { return };
    // Resource JSON with `/* */` and `...`, or beyond repair: the table rules.
    assert_eq!(v1.property("list", "items"), ("listItem".into(), true));
    assert_eq!(beta.property("timeClockSettings", "approvedLocation"), ("geoCoordinates".into(), false));
    // An empty 4th header cell.
    assert_eq!(v1.property("searchRequest", "from"), ("Int32".into(), false));
    // A hard-wrapped row is one property, its text joined.
    let profile = v1.ty("secureScoreControlProfile");
    assert!(profile.properties.iter().all(|p| !p.name.contains(' ')));
    // An unescaped `|` in a description.
    assert_eq!(v1.property("omaSettingBase64", "value"), ("String".into(), false));
    // `[identitySet][]` reference links and `Collection([DriveRecipient][])`.
    assert_eq!(v1.property("commentAction", "participants"), ("identitySet".into(), true));
    let invite = v1.op("api/driveitem-invite.md");
    let body = invite.request_body().map(|t| t.names().0).expect("invite has a body");
    assert_eq!(v1.property(body, "recipients"), ("driveRecipient".into(), true));
    assert_eq!(
        (invite.response.as_ref().map(|t| t.names().0), invite.response_collection),
        (Some("permission"), true)
    );
    // `[a](…) or [b](…)`: the first.
    assert_eq!(v1.property("call", "mediaConfig").0, "appHostedMediaConfig");
    // A link to `/graph/api/resources/identityset`.
    assert_eq!(beta.property("ediscovery.case", "closedBy").0, "identitySet");
    // `[chatType](…chat.md#chattype-values)`: the link text.
    assert_eq!(v1.property("chat", "chatType").0, "chatType");
}

#[test]
fn inheritance() {
    let (Some(v1), Some(beta)) = (corpus("v1.0"), corpus("beta")) else { return };
    // "[serviceEndpoint] types inherit from this type": reversed, not a base.
    assert_eq!(v1.ty("callRecords.endpoint").base, None);
    assert_eq!(v1.ty("callRecords.serviceEndpoint").base.as_ref().map(|b| b.name.as_str()), Some("endpoint"));
    // Sentence (directoryObject) and baseType (entity) disagree: the page
    // lists directoryObject's properties, so it wins, and it is reported.
    assert_eq!(beta.ty("orgContact").base.as_ref().map(|b| b.name.as_str()), Some("directoryObject"));
    assert!(beta.codes("resources/orgcontact.md").iter().any(|(_, c)| *c == "GD0014"));
}

#[test]
fn no_page_is_lost() {
    for version in ["v1.0", "beta"] {
        let Some(corpus) = corpus(version) else { return };
        assert!(!corpus.diagnostics.iter().any(|d| d.severity() == codegen::diagnostics::Severity::Error));
        let covered: std::collections::HashSet<&str> = corpus
            .api
            .types()
            .iter()
            .map(|t| t.source.as_str())
            .chain(corpus.api.types().iter().flat_map(|t| t.merged_from.iter().map(String::as_str)))
            .chain(corpus.api.operations().iter().map(|o| o.source.as_str()))
            // A page whose endpoints another page serves is cited there.
            .chain(corpus.api.operations().iter().flat_map(|o| o.merged_from.iter().map(String::as_str)))
            .chain(corpus.diagnostics.iter().filter(|d| d.code.as_str() == "GD0004").map(|d| d.file.as_str()))
            .collect();
        let dir = common::shared_dir().unwrap().join("corpus/graph-docs-2021-07").join(version);
        let mut ignored = Diagnostics::default();
        for page in codegen::source::read_docs(&dir, &mut ignored).unwrap() {
            let contributes = covered.contains(page.path.as_str())
                || corpus.diagnostics.iter().any(|d| d.file == page.path);
            assert!(contributes, "{version}/{}: neither contributes nor is diagnosed", page.path);
        }
    }
}

/// The `--ir` JSON reads back into the same model: writing what was read
/// gives the same bytes, on both corpus versions (scripts rely on the
/// shape; `cargo xtask diff` reads these files).
#[test]
fn ir_json_round_trips_byte_for_byte() {
    for version in ["v1.0", "beta"] {
        let Some(corpus) = corpus(version) else { return };
        let written = corpus.api.to_json().unwrap();
        let read = codegen::model::Api::from_json(&written).unwrap();
        assert_eq!(read.types().len(), corpus.api.types().len());
        assert!(read.to_json().unwrap() == written, "{version}: the IR JSON does not read back to itself");
    }
}

// Requests as documented (issue 12): each defect on the page that showed it.

fn body_parameters(op: &Operation) -> Vec<&str> {
    op.parameters.iter().filter(|p| p.place == Place::Body).map(|p| p.name.as_str()).collect()
}

fn served_by<'a>(corpus: &'a Corpus, method: &str, path: &str) -> Vec<&'a Operation> {
    let canonical = Endpoint::new(path.to_owned(), String::new()).canonical();
    corpus
        .api
        .operations()
        .iter()
        .filter(|o| o.method.as_str() == method && o.endpoints.iter().any(|e| e.canonical() == canonical))
        .collect()
}

#[test]
fn action_parameter_tables_are_bodies() {
    let (Some(v1), Some(beta)) = (corpus("v1.0"), corpus("beta")) else { return };
    // The table is under "## Parameters", not "Request body".
    let upload = v1.op("api/driveitem-createuploadsession.md");
    assert!(matches!(upload.body, RequestBody::Parameters(_)), "{:?}", upload.body);
    assert_eq!(body_parameters(upload), ["item", "deferCommit"]);
    // `Name | Value | Description`: the type is in the Value column.
    assert_eq!(body_parameters(v1.op("api/driveitem-checkin.md")), ["checkInAs", "comment"]);
    assert_eq!(
        body_parameters(v1.op("api/driveitem-createlink.md")),
        ["type", "password", "expirationDateTime", "scope"]
    );
    let beta_link = body_parameters(beta.op("api/driveitem-createlink.md"));
    assert!(beta_link.contains(&"message") || beta_link.len() >= 4, "{beta_link:?}");
    // An update's table restates the resource: the body is the resource.
    let update = v1.op("api/user-update.md");
    assert_eq!(update.body, RequestBody::Json(TypeRef::Named(TypeKey::new("user", None))));
    assert_eq!(v1.property("user", "otherMails"), ("String".to_owned(), true));
    // File content is bytes with the caller's content type (a Teams app
    // package is a zip).
    assert_eq!(v1.op("api/driveitem-put-content.md").body, RequestBody::Bytes { content_type: None });
    assert_eq!(v1.op("api/teamsapp-publish.md").body, RequestBody::Bytes { content_type: None });
    // `POST …/$ref` sends the reference.
    let owner = v1.op("api/application-post-owners.md");
    assert_eq!(owner.request_body().map(TypeRef::qualified).as_deref(), Some("referenceCreate"));
}

#[test]
fn item_paths_and_function_arguments_are_typed_segments() {
    let Some(v1) = corpus("v1.0") else { return };
    let put = v1.op("api/driveitem-put-content.md");
    let by_path =
        put.endpoints.iter().find(|e| e.template == "/me/drive/items/{parent-id}:/{filename}:/content");
    let by_path = by_path.expect("the upload-by-path endpoint");
    assert!(by_path.segments.contains(&Segment::ItemPath { param: "filename".into(), closed: true }));
    let function_args = |source: &str| -> Vec<String> {
        let op = v1.op(source);
        op.endpoints[0]
            .segments
            .iter()
            .filter_map(|s| match s {
                Segment::Function { args, .. } => {
                    Some(args.iter().map(|a| a.name.clone()).collect::<Vec<_>>())
                }
                _ => None,
            })
            .flatten()
            .collect()
    };
    assert_eq!(function_args("api/user-reminderview.md"), ["startDateTime", "endDateTime"]);
    assert_eq!(function_args("api/range-get.md"), ["address"]);
    let image = v1.op("api/chart-image.md");
    let sized = image.endpoints.iter().find(|e| e.template.contains("image(width=640,height=480)")).unwrap();
    assert!(sized.segments.iter().any(|s| matches!(s, Segment::Function { args, .. } if args.len() == 2)));
}

#[test]
fn examples_and_query_strings_create_no_endpoints() {
    let (Some(v1), Some(beta)) = (corpus("v1.0"), corpus("beta")) else { return };
    // `GET /me?$expand=manager` is a usage note of the manager page.
    let manager = v1.op("api/user-list-manager.md");
    assert_eq!(manager.paths().collect::<Vec<_>>(), ["/me/manager", "/users/{id}/manager"]);
    assert!(manager.usage.iter().any(|u| u == "GET /me?$expand=manager"), "{:?}", manager.usage);
    assert_eq!(
        served_by(v1, "GET", "/me").iter().map(|o| o.source.as_str()).collect::<Vec<_>>(),
        ["api/user-get.md"]
    );
    // Two pages document `GET /me/calendar/events`: one serves it and cites the other.
    let events = served_by(v1, "GET", "/me/calendar/events");
    assert_eq!(events.len(), 1);
    assert_eq!(
        (events[0].source.as_str(), events[0].merged_from.as_slice()),
        ("api/calendar-list-events.md", &["api/user-list-events.md".to_owned()][..])
    );
    // A message's endpoints are served by the message pages, not by the
    // pages of its derived type eventMessage, which restate them.
    for (method, path, page) in [
        ("GET", "/me/messages/{id}", "api/message-get.md"),
        ("PATCH", "/me/messages/{id}", "api/message-update.md"),
        ("POST", "/me/messages/{id}/attachments", "api/message-post-attachments.md"),
        ("GET", "/users/{id}/contacts", "api/user-list-contacts.md"),
    ] {
        assert_eq!(served_by(v1, method, path)[0].source, page, "{method} {path}");
    }
    // The legacy extended-property pages document only `?$expand=` forms.
    assert_eq!(served_by(v1, "GET", "/me/calendars/{id}")[0].source, "api/calendar-get.md");
    assert!(v1.api.operations().iter().all(|o| o.source != "api/singlevaluelegacyextendedproperty-get.md"));
    // No (method, endpoint) is served twice, in either version.
    for corpus in [v1, beta] {
        let mut seen = std::collections::HashSet::new();
        for op in corpus.api.operations() {
            for endpoint in &op.endpoints {
                assert!(
                    seen.insert((op.method, endpoint.canonical())),
                    "{} {} twice",
                    op.method,
                    endpoint.template
                );
            }
        }
    }
}

#[test]
fn requests_are_named_from_their_docs() {
    let (Some(v1), Some(beta)) = (corpus("v1.0"), corpus("beta")) else { return };
    let path = |source: &str| v1.op(source).rust_path.to_string();
    assert_eq!(path("api/user-sendmail.md"), "requests::user::SendMail");
    assert_eq!(path("api/driveitem-createuploadsession.md"), "requests::drive_item::CreateUploadSession");
    assert_eq!(path("api/user-list-manager.md"), "requests::user::GetManager");
    assert_eq!(path("api/user-list.md"), "requests::user::ListUsers");
    let functions =
        |source: &str| v1.op(source).endpoints.iter().map(|e| e.rust_fn.clone()).collect::<Vec<_>>();
    assert_eq!(functions("api/user-sendmail.md"), ["me", "user"]);
    assert_eq!(functions("api/user-get.md"), ["user", "me"]);
    assert!(functions("api/driveitem-put-content.md").contains(&"me_by_path".to_owned()));
    // No numbered names; no module holds most of the API.
    for corpus in [v1, beta] {
        let numbered = |name: &str| name.rsplit_once('_').is_some_and(|(_, n)| n.parse::<u32>().is_ok());
        for op in corpus.api.operations() {
            assert!(
                !op.rust_path.name.ends_with(|c: char| c.is_ascii_digit())
                    || op.rust_path.name.ends_with("Pkcs12"),
                "{}",
                op.rust_path
            );
            assert!(
                op.endpoints.iter().all(|e| !numbered(&e.rust_fn)),
                "{}: {:?}",
                op.rust_path,
                op.endpoints
            );
        }
        let mut per_module = std::collections::HashMap::<String, usize>::new();
        for op in corpus.api.operations() {
            *per_module.entry(op.rust_path.modules.join("::")).or_default() += 1;
        }
        assert!(per_module.values().all(|&n| n < 200), "{:?}", per_module.values().max());
    }
}
