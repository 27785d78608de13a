//! The `client` feature over real HTTP: a server on 127.0.0.1 in this process
//! (`loopback`) answers with the docs-input examples and scripted failures,
//! and every test checks what actually went over the wire.
#![cfg(all(feature = "client", feature = "people"))]

mod loopback;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures_util::TryStreamExt as _;
use graph_api::client::{Client, RetryPolicy, Token};
use graph_api::models::ItemPhone;
use graph_api::requests::{
    item_phone::{DeleteItemPhone, GetItemPhone, UpdateItemPhone},
    profile::{CreateItemPhone, ListPhones},
};
use graph_api::support::{BoxError, Error, Field, NoContent, Page};
use loopback::{Canned, Received, Server};
use serde_json::{json, Value};

const TOKEN: &str = "test-token-5ecret";

/// Retries with 1 ms backoff, so that failure tests stay fast.
fn fast_retries() -> RetryPolicy {
    RetryPolicy::new(3, Duration::from_millis(1), Duration::from_secs(2))
}

fn client(server: &Server, retry: RetryPolicy) -> Client {
    // No proxy from the environment: the server is on loopback.
    let http = Client::http_builder().unwrap().no_proxy().build().unwrap();
    Client::builder(Token::new(TOKEN)).base_url(server.url()).retry(retry).http_client(http).build().unwrap()
}

/// Checks the headers every request carries.
fn assert_headers(received: &Received) {
    assert_eq!(received.header("authorization"), Some(&*format!("Bearer {TOKEN}")), "{received:?}");
    let content_type = received.header("content-type");
    if received.body.is_empty() {
        assert_eq!(content_type, None, "{received:?}");
    } else {
        assert_eq!(content_type, Some("application/json"), "{received:?}");
    }
}

/// The example of one docs-input page: the request it documents and the
/// response it shows.
struct DocExample {
    method: String,
    /// Below the service root, as written in the docs (maybe not encoded).
    path: String,
    request_body: Option<Value>,
    status: u16,
    response_body: String,
}

impl DocExample {
    /// Reads the last two ```http fences of a page (after the documented
    /// paths): the example request, then the response.
    fn from_page(page: &str) -> DocExample {
        let fences: Vec<&str> =
            page.split("```http\n").skip(1).map(|rest| rest.split("```").next().unwrap()).collect();
        let [.., request, response] = fences[..] else { panic!("no example request and response") };
        let (head, body) = request.split_once("\n\n").unwrap_or((request, ""));
        let (method, url) = head.lines().next().unwrap().split_once(' ').unwrap();
        let path = url.strip_prefix("https://graph.microsoft.com/v1.0").unwrap();
        let request_body = (!body.trim().is_empty()).then(|| serde_json::from_str(body).unwrap());
        let (head, body) = response.split_once("\n\n").unwrap_or((response, ""));
        let status = head.split(' ').nth(1).unwrap().parse().unwrap();
        DocExample {
            method: method.into(),
            path: path.into(),
            request_body,
            status,
            response_body: body.trim().into(),
        }
    }

    fn response(&self) -> Canned {
        Canned::new(self.status, &self.response_body)
    }

    fn decoded<T: serde::de::DeserializeOwned>(&self) -> T {
        serde_json::from_str(&self.response_body).unwrap()
    }

    fn body<T: serde::de::DeserializeOwned>(&self) -> T {
        serde_json::from_value(self.request_body.clone().unwrap()).unwrap()
    }

    /// The request the client sent is the documented one; `wire_path` is
    /// how the client must encode the documented path.
    fn assert_sent(&self, received: &Received, wire_path: &str) {
        assert_eq!(received.method.as_str(), self.method);
        assert_eq!(received.path_and_query, format!("/v1.0{wire_path}"));
        assert_eq!(segments(wire_path), segments(&self.path), "the same target as the docs");
        assert_eq!(self.request_body, (!received.body.is_empty()).then(|| received.json()));
        assert_headers(received);
    }
}

fn segments(path: &str) -> Vec<String> {
    path.split('/')
        .map(|s| percent_encoding::percent_decode_str(s).decode_utf8_lossy().into_owned())
        .collect()
}

#[tokio::test]
async fn every_docs_input_operation_over_http() {
    let server = Server::start().await;
    let client = client(&server, RetryPolicy::none());
    let page = |name| DocExample::from_page(name);
    let create = page(include_str!("../../docs-input/api/profile-post-phones.md"));
    let list = page(include_str!("../../docs-input/api/profile-list-phones.md"));
    let get = page(include_str!("../../docs-input/api/itemphone-get.md"));
    let update = page(include_str!("../../docs-input/api/itemphone-update.md"));
    let delete = page(include_str!("../../docs-input/api/itemphone-delete.md"));
    for example in [&create, &list, &get, &update, &delete] {
        server.reply(example.response());
    }

    let created = client.send(CreateItemPhone::me().body(&create.body())).await.unwrap();
    assert_eq!(created, create.decoded::<ItemPhone>());
    let phones = client.collect_items(ListPhones::me()).await.unwrap();
    assert_eq!(phones, list.decoded::<Page<ItemPhone>>().value);
    assert_eq!(phones.len(), 2);
    let fetched = client.send(GetItemPhone::me("Cf4Q3h0ZTkK+Z9e/Tu1u6w==")).await.unwrap();
    assert_eq!(fetched, get.decoded::<ItemPhone>());
    let user = "innocenty.popov@contoso.com";
    let phone = "0fb4c1e3-c1e3-0fb4-e3c1-b40fe3c1b40f";
    let updated = client.send(UpdateItemPhone::user(user, phone).body(&update.body())).await.unwrap();
    assert_eq!(updated, update.decoded::<ItemPhone>());
    let deleted = client.send(DeleteItemPhone::me("6a1c7d2e-94b3-4f0a-8e51-2d7f3b9c0a14")).await;
    assert_eq!(deleted.unwrap(), NoContent);

    let received = server.received();
    assert_eq!(received.len(), 5);
    create.assert_sent(&received[0], "/me/profile/phones");
    list.assert_sent(&received[1], "/me/profile/phones");
    get.assert_sent(&received[2], "/me/profile/phones/Cf4Q3h0ZTkK%2BZ9e%2FTu1u6w%3D%3D");
    let wire = "/users/innocenty.popov%40contoso.com/profile/phones/0fb4c1e3-c1e3-0fb4-e3c1-b40fe3c1b40f";
    update.assert_sent(&received[3], wire);
    delete.assert_sent(&received[4], "/me/profile/phones/6a1c7d2e-94b3-4f0a-8e51-2d7f3b9c0a14");
}

/// A page of phones with the given ids.
fn page(ids: &[&str], next_link: Option<String>) -> Canned {
    let value: Vec<Value> =
        ids.iter().map(|id| json!({"id": id, "displayName": format!("phone {id}")})).collect();
    let mut body =
        json!({"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#phones", "value": value});
    if let Some(link) = next_link {
        body["@odata.nextLink"] = json!(link);
    }
    Canned::json(200, &body)
}

fn ids(phones: &[ItemPhone]) -> Vec<&str> {
    phones.iter().filter_map(|p| p.id.value().map(String::as_str)).collect()
}

#[tokio::test]
async fn paging_follows_next_links_over_three_pages() {
    let server = Server::start().await;
    let client = client(&server, RetryPolicy::none());
    let script = || {
        server.reply(page(
            &["1", "2"],
            Some(format!("{}/me/profile/phones?$top=2&$skiptoken=a%2Fb", server.url())),
        ));
        server.reply(page(
            &["3", "4"],
            Some(format!("{}/me/profile/phones?$top=2&$skiptoken=c", server.url())),
        ));
        server.reply(page(&["5"], None));
    };

    script();
    let phones = client.collect_items(ListPhones::me().query("$top", "2")).await.unwrap();
    assert_eq!(ids(&phones), ["1", "2", "3", "4", "5"]);
    script();
    let pages: Vec<Page<ItemPhone>> =
        client.pages(ListPhones::me().query("$top", "2")).try_collect().await.unwrap();
    let sizes: Vec<usize> = pages.iter().map(|p| p.value.len()).collect();
    assert_eq!(sizes, [2, 2, 1]);
    assert!(pages[0].next_link().is_some() && pages[2].next_link().is_none());
    assert!(pages[2].additional_properties.contains_key("@odata.context"));

    let requests = server.requests();
    let expected = [
        "GET /v1.0/me/profile/phones?$top=2",
        "GET /v1.0/me/profile/phones?$top=2&$skiptoken=a%2Fb",
        "GET /v1.0/me/profile/phones?$top=2&$skiptoken=c",
    ];
    assert_eq!(requests, [expected, expected].concat());
    server.received().iter().for_each(assert_headers);
}

#[tokio::test]
async fn a_next_link_to_another_host_is_not_followed() {
    let server = Server::start().await;
    let client = client(&server, RetryPolicy::none());
    // Same machine, other authority: the token must not go there.
    let elsewhere = server.url().replace("127.0.0.1", "localhost");
    server.reply(page(&["1"], Some(format!("{elsewhere}/me/profile/phones?$skiptoken=x"))));
    let mut items = Box::pin(client.items(ListPhones::me()));
    assert_eq!(items.try_next().await.unwrap().and_then(|p| p.id.into_value()).as_deref(), Some("1"));
    let error = items.try_next().await.unwrap_err();
    assert!(matches!(error, Error::InvalidRequest(_)), "{error}");
    assert!(items.try_next().await.unwrap().is_none(), "the stream ends after an error");
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn a_link_outside_the_service_root_is_not_followed() {
    let server = Server::start().await;
    let client = client(&server, RetryPolicy::none());
    // Same host and port, another API version: not under the service root.
    let root = server.url();
    let (origin, _) = root.rsplit_once('/').expect("the service root has a path");
    server.reply(page(&["1"], Some(format!("{origin}/beta/me/profile/phones?$skiptoken=x"))));
    let mut items = Box::pin(client.items(ListPhones::me()));
    assert!(items.try_next().await.unwrap().is_some());
    let Err(Error::InvalidRequest(message)) = items.try_next().await else { panic!("the link was followed") };
    assert!(message.contains("/beta/me/profile/phones") && message.contains(root), "{message}");
    assert_eq!(server.requests().len(), 1);
}

fn throttled(status: u16, retry_after: Option<&str>) -> Canned {
    let body = json!({"error": {"code": "TooManyRequests", "message": "Please retry later."}});
    let response = Canned::json(status, &body);
    match retry_after {
        Some(seconds) => response.header("retry-after", seconds),
        None => response,
    }
}

#[tokio::test]
async fn throttling_with_retry_after_is_retried_after_that_long() {
    let server = Server::start().await;
    let client = client(&server, fast_retries());
    let get = DocExample::from_page(include_str!("../../docs-input/api/itemphone-get.md"));
    server.reply(throttled(429, Some("1"))).reply(get.response());
    let started = Instant::now();
    let phone = client.send(GetItemPhone::me("Cf4Q3h0ZTkK+Z9e/Tu1u6w==")).await.unwrap();
    assert!(started.elapsed() >= Duration::from_secs(1), "Retry-After: 1 was not honoured");
    assert_eq!(phone, get.decoded::<ItemPhone>());
    let path = "GET /v1.0/me/profile/phones/Cf4Q3h0ZTkK%2BZ9e%2FTu1u6w%3D%3D";
    assert_eq!(server.requests(), [path, path]);

    // A POST is resent only because the server asked for it.
    let create = DocExample::from_page(include_str!("../../docs-input/api/profile-post-phones.md"));
    server.reply(throttled(503, Some("0"))).reply(create.response());
    client.send(CreateItemPhone::me().body(&create.body())).await.unwrap();
    let posts: Vec<Received> = server.received().into_iter().skip(2).collect();
    assert_eq!(posts.len(), 2);
    assert_eq!(posts[0].body, posts[1].body);
    assert_eq!(posts[1].json(), create.request_body.clone().unwrap());
}

#[tokio::test]
async fn retries_are_bounded_and_only_for_throttling() {
    let server = Server::start().await;
    let client = client(&server, fast_retries());
    fn status<T: std::fmt::Debug>(result: Result<T, Error>) -> Option<u16> {
        result.unwrap_err().status().map(|s| s.as_u16())
    }

    // GET: 503 and 504 without Retry-After back off; after 3 retries the error is returned.
    for _ in 0..2 {
        server.reply(throttled(503, None)).reply(throttled(504, None));
    }
    assert_eq!(status(client.send(GetItemPhone::me("1")).await), Some(504));
    assert_eq!(server.requests().len(), 4);

    // Not retried: a POST after 504 or after 429 without Retry-After, any other error.
    let phone = ItemPhone::default();
    server.reply(throttled(504, Some("0")));
    assert_eq!(status(client.send(CreateItemPhone::me().body(&phone)).await), Some(504));
    server.reply(throttled(429, None));
    assert_eq!(status(client.send(CreateItemPhone::me().body(&phone)).await), Some(429));
    server.reply(Canned::new(500, "{}"));
    assert_eq!(status(client.send(DeleteItemPhone::me("1")).await), Some(500));
    assert_eq!(server.requests().len(), 7);

    // A Retry-After beyond the policy's longest wait is returned, not waited out.
    server.reply(throttled(429, Some("3600")));
    let Err(Error::Status(error)) = client.send(GetItemPhone::me("1")).await else { panic!() };
    assert_eq!(error.retry_after, Some(Duration::from_secs(3600)));
    assert_eq!(server.requests().len(), 8);
}

#[tokio::test]
async fn not_found_is_a_typed_graph_error() {
    let server = Server::start().await;
    let client = client(&server, fast_retries());
    let body = json!({"error": {
        "code": "itemNotFound",
        "message": "The phone entry does not exist.",
        "innerError": {"date": "2021-07-06T06:34:12", "request-id": "b0a0c1d2-inner", "client-request-id": "c-1"}
    }});
    server.reply(
        Canned::json(404, &body).header("request-id", "b0a0c1d2-header").header("client-request-id", "c-1"),
    );
    let Err(Error::Status(error)) = client.send(GetItemPhone::me("missing")).await else { panic!() };
    assert_eq!(error.status, 404);
    let graph = error.error.as_ref().unwrap();
    assert_eq!(
        (graph.code.as_str(), graph.message.as_str()),
        ("itemNotFound", "The phone entry does not exist.")
    );
    assert_eq!(graph.inner_error.as_ref().unwrap()["date"], "2021-07-06T06:34:12");
    assert_eq!(error.request_id(), Some("b0a0c1d2-inner"));
    assert_eq!(error.request_id.as_deref(), Some("b0a0c1d2-header"));
    assert_eq!(error.client_request_id.as_deref(), Some("c-1"));
    assert_eq!(serde_json::from_slice::<Value>(&error.body).unwrap(), body);
    let text = "Graph returned 404 Not Found: itemNotFound: The phone entry does not exist. (request-id b0a0c1d2-inner)";
    assert_eq!(error.to_string(), text);
    assert_eq!(server.requests(), ["GET /v1.0/me/profile/phones/missing"], "a 404 is not retried");
}

#[tokio::test]
async fn malformed_json_is_a_decode_error() {
    let server = Server::start().await;
    let client = client(&server, fast_retries());
    server.reply(Canned::new(200, r#"{"id": "1", "displayName": "#));
    let Err(Error::Decode { status, body, .. }) = client.send(GetItemPhone::me("1")).await else { panic!() };
    assert_eq!((status.as_u16(), body), (200, br#"{"id": "1", "displayName": "#.to_vec()));
    // A page that is not a page is a decode error too.
    server.reply(Canned::new(200, r#"{"value": 7}"#));
    let listed = client.collect_items(ListPhones::me()).await;
    assert!(matches!(listed, Err(Error::Decode { .. })), "{listed:?}");
    assert_eq!(server.requests().len(), 2, "decode errors are not retried");
    // A value of the wrong type is not an error: it is kept as raw JSON.
    server.reply(Canned::new(200, r#"{"value": [{"id": 7}]}"#));
    let listed = client.collect_items(ListPhones::me()).await.unwrap();
    assert_eq!(listed[0].id, Field::mismatch(json!(7)));
}

#[tokio::test]
async fn ids_with_reserved_characters_stay_one_segment() {
    let server = Server::start().await;
    let client = client(&server, RetryPolicy::none());
    let id = "a/b?c#d%e f";
    let wire = "a%2Fb%3Fc%23d%25e%20f";
    server.reply(Canned::json(200, &json!({"id": id}))).reply(Canned::json(200, &json!({"id": id})));
    server.reply(Canned::new(204, ""));
    let phone = client.send(GetItemPhone::me(id)).await.unwrap();
    assert_eq!(phone.id.value().map(String::as_str), Some(id));
    client.send(UpdateItemPhone::user("x/y", id).body(&ItemPhone::default())).await.unwrap();
    client.send(DeleteItemPhone::me(id)).await.unwrap();
    let expected = [
        format!("GET /v1.0/me/profile/phones/{wire}"),
        format!("PATCH /v1.0/users/x%2Fy/profile/phones/{wire}"),
        format!("DELETE /v1.0/me/profile/phones/{wire}"),
    ];
    assert_eq!(server.requests(), expected);

    // A URL parser would resolve `..` (even encoded): refused before sending.
    for id in ["..", "."] {
        let error = client.send(DeleteItemPhone::me(id)).await.unwrap_err();
        assert!(error.to_string().contains("would be sent as"), "{id}: {error}");
    }
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn the_token_source_is_asked_before_every_attempt() {
    let server = Server::start().await;
    let calls = Arc::new(AtomicUsize::new(0));
    let counter = calls.clone();
    let source = move || {
        let n = counter.fetch_add(1, Ordering::SeqCst) + 1;
        async move { Ok::<_, BoxError>(Token::new(format!("refreshed-{n}"))) }
    };
    let http = Client::http_builder().unwrap().no_proxy().build().unwrap();
    let client =
        Client::builder(source).base_url(server.url()).retry(fast_retries()).http_client(http).build();
    let client = client.unwrap();
    server.reply(throttled(429, Some("0"))).reply(Canned::new(204, ""));
    client.send(DeleteItemPhone::me("1")).await.unwrap();
    let tokens: Vec<String> =
        server.received().iter().map(|r| r.header("authorization").unwrap_or_default().to_owned()).collect();
    assert_eq!(tokens, ["Bearer refreshed-1", "Bearer refreshed-2"]);
    assert!(!format!("{client:?}").contains("refreshed"));

    let failing = || async { Err::<Token, BoxError>("token endpoint unreachable".into()) };
    let client = Client::builder(failing).base_url(server.url()).build().unwrap();
    let error = client.send(DeleteItemPhone::me("1")).await.unwrap_err();
    assert!(matches!(error, Error::Token(_)), "{error}");
    assert_eq!(server.requests().len(), 2, "nothing is sent without a token");
}

#[tokio::test]
async fn connection_failures_are_transport_errors() {
    // A port that was just free: nothing listens there any more.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let http = Client::http_builder().unwrap().no_proxy().build().unwrap();
    let client = Client::builder(Token::new(TOKEN))
        .base_url(format!("http://127.0.0.1:{port}/v1.0"))
        .retry(fast_retries())
        .http_client(http)
        .build()
        .unwrap();
    let error = client.send(GetItemPhone::me("1")).await.unwrap_err();
    assert!(matches!(error, Error::Transport(_)), "{error}");
    assert!(!format!("{error} {error:?}").contains(TOKEN));
}

// The example, as a module: its `run` is what its `main` runs, with the
// environment passed in, so the test drives the example's own code.
#[allow(dead_code)]
#[path = "../examples/phones.rs"]
mod phones_example;

const EXAMPLE_ID: &str = "Ab/Cd+Ef==";
const EXAMPLE_WIRE_ID: &str = "Ab%2FCd%2BEf%3D%3D";

/// The server side of a successful example run: two pages of phones.
fn script_example(server: &Server) {
    let created =
        json!({"id": EXAMPLE_ID, "displayName": "Car Phone", "number": "+7 499 342 22 13", "type": "mobile"});
    let other = json!({"id": "2", "displayName": "Office", "number": "+7 495 916 71 00", "type": "business"});
    let next = format!("{}/me/profile/phones?$skiptoken=2", server.url());
    let mut updated = created.clone();
    updated["displayName"] = json!("Work Car Phone");
    updated["number"] = Value::Null;
    server.reply(Canned::json(201, &created));
    server.reply(Canned::json(200, &json!({"value": [created], "@odata.nextLink": next})));
    server.reply(Canned::json(200, &json!({"value": [other]})));
    server.reply(Canned::json(200, &created));
    server.reply(Canned::json(200, &updated));
    server.reply(Canned::new(204, ""));
}

/// What a successful example run must have sent, in order.
fn assert_example_requests(server: &Server) {
    let item = format!("/v1.0/me/profile/phones/{EXAMPLE_WIRE_ID}");
    let expected = [
        "POST /v1.0/me/profile/phones".to_owned(),
        "GET /v1.0/me/profile/phones".to_owned(),
        "GET /v1.0/me/profile/phones?$skiptoken=2".to_owned(),
        format!("GET {item}"),
        format!("PATCH {item}"),
        format!("DELETE {item}"),
    ];
    assert_eq!(server.requests(), expected);
    let received = server.received();
    received.iter().for_each(assert_headers);
    let create = json!({"displayName": "Car Phone", "number": "+7 499 342 22 13", "type": "mobile"});
    assert_eq!(received[0].json(), create);
    assert_eq!(received[4].json(), json!({"displayName": "Work Car Phone", "number": null}));
    assert_eq!(received[4].body, br#"{"displayName":"Work Car Phone","number":null}"#);
}

fn example_env(server: &Server) -> impl Fn(&str) -> Option<String> {
    let url = server.url().to_owned();
    move |name| match name {
        "GRAPH_BASE_URL" => Some(url.clone()),
        "GRAPH_TOKEN" => Some(TOKEN.to_owned()),
        _ => None,
    }
}

#[tokio::test]
async fn the_phones_example_runs_its_five_steps() {
    let server = Server::start().await;
    script_example(&server);
    let mut out = Vec::new();
    phones_example::run(&example_env(&server), &mut out).await.unwrap();
    let out = String::from_utf8(out).unwrap();
    let lines: Vec<&str> = out.lines().collect();
    let phone = r#"phone id="Ab/Cd+Ef==" displayName="Car Phone" number="+7 499 342 22 13" type="mobile""#;
    assert_eq!(lines.len(), 5, "{out}");
    assert_eq!(lines[0], format!("1. created {phone}"));
    assert!(lines[1].starts_with(&format!("2. listed 2 phones: {phone}; phone id=\"2\"")), "{out}");
    assert_eq!(lines[2], format!("3. got {phone}"));
    let updated =
        r#"4. updated phone id="Ab/Cd+Ef==" displayName="Work Car Phone" number=null type="mobile""#;
    assert_eq!(lines[3], updated);
    assert_eq!(lines[4], r#"5. deleted phone "Ab/Cd+Ef==""#);
    assert_example_requests(&server);
}

#[tokio::test]
async fn the_phones_example_stops_at_a_failing_step() {
    let server = Server::start().await;
    server.reply(Canned::json(201, &json!({"id": "1"})));
    server.reply(Canned::json(200, &json!({"value": []})));
    server.reply(Canned::json(404, &json!({"error": {"code": "itemNotFound", "message": "gone"}})));
    let mut out = Vec::new();
    let error = phones_example::run(&example_env(&server), &mut out).await.unwrap_err().to_string();
    assert!(error.starts_with("3. get failed: Graph returned 404 Not Found: itemNotFound"), "{error}");
    assert_eq!(String::from_utf8(out).unwrap().lines().count(), 2);
    assert_eq!(server.requests().len(), 3, "no step after the failing one");

    let no_token = |name: &str| (name == "GRAPH_BASE_URL").then(|| server.url().to_owned());
    let error = phones_example::run(&no_token, &mut Vec::new()).await.unwrap_err();
    assert!(error.to_string().contains("GRAPH_TOKEN"));
}

/// The example binary that `cargo test` built beside this test binary
/// (`target/<profile>/examples/phones`).
fn example_binary() -> Option<std::path::PathBuf> {
    let deps = std::env::current_exe().ok()?.parent()?.to_path_buf();
    let binary = deps.parent()?.join("examples").join(format!("phones{}", std::env::consts::EXE_SUFFIX));
    binary.is_file().then_some(binary)
}

/// Runs the example binary against `server`; returns exit code, stdout, stderr.
async fn run_example_binary(binary: &std::path::Path, server: &Server) -> (Option<i32>, String, String) {
    run_example_binary_at(binary, server.url(), &[]).await
}

/// Runs the example binary against the service root `url`, with `env` added.
async fn run_example_binary_at(
    binary: &std::path::Path,
    url: &str,
    env: &[(&str, &str)],
) -> (Option<i32>, String, String) {
    let mut command = std::process::Command::new(binary);
    command.env("GRAPH_BASE_URL", url).env("GRAPH_TOKEN", TOKEN);
    command.envs(env.iter().copied());
    for proxy in ["HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"] {
        command.env_remove(proxy);
    }
    // Blocking wait off the runtime thread, which keeps serving meanwhile.
    let output = tokio::task::spawn_blocking(move || command.output()).await.unwrap().unwrap();
    let text = |bytes: Vec<u8>| String::from_utf8(bytes).unwrap();
    (output.status.code(), text(output.stdout), text(output.stderr))
}

#[tokio::test]
async fn the_compiled_phones_example_exits_zero_or_one() {
    let Some(binary) = example_binary() else {
        // `cargo test --test client` alone builds no examples.
        eprintln!(
            "notice: examples/phones was not built; run `cargo test --features client` to test the binary"
        );
        return;
    };
    let server = Server::start().await;
    script_example(&server);
    let (code, stdout, stderr) = run_example_binary(&binary, &server).await;
    if stderr.contains("needs the client") {
        // Left over from a build without the feature (`cargo test --test
        // client` does not rebuild examples); `cargo test --features
        // client` rebuilds it.
        eprintln!("notice: examples/phones was built without the client feature; binary test skipped");
        return;
    }
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    assert_eq!(stdout.lines().count(), 5, "{stdout}");
    assert!(stdout.starts_with("1. created phone id=\"Ab/Cd+Ef==\""), "{stdout}");
    assert_example_requests(&server);

    let server = Server::start().await;
    server.reply(Canned::json(403, &json!({"error": {"code": "accessDenied", "message": "no"}})));
    let (code, stdout, stderr) = run_example_binary(&binary, &server).await;
    assert_eq!((code, stdout.as_str()), (Some(1), ""), "{stderr}");
    assert!(stderr.contains("1. create failed: Graph returned 403 Forbidden: accessDenied"), "{stderr}");
    assert!(!stderr.contains(TOKEN));

    // A service that stalls, drips or resets: an error and exit 1 well
    // within 30 s each, the create sent once.
    for misbehaviour in [Misbehaviour::Stall, Misbehaviour::Drip, Misbehaviour::Reset] {
        let service = FaultyService::start(misbehaviour).await;
        let started = Instant::now();
        let (code, stdout, stderr) =
            run_example_binary_at(&binary, &service.url, &[("GRAPH_TIMEOUT_SECS", "3")]).await;
        assert_eq!((code, stdout.as_str()), (Some(1), ""), "{misbehaviour:?}: {stderr}");
        assert!(stderr.starts_with("phones: 1. create failed: "), "{misbehaviour:?}: {stderr}");
        assert_eq!(service.requests(), 1, "{misbehaviour:?}");
        assert!(started.elapsed() < Duration::from_secs(30), "{misbehaviour:?}: {:?}", started.elapsed());
    }
}

/// How a [`FaultyService`] fails every request.
#[derive(Clone, Copy, Debug)]
enum Misbehaviour {
    /// Reads the request and never answers.
    Stall,
    /// Sends the headers of a 201, then a byte of its body every 2 s.
    Drip,
    /// Sends the headers and half the body, then resets the connection.
    Reset,
}

/// A service on 127.0.0.1 that accepts connections and misbehaves; counts
/// the requests it read.
struct FaultyService {
    url: String,
    requests: Arc<AtomicUsize>,
    task: tokio::task::JoinHandle<()>,
}

impl FaultyService {
    async fn start(misbehaviour: Misbehaviour) -> FaultyService {
        use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/v1.0", listener.local_addr().unwrap());
        let requests = Arc::new(AtomicUsize::new(0));
        let counted = requests.clone();
        let task = tokio::spawn(async move {
            while let Ok((mut stream, _)) = listener.accept().await {
                let counted = counted.clone();
                tokio::spawn(async move {
                    // The request: headers, then as much body as they announce.
                    let mut read = Vec::new();
                    let mut buffer = [0; 4096];
                    while !read.windows(4).any(|w| w == b"\r\n\r\n") {
                        match stream.read(&mut buffer).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => read.extend_from_slice(&buffer[..n]),
                        }
                    }
                    counted.fetch_add(1, Ordering::SeqCst);
                    let body = br#"{"id":"1","displayName":"Car Phone"}"#;
                    let head = format!("HTTP/1.1 201 Created\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n", body.len());
                    match misbehaviour {
                        Misbehaviour::Stall => tokio::time::sleep(Duration::from_secs(120)).await,
                        Misbehaviour::Drip => {
                            let _ = stream.write_all(head.as_bytes()).await;
                            for byte in body {
                                if stream.write_all(&[*byte]).await.is_err() {
                                    return;
                                }
                                tokio::time::sleep(Duration::from_secs(2)).await;
                            }
                        }
                        Misbehaviour::Reset => {
                            let _ = stream.write_all(head.as_bytes()).await;
                            let _ = stream.write_all(&body[..body.len() / 2]).await;
                            // Linger 0: the close is a reset, not an end of stream
                            // (and does not block, which the deprecation is about).
                            #[allow(deprecated)]
                            let _ = stream.set_linger(Some(Duration::ZERO));
                        }
                    }
                });
            }
        });
        FaultyService { url, requests, task }
    }

    fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }
}

impl Drop for FaultyService {
    fn drop(&mut self) {
        self.task.abort();
    }
}

#[tokio::test]
async fn the_phones_example_gives_up_on_a_stalled_dripping_or_resetting_service_and_creates_once() {
    for misbehaviour in [Misbehaviour::Stall, Misbehaviour::Drip, Misbehaviour::Reset] {
        let service = FaultyService::start(misbehaviour).await;
        let url = service.url.clone();
        let env = move |name: &str| match name {
            "GRAPH_BASE_URL" => Some(url.clone()),
            "GRAPH_TOKEN" => Some(TOKEN.to_owned()),
            "GRAPH_TIMEOUT_SECS" => Some("1".to_owned()),
            _ => None,
        };
        let started = Instant::now();
        let mut out = Vec::new();
        let error = phones_example::run(&env, &mut out).await.unwrap_err().to_string();
        let elapsed = started.elapsed();
        let expected = match misbehaviour {
            Misbehaviour::Stall | Misbehaviour::Drip => {
                "1. create failed: request timed out: POST /me/profile/phones (not sent again: the service may have acted on a POST, check before retrying): no complete answer within 1s"
            }
            Misbehaviour::Reset => "1. create failed: HTTP transport failed: POST /me/profile/phones (not sent again",
        };
        assert!(error.starts_with(expected), "{misbehaviour:?}: {error}");
        assert!(error.contains("not sent again"), "{misbehaviour:?}: {error}");
        assert!(out.is_empty(), "no step got through");
        assert_eq!(service.requests(), 1, "{misbehaviour:?}: the create is sent once");
        assert!(elapsed < Duration::from_secs(15), "{misbehaviour:?}: {elapsed:?}");
    }
}

#[tokio::test]
async fn graph_timeout_secs_must_be_a_positive_number() {
    for bad in ["0", "-1", "soon", ""] {
        let env = |name: &str| match name {
            "GRAPH_TOKEN" => Some(TOKEN.to_owned()),
            "GRAPH_TIMEOUT_SECS" => Some(bad.to_owned()),
            _ => None,
        };
        let error = phones_example::run(&env, &mut Vec::new()).await.unwrap_err().to_string();
        assert!(error.contains("GRAPH_TIMEOUT_SECS"), "{bad}: {error}");
    }
}
