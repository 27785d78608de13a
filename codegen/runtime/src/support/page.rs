//! `Page<T>`: one page of a collection response.

use serde::{Deserialize, Serialize};

use super::JsonObject;

/// One page of a collection response; fetch `@odata.nextLink` for the next.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Page<T> {
    /// The items on this page.
    #[serde(default = "Vec::new")]
    pub value: Vec<T>,
    /// Absolute URL of the next page.
    #[serde(rename = "@odata.nextLink", skip_serializing_if = "Option::is_none")]
    pub next_link: Option<String>,
    /// Absolute URL to resume a delta query from, on its last page.
    #[serde(rename = "@odata.deltaLink", skip_serializing_if = "Option::is_none")]
    pub delta_link: Option<String>,
    /// Total count, when requested with `$count=true`.
    #[serde(rename = "@odata.count", skip_serializing_if = "Option::is_none")]
    pub count: Option<i64>,
    /// Other members such as `@odata.context`.
    #[serde(flatten)]
    pub additional_properties: JsonObject,
}

impl<T> Default for Page<T> {
    fn default() -> Self {
        Page {
            value: Vec::new(),
            next_link: None,
            delta_link: None,
            count: None,
            additional_properties: JsonObject::new(),
        }
    }
}

impl<T> Page<T> {
    /// The absolute next-page URL; [`Request::next_page`](super::Request::next_page) builds its request.
    pub fn next_link(&self) -> Option<&str> {
        self.next_link.as_deref()
    }

    /// The delta query's `@odata.deltaLink` (on its last page): store it and
    /// resume later with [`Request::from_link`](super::Request::from_link).
    pub fn delta_link(&self) -> Option<&str> {
        self.delta_link.as_deref()
    }
}
