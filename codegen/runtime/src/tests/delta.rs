//! Delta pages: changed items typed as the resource, removals typed, and
//! both re-encoded as they came.

use serde_json::json;

use super::ItemPhone;
use crate::support::{Delta, DeltaPage, Field, Removed, RemovedReason};

const PAGE: &str = r##"{
  "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#phones",
  "@odata.deltaLink": "https://graph.microsoft.com/v1.0/phones/delta?$deltatoken=abc",
  "value": [
    { "displayName": "Desk", "type": "business" },
    { "@odata.type": "#microsoft.graph.itemPhone", "id": "7", "@removed": { "reason": "changed" } },
    { "id": "8", "@removed": { "reason": "deleted" } },
    { "id": "9", "@removed": { "reason": "archived", "since": "2026-01-01" } }
  ]
}"##;

#[test]
fn removals_are_typed_and_changes_are_the_resource() {
    let page: DeltaPage<ItemPhone> = serde_json::from_str(PAGE).unwrap();
    assert_eq!(page.delta_link(), Some("https://graph.microsoft.com/v1.0/phones/delta?$deltatoken=abc"));
    assert_eq!(page.next_link(), None);
    let Delta::Changed(phone) = &page.value[0] else { panic!("{:?}", page.value[0]) };
    assert_eq!(phone.display_name, Field::Value("Desk".to_owned()));
    let removed: Vec<(Option<&str>, &RemovedReason)> =
        page.value[1..].iter().map(|d| d.removed().map(|r| (r.id.as_deref(), &r.reason)).unwrap()).collect();
    assert_eq!(
        removed,
        [
            (Some("7"), &RemovedReason::Changed),
            (Some("8"), &RemovedReason::Deleted),
            (Some("9"), &RemovedReason::Other("archived".to_owned())),
        ]
    );
    let Delta::Removed(Removed { details, additional_properties, .. }) = &page.value[3] else {
        unreachable!()
    };
    assert_eq!(details["since"], "2026-01-01");
    assert!(additional_properties.is_empty());
    assert!(page.value[0].removed().is_none() && page.value[1].changed().is_none());
}

#[test]
fn a_delta_page_re_encodes_as_it_came() {
    let page: DeltaPage<ItemPhone> = serde_json::from_str(PAGE).unwrap();
    let original: serde_json::Value = serde_json::from_str(PAGE).unwrap();
    assert_eq!(serde_json::to_value(&page).unwrap(), original);
}

#[test]
fn a_malformed_removal_is_an_error_not_a_panic() {
    for item in [
        json!({ "id": "1", "@removed": "deleted" }),
        json!({ "id": "1", "@removed": { "reason": 3 } }),
        json!({ "id": 1, "@removed": { "reason": "deleted" } }),
    ] {
        let error = serde_json::from_value::<Delta<ItemPhone>>(item.clone()).unwrap_err();
        assert!(error.to_string().contains("removed") || error.to_string().contains("id"), "{item}: {error}");
    }
    // A changed item still decodes by its own rules.
    let error = serde_json::from_value::<Delta<ItemPhone>>(json!({ "displayName": 5 }));
    assert!(error.is_ok(), "a mismatched member is kept raw by `Field`, not an error: {error:?}");
}
