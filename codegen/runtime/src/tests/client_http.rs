//! The client over real HTTP against `loopback` servers: where the token
//! goes, redirects, what a success keeps, paging, item paths on the wire.

use futures_util::TryStreamExt as _;
use http::Method;
use serde_json::json;

use super::loopback::{Canned, Received, Server};
use crate::client::{same_origin, Client, RetryPolicy, Token};
use crate::support::{encode_item_path, Bytes, Error, JsonObject, Page, Request, ResponseKind};

const TOKEN: &str = "runtime-test-5ecret";

fn client(server: &Server) -> Client {
    // The reqwest client `build` makes, without a proxy from the
    // environment: the servers are on loopback.
    let http = Client::http_builder().unwrap().no_proxy().build().unwrap();
    let builder = Client::builder(Token::new(TOKEN)).base_url(server.url());
    builder.retry(RetryPolicy::none()).http_client(http).build().unwrap()
}

fn list(path: &str) -> Request<Page<JsonObject>> {
    Request::new(Method::GET, path.to_owned(), 200, ResponseKind::Json)
}

fn page(ids: &[&str], next_link: Option<String>) -> Canned {
    let value: Vec<_> = ids.iter().map(|id| json!({ "id": id })).collect();
    let mut body = json!({ "value": value });
    if let Some(link) = next_link {
        body["@odata.nextLink"] = json!(link);
    }
    Canned::new(200, body.to_string())
}

fn requests(received: &[Received]) -> Vec<String> {
    received.iter().map(|r| format!("{} {}", r.method, r.path_and_query)).collect()
}

fn bearer() -> String {
    format!("Bearer {TOKEN}")
}

/// Follows one page, then expects the link it gave to be refused.
async fn refused_link(client: &Client, service: &Server, link: String) -> String {
    service.reply(page(&["1"], Some(link)));
    let mut pages = Box::pin(client.pages(list("/users")));
    assert!(pages.try_next().await.unwrap().is_some());
    let Err(Error::InvalidRequest(message)) = pages.try_next().await else { panic!("the link was followed") };
    assert!(pages.try_next().await.unwrap().is_none(), "the stream ends after an error");
    message
}

#[tokio::test]
async fn the_token_never_goes_to_another_host() {
    let service = Server::start();
    let other = Server::start();
    let client = client(&service);

    // Another port, another host name for the same address, another API
    // version, a path that resolves out of the root: none is followed.
    let message = refused_link(&client, &service, format!("{}/users?$skiptoken=x", other.url())).await;
    assert!(message.contains(other.origin()) && message.contains(&service.url()), "{message}");
    let renamed = service.url().replace("127.0.0.1", "localhost");
    refused_link(&client, &service, format!("{renamed}/users?$skiptoken=x")).await;
    refused_link(&client, &service, format!("{}/beta/users", service.origin())).await;
    refused_link(&client, &service, format!("{}/v1.0evil/users", service.origin())).await;
    refused_link(&client, &service, format!("{}/v1.0/%2E%2E/beta/users", service.origin())).await;
    let stored = Request::<JsonObject>::from_link(&format!("{}/me", other.url()));
    assert!(matches!(client.send(stored).await, Err(Error::InvalidRequest(_))));
    assert_eq!(requests(&service.received()), ["GET /v1.0/users"; 5]);
    assert!(service.received().iter().all(|r| r.header("authorization") == Some(&bearer())));

    // A redirect to another origin is followed without the token.
    service.reply(Canned::new(302, "").header("location", format!("{}/download/1", other.origin())));
    other.reply(Canned::new(200, "{}"));
    client
        .send(Request::<JsonObject>::new(Method::GET, "/me".into(), 200, ResponseKind::Json))
        .await
        .unwrap();
    let elsewhere = other.received();
    assert_eq!(requests(&elsewhere), ["GET /download/1"]);
    assert_eq!(elsewhere[0].header("authorization"), None, "{elsewhere:?}");
    assert_eq!(service.received()[5].header("authorization"), Some(&*bearer()));
}

#[tokio::test]
async fn send_response_keeps_the_success_and_paging_still_works() {
    let service = Server::start();
    let client = client(&service);
    let created = Canned::new(201, r#"{"id":"1"}"#)
        .header("etag", "W/\"1\"")
        .header("location", format!("{}/items/1", service.url()))
        .header("set-cookie", "session=5ecret");
    service.reply(created);
    let request = Request::<JsonObject>::new(Method::POST, "/items".into(), 201, ResponseKind::Json);
    let value = client.send_response(request.json_body(&json!({}))).await.unwrap();
    assert_eq!(value.status(), 201);
    assert_eq!(value.headers()["etag"], "W/\"1\"");
    assert_eq!(value.header("location"), Some(&*format!("{}/items/1", service.url())));
    assert!(!format!("{value:?}").contains("5ecret"), "{value:?}");
    assert_eq!(value["id"], "1", "derefs to the value");

    service.reply(page(&["a", "b"], Some(format!("{}/users?$top=2&$skiptoken=p%2F2", service.url()))));
    service.reply(page(&["c"], None));
    let items = client.collect_items(list("/users").top(2)).await.unwrap();
    let ids: Vec<_> = items.iter().map(|item| item["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["a", "b", "c"]);
    let received = service.received();
    assert_eq!(
        (requests(&received[..1]), &received[0].body[..]),
        (vec!["POST /v1.0/items".into()], &b"{}"[..])
    );
    assert_eq!(
        requests(&received[1..]),
        ["GET /v1.0/users?$top=2", "GET /v1.0/users?$top=2&$skiptoken=p%2F2"]
    );
    assert!(received.iter().all(|r| r.header("authorization") == Some(&bearer())));
}

#[tokio::test]
async fn item_paths_go_on_the_wire_as_encoded_and_dot_segments_are_refused() {
    let service = Server::start();
    let client = client(&service);
    let content = |path: &str| {
        let path = format!("/me/drive/root:/{}:/content", encode_item_path(path));
        Request::<Bytes>::new(Method::GET, path, 200, ResponseKind::Bytes)
    };
    service.reply(Canned::new(200, "file"));
    let bytes = client.send(content("/Folder A/file.txt")).await.unwrap();
    assert_eq!(bytes, Bytes(b"file".to_vec()));
    let sent = requests(&service.received());
    assert_eq!(sent, ["GET /v1.0/me/drive/root:/Folder%20A/file.txt:/content"]);
    for path in ["../secret.txt", "a/./b", "a/../../x"] {
        let error = client.send(content(path)).await.unwrap_err();
        assert!(error.to_string().contains("would be sent as"), "{path}: {error}");
    }
    assert_eq!(service.received().len(), 1, "nothing else was sent");
}

fn content(path: &str) -> Request<Bytes> {
    Request::new(Method::GET, path.to_owned(), 200, ResponseKind::Bytes)
}

#[tokio::test]
async fn a_download_redirect_is_followed_without_the_token_and_decoded_as_bytes() {
    let (service, other) = (Server::start(), Server::start());
    let client = client(&service);
    // On the service's own origin, where reqwest would have kept the token;
    // relative, resolved against the URL that answered.
    service.reply(Canned::new(302, "").header("location", "/download/1?tempauth=x"));
    service.reply(Canned::new(200, "file content"));
    let bytes = client.send(content("/me/drive/items/1/content")).await.unwrap();
    assert_eq!(bytes, Bytes(b"file content".to_vec()));
    // Each status, to another origin, over two hops.
    for status in [301, 303, 307, 308] {
        service.reply(Canned::new(status, "").header("location", format!("{}/hop", other.origin())));
        other.reply(Canned::new(302, "").header("location", "download/2"));
        other.reply(Canned::new(200, "more"));
        assert_eq!(client.send(content("/me/photo/$value")).await.unwrap(), Bytes(b"more".to_vec()));
    }
    let received = service.received();
    assert_eq!(
        requests(&received[..2]),
        ["GET /v1.0/me/drive/items/1/content", "GET /download/1?tempauth=x"]
    );
    assert_eq!(requests(&received[2..]), ["GET /v1.0/me/photo/$value"; 4]);
    assert_eq!(requests(&other.received()), ["GET /hop", "GET /download/2"].repeat(4));
    let with_token: Vec<_> = received.iter().map(|r| r.header("authorization") == Some(&bearer())).collect();
    assert_eq!(with_token, [true, false, true, true, true, true]);
    assert!(other.received().iter().all(|r| r.header("authorization").is_none()));
}

#[tokio::test]
async fn redirects_are_bounded_and_followed_for_gets_only() {
    let service = Server::start();
    let client = client(&service);
    for _ in 0..11 {
        service.reply(Canned::new(302, "").header("location", "/v1.0/loop"));
    }
    let error = client.send(content("/loop")).await.unwrap_err();
    assert!(matches!(error, Error::Transport(_)) && error.to_string().contains("10 redirects"), "{error}");
    let received = service.received();
    assert_eq!(received.len(), 11, "the request and ten hops");
    assert!(received[1..].iter().all(|r| r.header("authorization").is_none()));

    // Not followed: a POST's, one without Location, one to another scheme;
    // the caller sees the status and its Location.
    service.reply(Canned::new(302, "").header("location", "/v1.0/elsewhere"));
    let post = Request::<JsonObject>::new(Method::POST, "/items".into(), 201, ResponseKind::Json);
    let Err(Error::Status(error)) = client.send(post.json_body(&json!({}))).await else { panic!() };
    assert_eq!((error.status.as_u16(), error.location()), (302, Some("/v1.0/elsewhere")));
    service.reply(Canned::new(302, ""));
    service.reply(Canned::new(302, "").header("location", "ftp://127.0.0.1/file"));
    for _ in 0..2 {
        let error = client.send(content("/me/photo/$value")).await.unwrap_err();
        assert_eq!(error.status().map(|s| s.as_u16()), Some(302), "{error}");
    }
    assert_eq!(service.received().len(), 14);
}

#[tokio::test]
async fn download_to_streams_the_content_into_a_writer() {
    let (service, other) = (Server::start(), Server::start());
    let client = client(&service);
    service.reply(Canned::new(302, "").header("location", format!("{}/download/3", other.origin())));
    let body = "0123456789".repeat(10_000);
    other.reply(Canned::new(200, body.clone()));
    let mut file = Vec::new();
    let written = client.download_to(content("/me/drive/items/3/content"), &mut file).await.unwrap();
    assert_eq!((written, file), (100_000, body.into_bytes()));
    assert_eq!(other.received()[0].header("authorization"), None);

    service.reply(Canned::new(404, r#"{"error":{"code":"itemNotFound","message":"no"}}"#));
    let mut file = Vec::new();
    let error = client.download_to(content("/me/drive/items/4/content"), &mut file).await.unwrap_err();
    assert_eq!((error.status().map(|s| s.as_u16()), file.len()), (Some(404), 0), "{error}");
}

#[test]
fn the_token_goes_only_to_the_service_roots_origin() {
    let url = |text: &str| reqwest::Url::parse(text).unwrap();
    assert!(same_origin(&url("https://graph.microsoft.com:443/beta/me"), "https://graph.microsoft.com/v1.0"));
    assert!(same_origin(&url("HTTP://LOCALHOST/v1.0/me"), "http://localhost:80/v1.0"));
    for other in [
        "http://graph.microsoft.com/v1.0/me",
        "https://graph.microsoft.com:8443/v1.0/me",
        "https://graph.microsoft.com.evil/v1.0/me",
        "https://sn3302.up.1drv.com/up/x",
    ] {
        assert!(!same_origin(&url(other), "https://graph.microsoft.com/v1.0"), "{other}");
    }
    assert!(!same_origin(&url("https://graph.microsoft.com/v1.0"), "not a url"));
}
