//! The generic serde path of every generated struct: its members one `put`
//! or `take` at a time, the unknown ones kept.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::Field;

/// Unknown JSON members, kept so that a read-modify-write loses nothing.
pub type JsonObject = serde_json::Map<String, serde_json::Value>;

/// Decodes a model struct: a JSON object whose documented members are taken
/// one by one (`take`), the rest kept as `additional_properties` (`rest`).
/// Generated `Deserialize` impls are a list of `take` calls: one generic
/// path instead of serde's derive per struct, which was most of a generated
/// crate's compile time.
pub struct ObjectReader {
    object: JsonObject,
}

impl ObjectReader {
    pub fn new<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        JsonObject::deserialize(deserializer).map(|object| ObjectReader { object })
    }

    /// The member `name`: absent when the object has none.
    pub fn take<T: DeserializeOwned>(&mut self, name: &str) -> Field<T> {
        self.object.remove(name).map_or(Field::Absent, Field::from_json)
    }

    /// The members no `take` asked for.
    pub fn rest(&mut self) -> JsonObject {
        std::mem::take(&mut self.object)
    }
}

/// Encodes a model struct: its present members in order (`put`), then its
/// `additional_properties` (`end`). See [`ObjectReader`].
pub struct ObjectWriter<M> {
    map: Option<M>,
}

impl<M: serde::ser::SerializeMap> ObjectWriter<M> {
    pub fn new<S: Serializer<SerializeMap = M, Ok = M::Ok, Error = M::Error>>(
        serializer: S,
    ) -> Result<Self, M::Error> {
        serializer.serialize_map(None).map(|map| ObjectWriter { map: Some(map) })
    }

    /// Writes the member unless it is absent.
    pub fn put<T: Serialize>(&mut self, name: &str, field: &Field<T>) -> Result<(), M::Error> {
        match &mut self.map {
            Some(map) if !field.is_absent() => map.serialize_entry(name, field),
            _ => Ok(()),
        }
    }

    /// Writes the other members and finishes the object.
    pub fn end(&mut self, rest: &JsonObject) -> Result<M::Ok, M::Error> {
        let Some(mut map) = self.map.take() else {
            return Err(serde::ser::Error::custom("the object was already finished"));
        };
        for (name, value) in rest {
            map.serialize_entry(name, value)?;
        }
        map.end()
    }
}
