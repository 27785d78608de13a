//! `Page<T>`: one page of a collection response.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};

use super::JsonObject;

/// One page of a collection response; fetch `@odata.nextLink` for the next.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Page<T> {
    /// The items on this page.
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

/// Read member by member as the bytes come: serde's derive with
/// `#[serde(flatten)]` would first buffer the whole page (every item) into
/// its internal content and then decode it again.
impl<'de, T: Deserialize<'de>> Deserialize<'de> for Page<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(PageVisitor(PhantomData))
    }
}

struct PageVisitor<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for PageVisitor<T> {
    type Value = Page<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a collection page (an object with `value`)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Page<T>, A::Error> {
        let mut page = Page::default();
        while let Some(name) = map.next_key::<String>()? {
            match name.as_str() {
                "value" => page.value = map.next_value()?,
                "@odata.nextLink" => page.next_link = map.next_value()?,
                "@odata.deltaLink" => page.delta_link = map.next_value()?,
                "@odata.count" => page.count = map.next_value()?,
                _ => {
                    let value = map.next_value()?;
                    page.additional_properties.insert(name, value);
                }
            }
        }
        Ok(page)
    }
}
