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
