//! Delta queries: the changes since a stored `@odata.deltaLink`, each item
//! either a changed resource or a typed removal.

use std::fmt;

use serde::de::{DeserializeOwned, Error as _};
use serde::ser::SerializeMap as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::{JsonObject, Page};

/// A page of a delta query (`GET /users/delta`): its items are [`Delta`]s;
/// the last page carries the `@odata.deltaLink` to resume from
/// ([`Page::delta_link`]), earlier ones an `@odata.nextLink`.
pub type DeltaPage<T> = Page<Delta<T>>;

/// One item of a delta page.
#[derive(Clone, Debug, PartialEq)]
pub enum Delta<T> {
    /// Created or changed since the last sync: the resource as it is now
    /// (only the changed properties, plus any `$select`ed ones).
    Changed(T),
    /// Gone from the collection (the item carried `@removed`).
    Removed(Removed),
}

impl<T> Delta<T> {
    /// The changed resource, if this is not a removal.
    pub fn changed(&self) -> Option<&T> {
        match self {
            Delta::Changed(item) => Some(item),
            Delta::Removed(_) => None,
        }
    }

    /// The removal, if this is one.
    pub fn removed(&self) -> Option<&Removed> {
        match self {
            Delta::Changed(_) => None,
            Delta::Removed(removed) => Some(removed),
        }
    }
}

/// An item a delta query reports as removed: `{"id": …, "@removed": {"reason": …}}`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Removed {
    /// The removed item's id (absent only if the service sent none).
    pub id: Option<String>,
    /// Why it left the collection.
    pub reason: RemovedReason,
    /// Members of the `@removed` annotation besides `reason`.
    pub details: JsonObject,
    /// Every other member of the item (`@odata.type`, ...), kept so that a
    /// removal re-encodes as it came.
    pub additional_properties: JsonObject,
}

/// The `reason` of an `@removed` annotation.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub enum RemovedReason {
    /// `changed`: removed from this collection but may still exist (moved
    /// out of it, or deleted and still restorable).
    #[default]
    Changed,
    /// `deleted`: deleted for good.
    Deleted,
    /// A reason this runtime does not know, as sent.
    Other(String),
}

impl RemovedReason {
    /// The reason as it goes on the wire.
    pub fn as_str(&self) -> &str {
        match self {
            RemovedReason::Changed => "changed",
            RemovedReason::Deleted => "deleted",
            RemovedReason::Other(reason) => reason,
        }
    }

    fn from_wire(reason: &str) -> Self {
        match reason {
            "changed" => RemovedReason::Changed,
            "deleted" => RemovedReason::Deleted,
            other => RemovedReason::Other(other.to_owned()),
        }
    }
}

impl fmt::Display for RemovedReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

const REMOVED: &str = "@removed";

impl<'de, T: DeserializeOwned> Deserialize<'de> for Delta<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // Whether an item is a removal is only known once `@removed` is
        // seen, which may come after every other member: read the object
        // first (generated models read through a map anyway).
        let mut object = JsonObject::deserialize(deserializer)?;
        let Some(removed) = object.remove(REMOVED) else {
            return T::deserialize(serde_json::Value::Object(object))
                .map(Delta::Changed)
                .map_err(D::Error::custom);
        };
        let serde_json::Value::Object(mut details) = removed else {
            return Err(D::Error::custom(format!("`@removed` is not an object: {removed}")));
        };
        let reason = match details.remove("reason") {
            Some(serde_json::Value::String(reason)) => RemovedReason::from_wire(&reason),
            Some(other) => {
                return Err(D::Error::custom(format!("`@removed.reason` is not a string: {other}")))
            }
            None => RemovedReason::Other(String::new()),
        };
        let id = match object.remove("id") {
            Some(serde_json::Value::String(id)) => Some(id),
            Some(other) => {
                return Err(D::Error::custom(format!("the removed item's `id` is not a string: {other}")))
            }
            None => None,
        };
        Ok(Delta::Removed(Removed { id, reason, details, additional_properties: object }))
    }
}

impl<T: Serialize> Serialize for Delta<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let removed = match self {
            Delta::Changed(item) => return item.serialize(serializer),
            Delta::Removed(removed) => removed,
        };
        let mut map = serializer.serialize_map(None)?;
        if let Some(id) = &removed.id {
            map.serialize_entry("id", id)?;
        }
        let mut annotation = JsonObject::new();
        if removed.reason != RemovedReason::Other(String::new()) {
            annotation.insert("reason".to_owned(), removed.reason.as_str().into());
        }
        annotation.extend(removed.details.iter().map(|(name, value)| (name.clone(), value.clone())));
        map.serialize_entry(REMOVED, &annotation)?;
        for (name, value) in &removed.additional_properties {
            map.serialize_entry(name, value)?;
        }
        map.end()
    }
}
