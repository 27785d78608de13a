//! `Field`: its states, its helpers, and values of the wrong type.

use serde_json::json;

use super::{phone, ItemPhone, PhoneType};
use crate::support::{mismatched_values, Field, Page, WireEnum};

#[test]
fn field_keeps_absent_null_value_and_unknown_keys() {
    let absent = phone("{}");
    assert!(absent.display_name.is_absent() && absent.kind.is_absent());
    assert!(phone(r#"{"displayName":null}"#).display_name.is_null());
    let full = phone(r#"{"displayName":"x","number":null}"#);
    assert_eq!(full.display_name.value().map(String::as_str), Some("x"));
    assert_eq!(full.additional_properties["number"], json!(null));
    let typed = phone(r#"{"type":"home","x":[1]}"#);
    assert_eq!(typed.kind, Field::Value(PhoneType::Home));
    assert_eq!(phone(r#"{"type":"fax"}"#).kind.value().map(PhoneType::as_str), Some("fax"));
}

#[test]
fn a_value_of_the_wrong_type_is_kept_raw() {
    let before = mismatched_values();
    let text = r#"{"displayName":7,"type":"home"}"#;
    let phone: ItemPhone = serde_json::from_str(text).unwrap();
    assert_eq!(phone.display_name, Field::mismatch(json!(7)));
    assert_eq!(phone.display_name.value(), None);
    assert_eq!(serde_json::to_string(&phone).unwrap(), text);
    assert!(mismatched_values() > before);
}

#[test]
fn field_helpers() {
    let f: Field<u8> = 3.into();
    assert!(f.is_value());
    assert_eq!(f.as_ref().map(|v| v + 1), Field::Value(4));
    assert_eq!(f.into_value(), Some(3));
    assert_eq!(Field::<u8>::from_option(None), Field::Null);
    assert_eq!(Field::<u8>::Null.into_value(), None);
    let name: Field<String> = "Car Phone".into();
    assert_eq!(name, Field::Value("Car Phone".to_owned()));
    // No `T: Default` bound: open enums have no Default.
    assert!(Field::<PhoneType>::default().is_absent());
    assert!(Page::<PhoneType>::default().value.is_empty());
}

#[test]
fn options_set_what_is_some_and_clear_what_is_none() {
    let mut changes = ItemPhone { display_name: Some("Car Phone".to_owned()).into(), ..ItemPhone::default() };
    assert_eq!(changes.display_name, Field::Value("Car Phone".to_owned()));
    let kind: Option<PhoneType> = None;
    changes.kind = kind.into();
    // None is an explicit null, which clears the property in a PATCH body.
    assert_eq!(serde_json::to_value(&changes).unwrap(), json!({"displayName": "Car Phone", "type": null}));
    // A bare `None` infers: `From<Option<&str>>` would make it ambiguous.
    changes.display_name = None.into();
    assert!(changes.display_name.is_null());
    // An absent field (the default) is not sent: the property stays as it is.
    assert_eq!(serde_json::to_value(ItemPhone::default()).unwrap(), json!({}));
}

#[test]
fn from_json_follows_the_decoding_rule() {
    let before = mismatched_values();
    assert_eq!(Field::<i32>::from_json(json!(null)), Field::Null);
    assert_eq!(Field::<i32>::from_json(json!(4)), Field::Value(4));
    assert_eq!(Field::<i32>::from_json(json!("4")), Field::mismatch(json!("4")));
    assert_eq!(Field::<Vec<PhoneType>>::from_json(json!(["home"])), Field::Value(vec![PhoneType::Home]));
    assert!(mismatched_values() > before);
}
