//! Collection pages: the known members typed, every other member kept, and
//! the page re-encoded as it came.

use serde_json::json;

use super::ItemPhone;
use crate::support::{Field, Page};

#[test]
fn members_are_typed_and_the_rest_is_kept() {
    let text = r#"{
      "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#phones",
      "@odata.count": 2,
      "value": [{ "displayName": "Desk" }, { "displayName": "Home", "extra": [1] }],
      "@odata.nextLink": "https://graph.microsoft.com/v1.0/phones?$skiptoken=x",
      "@custom.annotation": { "a": null }
    }"#;
    let page: Page<ItemPhone> = serde_json::from_str(text).unwrap();
    assert_eq!(page.count, Some(2));
    assert_eq!(page.next_link(), Some("https://graph.microsoft.com/v1.0/phones?$skiptoken=x"));
    assert_eq!(page.delta_link(), None);
    assert_eq!(page.value[1].display_name, Field::Value("Home".to_owned()));
    let mut kept: Vec<&str> = page.additional_properties.keys().map(String::as_str).collect();
    kept.sort_unstable();
    assert_eq!(kept, ["@custom.annotation", "@odata.context"]);
    let original: serde_json::Value = serde_json::from_str(text).unwrap();
    assert_eq!(serde_json::to_value(&page).unwrap(), original);
}

#[test]
fn a_page_without_items_or_with_null_links_is_empty() {
    let page: Page<ItemPhone> = serde_json::from_value(json!({ "@odata.nextLink": null })).unwrap();
    assert!(page.value.is_empty());
    assert_eq!(page.next_link(), None);
}

#[test]
fn a_page_must_be_an_object_with_items_of_the_type() {
    assert!(serde_json::from_str::<Page<ItemPhone>>("[]").is_err());
    assert!(serde_json::from_str::<Page<ItemPhone>>(r#"{"value": 3}"#).is_err());
}
