//! Building requests: URLs, query options, headers, bodies, next pages.

use http::header::CONTENT_TYPE;
use http::{Method, StatusCode};
use serde_json::json;

use super::req;
use crate::support::{
    encode_item_path, encode_quoted, encode_segment, ConsistencyLevel, Error, JsonObject, NoContent, Page,
    Request, ResponseKind,
};

#[test]
fn collection_options_send_what_their_docs_say() {
    let list: Request<Page<JsonObject>> = Request::new(Method::GET, "/users".into(), 200, ResponseKind::Json);
    let list = list.expand(&["manager"]).order_by(&["displayName desc", "id"]).skip(10).count(false);
    let list = list.search("say \"hi\"");
    let expected = "/users?$expand=manager&$orderby=displayName%20desc%2Cid&$skip=10&$count=false\
                    &$search=%22say%20%5C%22hi%5C%22%22";
    assert_eq!(list.path_and_query(), expected);
    // The same option twice is sent twice: the service, not the builder, decides.
    let twice = req::<Page<JsonObject>>(200, ResponseKind::Json).top(1).top(2);
    assert_eq!(twice.path_and_query(), "/me?$top=1&$top=2");
}

#[test]
fn every_get_takes_the_odata_options() {
    // The docs list the options a page was tested with, not the ones the
    // service refuses: none is an error.
    let list: Request<Page<JsonObject>> = Request::new(Method::GET, "/users".into(), 200, ResponseKind::Json);
    let list = list.select(&["id", "displayName"]).top(5).filter("a eq 'b'").search("x y").count(true);
    assert_eq!(
        list.path_and_query(),
        "/users?$select=id%2CdisplayName&$top=5&$filter=a%20eq%20%27b%27&$search=%22x%20y%22&$count=true"
    );
    assert!(list.to_http("https://graph.microsoft.com/v1.0").is_ok());
    let single: Request<NoContent> = Request::new(Method::GET, "/me".into(), 200, ResponseKind::Json);
    assert_eq!(single.expand(&["manager"]).path_and_query(), "/me?$expand=manager");
}

#[test]
fn documented_headers_have_setters() {
    let request = req::<NoContent>(200, ResponseKind::Empty)
        .consistency_level(ConsistencyLevel::Eventual)
        .consistency_level(ConsistencyLevel::Eventual)
        .prefer("outlook.timezone=\"Pacific Standard Time\"")
        .prefer("return=minimal")
        .if_match("W/\"1\"")
        .if_match("W/\"2\"")
        .if_none_match("*");
    let http = request.to_http("https://graph.microsoft.com/v1.0").unwrap();
    let all =
        |name: &str| http.headers().get_all(name).iter().map(|v| v.to_str().unwrap()).collect::<Vec<_>>();
    assert_eq!(all("consistencylevel"), ["eventual"]);
    assert_eq!(all("prefer"), ["outlook.timezone=\"Pacific Standard Time\"", "return=minimal"]);
    assert_eq!(all("if-match"), ["W/\"2\""]);
    assert_eq!(all("if-none-match"), ["*"]);
    assert!(req::<NoContent>(200, ResponseKind::Empty).if_match("a\nb").to_http("https://x.test").is_err());
    let bad = req::<NoContent>(200, ResponseKind::Empty).if_none_match("\r").prefer("ok");
    assert!(matches!(bad.to_http("https://x.test"), Err(Error::InvalidRequest(_))));
    assert!(req::<NoContent>(200, ResponseKind::Empty).prefer("a\0").to_http("https://x.test").is_err());
    // A generic header of the same name is replaced by the typed setter.
    let replaced = req::<NoContent>(200, ResponseKind::Empty)
        .header("ConsistencyLevel", "session")
        .header("If-Match", "a")
        .consistency_level(ConsistencyLevel::Eventual)
        .if_match("b");
    let http = replaced.to_http("https://x.test").unwrap();
    assert_eq!(http.headers().get_all("consistencylevel").iter().collect::<Vec<_>>(), ["eventual"]);
    assert_eq!(http.headers().get_all("if-match").iter().collect::<Vec<_>>(), ["b"]);
}

#[test]
fn item_paths_keep_slashes_and_quoted_arguments_double_quotes() {
    assert_eq!(encode_item_path("/Folder A/file.txt"), "Folder%20A/file.txt");
    assert_eq!(encode_item_path("a//b/"), "a/b");
    assert_eq!(encode_item_path("../x:y?"), "%2E%2E/x%3Ay%3F");
    // Dot-segments and empty parts cannot escape: `.` is encoded as in a
    // segment, empty parts are dropped, a `/` inside a part is impossible.
    assert_eq!(encode_item_path("a/./b/../c"), "a/%2E/b/%2E%2E/c");
    assert_eq!(encode_item_path("./"), "%2E");
    assert_eq!((encode_item_path("/"), encode_item_path("")), (String::new(), String::new()));
    assert_eq!(encode_item_path("a/b%2Fc#"), "a/b%252Fc%23");
    for path in ["x/y z", "../..", "é/?/#"] {
        let parts: Vec<String> = path.split('/').map(encode_segment).collect();
        assert_eq!(encode_item_path(path), parts.join("/"), "as encode_segment does, part by part");
    }
    assert_eq!(encode_quoted("O'Neil A1"), "O%27%27Neil%20A1");
    assert_eq!(encode_quoted("''"), "%27%27%27%27");
    // The `/`s are escaped, so its dots are inside one segment.
    assert_eq!(encode_quoted("a/../b"), "a%2F..%2Fb");
    assert_eq!(encode_quoted("Sheet1!A1:B2"), "Sheet1%21A1%3AB2");
}

#[test]
fn bytes_bodies_take_the_callers_content_type() {
    let content_type = String::from("text/plain; charset=utf-8");
    let request = req::<NoContent>(200, ResponseKind::Empty).bytes_body(&content_type, "hello");
    let http = request.to_http("https://graph.microsoft.com/v1.0").unwrap();
    assert_eq!(http.headers()[CONTENT_TYPE], "text/plain; charset=utf-8");
    assert_eq!(http.body(), b"hello");
    // Any `Into<Vec<u8>>`; a second body replaces the first and its type.
    let request = req::<NoContent>(200, ResponseKind::Empty)
        .bytes_body("image/png", vec![0x89, b'P'])
        .bytes_body("application/octet-stream", &b"\0\xff"[..]);
    let http = request.to_http("https://graph.microsoft.com/v1.0").unwrap();
    assert_eq!(http.headers().get_all(CONTENT_TYPE).iter().collect::<Vec<_>>(), ["application/octet-stream"]);
    assert_eq!(http.body(), b"\0\xff");
    // An invalid content type is a builder error naming it, not a panic.
    let invalid = req::<NoContent>(200, ResponseKind::Empty).bytes_body("text/plain\r\nX-Evil: 1", "x");
    let Err(Error::InvalidRequest(message)) = invalid.to_http("https://graph.microsoft.com/v1.0") else {
        panic!("an invalid content type was accepted")
    };
    assert!(message.contains("content type"), "{message}");
}

#[test]
fn links_must_stay_under_the_service_root() {
    let base = "https://graph.microsoft.com/v1.0";
    let link = |url: &str| Request::<Page<JsonObject>>::from_link(url).to_http(base);
    assert!(link("https://graph.microsoft.com/v1.0/users/delta()?$deltatoken=X").is_ok());
    assert!(link("https://graph.microsoft.com:443/v1.0/users?$skiptoken=X").is_ok());
    assert!(link("https://GRAPH.microsoft.com/v1.0/users").is_ok());
    for bad in [
        "https://graph.microsoft.com/beta/users",
        "https://graph.microsoft.com/v1.0evil/users",
        "https://graph.microsoft.com:8443/v1.0/users",
        "http://graph.microsoft.com/v1.0/users",
        "https://evil.example/v1.0/users",
    ] {
        let Err(Error::InvalidRequest(message)) = link(bad) else { panic!("{bad} was accepted") };
        assert!(message.contains(base), "{message}");
    }
    assert!(Request::<Page<JsonObject>>::from_link("https://graph.microsoft.com/users")
        .to_http(base)
        .is_err());
    // The message names the link's origin and the service root.
    let Err(Error::InvalidRequest(message)) = link("https://evil.example:8443/v1.0/users?$skiptoken=s")
    else {
        panic!("another host was accepted")
    };
    assert!(message.contains("https://evil.example:8443") && message.contains(base), "{message}");
    assert!(!message.contains("skiptoken"), "the query may carry a token: {message}");
    // Dot-segments, literal or encoded, could be resolved out of the root.
    for bad in [
        "https://graph.microsoft.com/v1.0/../beta/users",
        "https://graph.microsoft.com/v1.0/%2E%2E/beta/users",
        "https://graph.microsoft.com/v1.0/users/%2e./x",
        "https://graph.microsoft.com/v1.0/./users",
    ] {
        assert!(link(bad).is_err(), "{bad} was accepted");
    }
    assert!(link("https://graph.microsoft.com/v1.0/users/a%2E%2Eb/..x").is_ok());
    // A missing port is the scheme's default, on either side.
    let on = |link: &str, base: &str| Request::<JsonObject>::from_link(link).to_http(base).is_ok();
    assert!(on("https://graph.microsoft.com/v1.0/me", "https://graph.microsoft.com:443/v1.0/"));
    assert!(on("http://127.0.0.1:80/v1.0/me", "http://127.0.0.1/v1.0"));
    assert!(!on("http://127.0.0.1:443/v1.0/me", "http://127.0.0.1/v1.0"));
    assert!(!on("https://127.0.0.1/v1.0/me", "http://127.0.0.1:443/v1.0"));
    assert!(on("http://127.0.0.1:8080/anything", "http://127.0.0.1:8080"));
    // A link that is not absolute, or not a URL, is an error.
    let Err(Error::InvalidRequest(message)) = link("/v1.0/users?$skiptoken=x") else { panic!() };
    assert!(message.contains("absolute"), "{message}");
    assert!(link("https://graph.microsoft.com/v1.0/a b").is_err());
}

#[test]
fn from_link_is_a_get_of_the_link_as_is() {
    let link = "https://graph.microsoft.com/v1.0/users/delta()?$deltatoken=a%2Fb";
    let request = Request::<Page<JsonObject>>::from_link(link);
    assert_eq!((request.method(), request.path()), (&Method::GET, link));
    assert_eq!(request.expected_status(), StatusCode::OK);
    let http = request.to_http("https://graph.microsoft.com/v1.0").unwrap();
    assert_eq!(http.uri().to_string(), link);
    assert!(http.body().is_empty() && http.headers().is_empty());
    let page = Request::<Page<JsonObject>>::from_link(link).decode(http::Response::new(r#"{"value":[{}]}"#));
    assert_eq!(page.unwrap().value.len(), 1);
}

#[test]
fn encode_segment_cannot_escape_the_segment() {
    assert_eq!(encode_segment("a/b?c#d"), "a%2Fb%3Fc%23d");
    assert_eq!(encode_segment("50%+1=2"), "50%25%2B1%3D2");
    assert_eq!(encode_segment(".."), "%2E%2E");
    assert_eq!(encode_segment("."), "%2E");
    // Dots elsewhere cannot form a dot-segment, so they stay, as in the docs.
    assert_eq!(encode_segment("adele@contoso.com"), "adele%40contoso.com");
    assert_eq!(encode_segment("a..b"), "a..b");
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

#[test]
fn a_body_chains_on_the_request_that_needs_it() {
    use super::ItemPhone;
    use crate::support::{NeedsBody, RawContent};
    let create = || NeedsBody::<NoContent, ItemPhone>::new(req(201, ResponseKind::Empty));
    let phone = ItemPhone { display_name: "Car Phone".into(), ..ItemPhone::default() };
    let sent = create().body(&phone).prefer("return=minimal");
    assert_eq!(sent.body(), Some(&br#"{"displayName":"Car Phone"}"#[..]));
    assert_eq!(sent.headers()[CONTENT_TYPE], "application/json");
    assert_eq!(sent.headers()["prefer"], "return=minimal");
    // Built in place from the default: the same bytes.
    let built = create().body_with(|mut p| {
        p.display_name = "Car Phone".into();
        p
    });
    assert_eq!(built.body(), sent.body());

    let upload = NeedsBody::<NoContent, RawContent>::new(req(201, ResponseKind::Empty));
    let upload = upload.content("text/plain", b"hello".to_vec());
    assert_eq!(upload.body(), Some(&b"hello"[..]));
    assert_eq!(upload.headers()[CONTENT_TYPE], "text/plain");
    let bad =
        NeedsBody::<NoContent, RawContent>::new(req(201, ResponseKind::Empty)).content("a\nb", Vec::new());
    assert!(
        matches!(bad.to_http("https://graph.microsoft.com/v1.0"), Err(Error::InvalidRequest(_))),
        "{bad:?}"
    );
}
