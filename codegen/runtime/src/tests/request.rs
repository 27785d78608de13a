//! Building requests: URLs, query options, headers, bodies, next pages.

use http::header::CONTENT_TYPE;
use http::{Method, StatusCode};
use serde_json::json;

use super::req;
use crate::support::{
    encode_segment, Error, JsonObject, NoContent, Page, QueryOptions, Request, ResponseKind,
};

#[test]
fn query_options_are_typed_and_checked() {
    let list: Request<NoContent> = Request::new(Method::GET, "/me/x".into(), 200, ResponseKind::Json)
        .supports(QueryOptions::TOP | QueryOptions::FILTER | QueryOptions::SEARCH);
    let list = list.top(5).filter("a eq 'b'").search("x y");
    assert_eq!(list.path_and_query(), "/me/x?$top=5&$filter=a%20eq%20%27b%27&$search=%22x%20y%22");
    assert!(list.to_http("https://graph.microsoft.com/v1.0").is_ok());
    let get: Request<NoContent> = Request::new(Method::GET, "/me/x".into(), 200, ResponseKind::Json);
    let Err(Error::InvalidRequest(message)) = get.top(1).to_http("https://graph.microsoft.com/v1.0") else {
        panic!("an undocumented option is an error")
    };
    assert!(message.contains("$top is not documented"), "{message}");
}

#[test]
fn encode_segment_cannot_escape_the_segment() {
    assert_eq!(encode_segment("a/b?c#d"), "a%2Fb%3Fc%23d");
    assert_eq!(encode_segment("50%+1=2"), "50%25%2B1%3D2");
    assert_eq!(encode_segment(".."), "%2E%2E");
    assert_eq!(encode_segment("a b/é"), "a%20b%2F%C3%A9");
    assert_eq!(encode_segment("AZaz09-_~"), "AZaz09-_~");
}

#[test]
fn to_http_builds_url_headers_and_body() {
    let path = format!("/users/{}/events", encode_segment("a/b"));
    let request = Request::<NoContent>::new(Method::POST, path, 201, ResponseKind::Empty)
        .query("$filter", "name eq 'a&b'")
        .query("$top", "5")
        .header("Authorization", "Bearer secret")
        .json_body(&json!({"a": 1}));
    let url = "/users/a%2Fb/events?$filter=name%20eq%20%27a%26b%27&$top=5";
    assert_eq!(request.path_and_query(), url);
    let http = request.to_http("https://graph.microsoft.com/v1.0/").unwrap();
    assert_eq!(http.uri().to_string(), format!("https://graph.microsoft.com/v1.0{url}"));
    assert_eq!(http.method(), Method::POST);
    assert_eq!(http.headers()[CONTENT_TYPE], "application/json");
    assert_eq!((http.body(), request.body()), (&br#"{"a":1}"#.to_vec(), Some(&b"{\"a\":1}"[..])));
    assert!(!format!("{request:?}").contains("secret"));
    assert_eq!(request.expected_status(), StatusCode::CREATED);
}

#[test]
fn next_page_follows_the_link_on_the_same_host_only() {
    let base = "https://graph.microsoft.com/v1.0";
    let first = req::<Page<JsonObject>>(200, ResponseKind::Json)
        .query("$top", "2")
        .header("ConsistencyLevel", "eventual");
    assert!(first.next_page(&Page::default()).is_none());
    let link = Some(format!("{base}/me?$top=2&$skiptoken=X"));
    let mut page = Page { next_link: link, ..Page::default() };
    let next = first.next_page(&page).unwrap().query("$count", "true");
    let http = next.to_http(&format!("{base}/")).unwrap();
    assert_eq!(http.uri().to_string(), format!("{base}/me?$top=2&$skiptoken=X&$count=true"));
    assert_eq!(http.method(), Method::GET);
    assert_eq!(http.headers()["consistencylevel"], "eventual");
    assert!(next.to_http("https://graph.microsoft.us/v1.0").is_err());
    assert!(next.to_http("http://graph.microsoft.com/v1.0").is_err());
    page.next_link = Some("/me?$skiptoken=X".into());
    assert!(first.next_page(&page).unwrap().to_http(base).is_err());
}

#[test]
fn bad_input_is_an_error_not_a_panic() {
    let base = "https://graph.microsoft.com/v1.0";
    let get = || req::<NoContent>(204, ResponseKind::Empty);
    let bad_header = get().header("Authorization", "Bearer secret\n");
    let message = bad_header.to_http(base).unwrap_err().to_string();
    assert!(message.contains("Authorization") && !message.contains("secret"));
    assert!(get().header("bad name", "v").to_http(base).is_err());
    assert!(get().bytes_body("a\nb", vec![]).to_http(base).is_err());
    let bad_key = std::collections::HashMap::from([(vec![1u8], 1)]);
    assert!(get().json_body(&bad_key).to_http(base).is_err());
    assert!(get().to_http("not a url").is_err() && get().to_http("").is_err());
    assert!(req::<NoContent>(7, ResponseKind::Empty).to_http(base).is_err());
    let relative = Request::<NoContent>::new(Method::GET, "me".into(), 200, ResponseKind::Empty);
    assert!(relative.to_http(base).is_err());
}
