//! Decoding responses: success kinds and Graph errors.

use http::header::HeaderValue;
use http::StatusCode;

use super::req;
use crate::support::{Bytes, Error, JsonObject, NoContent, Page, ResponseKind};

fn response(status: u16, body: &str) -> http::Response<&[u8]> {
    let mut response = http::Response::new(body.as_bytes());
    *response.status_mut() = StatusCode::from_u16(status).unwrap();
    response
}

#[test]
fn decode_graph_error() {
    let body = r#"{"error":{"code":"itemNotFound","message":"Not found",
        "innerError":{"request-id":"inner-id","date":"2024-01-01T00:00:00"}}}"#;
    let mut resp = response(404, body);
    resp.headers_mut().insert("request-id", HeaderValue::from_static("header-id"));
    resp.headers_mut().insert("retry-after", HeaderValue::from_static("7"));
    let request = req::<JsonObject>(200, ResponseKind::Json);
    let Err(Error::Status(e)) = request.decode(resp) else { panic!() };
    assert_eq!(e.status, StatusCode::NOT_FOUND);
    assert_eq!(e.error.as_ref().map(|g| g.code.as_str()), Some("itemNotFound"));
    assert_eq!((e.request_id(), e.request_id.as_deref()), (Some("inner-id"), Some("header-id")));
    assert_eq!(e.retry_after, Some(std::time::Duration::from_secs(7)));
    let text = "Graph returned 404 Not Found: itemNotFound: Not found (request-id inner-id)";
    assert_eq!(e.to_string(), text);
    let Err(Error::Status(e)) = request.decode(response(500, "<html>")) else { panic!() };
    assert!(e.error.is_none() && e.request_id().is_none());
}

#[test]
fn decode_success_kinds() {
    let json = req::<Page<JsonObject>>(200, ResponseKind::Json);
    let body = r#"{"value":[{}],"@odata.nextLink":"https://n","@odata.count":3}"#;
    let page = json.decode(response(200, body)).unwrap();
    assert_eq!((page.value.len(), page.next_link(), page.count), (1, Some("https://n"), Some(3)));
    let last = json.decode(response(200, r#"{"value":[],"@odata.deltaLink":"https://d"}"#)).unwrap();
    assert_eq!((last.delta_link(), last.next_link()), (Some("https://d"), None));
    assert!(last.additional_properties.is_empty());
    let malformed = json.decode(response(200, "{\"value\":["));
    assert!(matches!(malformed, Err(Error::Decode { .. })));
    assert_eq!(json.decode(response(302, "")).unwrap_err().status(), Some(StatusCode::FOUND));
    let empty = req::<NoContent>(204, ResponseKind::Empty);
    assert_eq!(empty.decode(response(200, "{\"ignored\":1}")).unwrap(), NoContent);
    let optional = req::<Option<JsonObject>>(200, ResponseKind::Json);
    assert_eq!(optional.decode(response(204, "")).unwrap(), None);
    let raw = req::<Bytes>(200, ResponseKind::Bytes);
    assert_eq!(raw.decode(response(200, "\u{0}ab")).unwrap(), Bytes(b"\0ab".to_vec()));
    let wrong = req::<JsonObject>(200, ResponseKind::Bytes).decode(response(200, "a"));
    assert!(matches!(wrong, Err(Error::Decode { .. })));
}

#[test]
fn successes_keep_their_status_and_headers() {
    let mut resp = response(202, "");
    resp.headers_mut().insert("location", HeaderValue::from_static("https://graph.test/monitor/1"));
    resp.headers_mut().insert("set-cookie", HeaderValue::from_static("session=secret"));
    let value = req::<NoContent>(202, ResponseKind::Empty).decode_response(resp).unwrap();
    assert_eq!(value.status(), StatusCode::ACCEPTED);
    assert_eq!(value.header("location"), Some("https://graph.test/monitor/1"));
    assert!(!format!("{value:?}").contains("secret"));
    let (status, headers, inner) = value.into_parts();
    assert_eq!((status.as_u16(), headers.len(), inner), (202, 2, NoContent));
    let page =
        req::<Page<JsonObject>>(200, ResponseKind::Json).decode_response(response(200, r#"{"value":[]}"#));
    assert!(page.unwrap().value.is_empty(), "derefs to the value");

    let mut resp = response(200, r#"{"id":"1"}"#);
    resp.headers_mut().insert("etag", HeaderValue::from_static("W/\"7\""));
    resp.headers_mut().insert("authorization", HeaderValue::from_static("Bearer hidden-token"));
    resp.headers_mut().append("set-cookie", HeaderValue::from_static("a=hidden-cookie"));
    let value = req::<JsonObject>(200, ResponseKind::Json).decode_response(resp).unwrap();
    assert_eq!(
        (value.status(), &value.headers()["etag"]),
        (StatusCode::OK, &HeaderValue::from_static("W/\"7\""))
    );
    assert!(value.headers()["authorization"].is_sensitive() && value.headers()["set-cookie"].is_sensitive());
    assert!(!value.headers()["etag"].is_sensitive());
    let debug = format!("{value:?}");
    assert!(debug.contains("etag") && !debug.contains("hidden"), "{debug}");
    assert_eq!(value.into_inner()["id"], "1");
    // `decode` is `decode_response` without the status and headers.
    let decoded = req::<JsonObject>(200, ResponseKind::Json).decode(response(201, r#"{"id":"2"}"#));
    assert_eq!(decoded.unwrap()["id"], "2");
}

#[test]
fn errors_keep_their_headers() {
    let mut resp = response(302, "");
    resp.headers_mut().insert("location", HeaderValue::from_static("https://download.test/file?sig=1"));
    resp.headers_mut().insert("www-authenticate", HeaderValue::from_static("Bearer secret"));
    resp.headers_mut().insert("set-cookie", HeaderValue::from_static("session=secret"));
    resp.headers_mut().insert("authorization", HeaderValue::from_static("Bearer secret"));
    resp.headers_mut().insert("request-id", HeaderValue::from_static("r-1"));
    let Err(Error::Status(e)) = req::<Bytes>(200, ResponseKind::Bytes).decode(resp) else { panic!() };
    assert_eq!(e.status, StatusCode::FOUND);
    assert_eq!(e.location(), Some("https://download.test/file?sig=1"));
    assert_eq!(e.headers().len(), 5);
    assert_eq!(e.headers()["request-id"], "r-1");
    let text = format!("{e:?} {e} {:?} {}", Error::Status(e.clone()), Error::Status(e.clone()));
    assert!(text.contains("r-1") && !text.contains("secret"), "{text}");
    let Err(Error::Status(e)) = req::<NoContent>(204, ResponseKind::Empty).decode(response(404, "")) else {
        panic!()
    };
    assert_eq!((e.location(), e.headers().len()), (None, 0));
}
