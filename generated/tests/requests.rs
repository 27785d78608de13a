//! Hand-written tests of the generated phones API (the generator never
//! touches this file): what a caller builds is exactly what goes on the
//! wire, and what the service returns decodes without loss.
#![cfg(feature = "people")]

use graph_api::models::{ItemPhone, PhoneType};
use graph_api::requests::{
    item_phone::{DeleteItemPhone, GetItemPhone, UpdateItemPhone},
    profile::{CreateItemPhone, ListPhones},
};
use graph_api::support::{Error, Field, WireEnum};
use serde_json::{json, Value};

fn body_json<T>(request: &graph_api::support::Request<T>) -> Value {
    serde_json::from_slice(request.body().expect("a body")).unwrap()
}

/// A phone built field by field, as without setters.
fn car_phone() -> ItemPhone {
    let mut phone = ItemPhone::default();
    phone.display_name = "Car Phone".to_owned().into();
    phone.number = "+7 499 342 22 13".to_owned().into();
    phone.r#type = PhoneType::Mobile.into();
    phone
}

#[test]
fn create_sends_only_what_was_set() {
    let request = CreateItemPhone::me().body(&car_phone());
    assert_eq!(request.method(), "POST");
    assert_eq!(request.path(), "/me/profile/phones");
    assert_eq!(request.expected_status(), 201);
    assert_eq!(
        body_json(&request),
        json!({"displayName": "Car Phone", "number": "+7 499 342 22 13", "type": "mobile"})
    );
    let http = request.to_http("https://graph.microsoft.com/v1.0").unwrap();
    assert_eq!(http.uri(), "https://graph.microsoft.com/v1.0/me/profile/phones");
    assert_eq!(http.headers()["content-type"], "application/json");
}

#[test]
fn a_body_built_in_place_sends_the_same_bytes() {
    let assigned = CreateItemPhone::me().body(&car_phone());
    let built = CreateItemPhone::me().body_with(|phone| {
        phone.with_display_name("Car Phone").with_number("+7 499 342 22 13").with_type(PhoneType::Mobile)
    });
    assert_eq!(built.body(), assigned.body());
    assert_eq!(built.headers(), assigned.headers());
    // `None` clears, as a PATCH needs: a setter takes an `Option`.
    let change = ItemPhone::default().with_display_name("Work Car Phone").with_number(None);
    let request = UpdateItemPhone::me("abc").body(&change);
    assert_eq!(request.body().unwrap(), br#"{"displayName":"Work Car Phone","number":null}"#);
}

#[test]
fn patch_sends_null_to_clear_and_omits_the_rest() {
    let mut phone = ItemPhone::default();
    phone.display_name = "Work Car Phone".to_owned().into();
    phone.number = Field::Null;
    let request = UpdateItemPhone::me("abc").body(&phone);
    assert_eq!(request.method(), "PATCH");
    assert_eq!(request.body().unwrap(), br#"{"displayName":"Work Car Phone","number":null}"#);
}

#[test]
fn ids_cannot_change_the_target() {
    for (id, encoded) in [
        ("a/b", "a%2Fb"),
        ("a?b#c%d", "a%3Fb%23c%25d"),
        ("Cf4Q3h0ZTkK+Z9e/Tu1u6w==", "Cf4Q3h0ZTkK%2BZ9e%2FTu1u6w%3D%3D"),
        ("..", "%2E%2E"),
    ] {
        let request = GetItemPhone::user("me@contoso.com", id);
        assert_eq!(request.path(), format!("/users/me%40contoso.com/profile/phones/{encoded}"));
        let http = request.to_http("https://graph.microsoft.com/v1.0/").unwrap();
        assert_eq!(http.uri().path().matches('/').count(), 6, "{}", http.uri());
        assert_eq!(http.uri().query(), None);
    }
}

#[test]
fn both_documented_paths_are_usable() {
    assert_eq!(ListPhones::me().path(), "/me/profile/phones");
    assert_eq!(ListPhones::user("42").path(), "/users/42/profile/phones");
    assert_eq!(DeleteItemPhone::user("42", "7").method(), "DELETE");
    assert_eq!(DeleteItemPhone::me("7").expected_status(), 204);
}

#[test]
fn absent_null_unknown_and_annotations_survive_a_round_trip() {
    let text = json!({
        "@odata.type": "#microsoft.graph.itemPhone",
        "@odata.etag": "W/\"5\"",
        "id": "1",
        "inference": null,
        "type": "satellite",
        "displayName": "Sat",
        "notInTheDocs": {"nested": [1, 2.5, "x"]}
    });
    let phone: ItemPhone = serde_json::from_value(text.clone()).unwrap();
    assert!(phone.inference.is_null());
    assert!(phone.number.is_absent());
    assert_eq!(phone.r#type.value().map(WireEnum::as_str), Some("satellite"));
    assert!(phone.additional_properties.contains_key("@odata.type"));
    assert_eq!(serde_json::to_value(&phone).unwrap(), text);
}

#[test]
fn list_pages_decode_with_their_next_link() {
    let request = ListPhones::me();
    let body = json!({
        "value": [{"id": "1", "type": "home"}, {"id": "2"}],
        "@odata.nextLink": "https://graph.microsoft.com/v1.0/me/profile/phones?$skiptoken=X"
    });
    let response = http::Response::builder().status(200).body(serde_json::to_vec(&body).unwrap()).unwrap();
    let page = request.decode(response).unwrap();
    assert_eq!(page.value.len(), 2);
    assert_eq!(page.value[0].r#type, Field::Value(PhoneType::Home));
    assert_eq!(page.next_link(), Some("https://graph.microsoft.com/v1.0/me/profile/phones?$skiptoken=X"));
}

#[test]
fn errors_decode_into_the_graph_error() {
    let request = GetItemPhone::me("missing");
    let body = br#"{"error": {"code": "itemNotFound", "message": "Not found", "innerError": {"request-id": "r-1", "date": "2021-07-06T06:34:12"}}}"#;
    let response = http::Response::builder().status(404).header("request-id", "r-1").body(&body[..]).unwrap();
    let Err(Error::Status(status)) = request.decode(response) else { panic!("expected a status error") };
    assert_eq!(status.status, 404);
    let error = status.error.as_ref().unwrap();
    assert_eq!((error.code.as_str(), error.message.as_str()), ("itemNotFound", "Not found"));
    assert_eq!(status.request_id(), Some("r-1"));
}

#[test]
fn malformed_success_bodies_are_decode_errors() {
    let request = GetItemPhone::me("x");
    let response = http::Response::builder().status(200).body(&b"{not json"[..]).unwrap();
    assert!(matches!(request.decode(response), Err(Error::Decode { .. })));
    let delete = DeleteItemPhone::me("x");
    let response = http::Response::builder().status(204).body(&b""[..]).unwrap();
    assert!(delete.decode(response).is_ok());
}

#[test]
fn query_options_are_typed_and_never_refused() {
    let request = ListPhones::me()
        .top(10)
        .filter("type eq 'mobile'")
        .order_by(&["displayName"])
        .select(&["id", "number"]);
    assert_eq!(
        request.path_and_query(),
        "/me/profile/phones?$top=10&$filter=type%20eq%20%27mobile%27&$orderby=displayName&$select=id%2Cnumber"
    );
    assert!(request.to_http("https://graph.microsoft.com/v1.0").is_ok());
    // The get page documents only `$select`; `$expand` is sent all the same
    // (collection options such as `top` exist only on collection requests).
    let get = GetItemPhone::me("1").select(&["id"]).expand(&["x"]);
    assert_eq!(get.path_and_query(), "/me/profile/phones/1?$select=id&$expand=x");
    assert!(get.to_http("https://graph.microsoft.com/v1.0").is_ok());
}
