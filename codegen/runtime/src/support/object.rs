//! The serde path of every generated struct: its members read in one pass,
//! each straight into its field (`Object`, `read_object`), and written one
//! `put` at a time (`ObjectWriter`); the unknown ones kept.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{DeserializeSeed, MapAccess, Visitor};
use serde::{Deserializer, Serialize, Serializer};

use super::decode::{Lenient, LenientVisitor};
use super::polymorphic::ODATA_TYPE;
use super::{Decode, Field};

/// Unknown JSON members, kept so that a read-modify-write loses nothing.
pub type JsonObject = serde_json::Map<String, serde_json::Value>;

/// A model struct as the decoder sees it: a table of its members' wire
/// names and one method that reads a member into its field. Generated
/// structs implement it with a `match` on the member's index and get
/// `Deserialize` and [`Decode`](super::Decode) from `object!`: the loop
/// over the members is generic code here, written once, not per struct.
pub trait Object: Default {
    /// The wire names of the documented members, sorted (byte order), so
    /// that a member is found by binary search without allocating.
    const MEMBERS: &'static [&'static str] = &[];

    /// Reads the value of member `MEMBERS[index]` into its field (with
    /// [`read_field`]); false when this build has no such field (its
    /// feature is off), so that the caller keeps the value in
    /// `additional_properties`.
    fn read_member<'de, A: MapAccess<'de>>(&mut self, index: usize, map: &mut A) -> Result<bool, A::Error> {
        let _ = (index, map);
        Ok(false)
    }

    /// The members that are not fields.
    fn additional_properties(&mut self) -> &mut JsonObject;
}

/// Reads a member's value into its field: the arms of `read_member`.
pub fn read_field<'de, T: Decode, A: MapAccess<'de>>(
    field: &mut Field<T>,
    map: &mut A,
) -> Result<bool, A::Error> {
    *field = map.next_value()?;
    Ok(true)
}

/// A member name: a documented member's index, or another name.
pub(super) enum Member {
    Known(usize),
    Other(String),
}

/// Looks a key up in a members table as serde hands it over, so that a
/// documented member's name is never copied.
pub(super) struct MemberSeed(pub &'static [&'static str]);

impl<'de> DeserializeSeed<'de> for MemberSeed {
    type Value = Member;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Member, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for MemberSeed {
    type Value = Member;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a member name")
    }
    fn visit_str<E: serde::de::Error>(self, name: &str) -> Result<Member, E> {
        Ok(find(self.0, name).map_or_else(|| Member::Other(name.to_owned()), Member::Known))
    }
    fn visit_string<E: serde::de::Error>(self, name: String) -> Result<Member, E> {
        Ok(find(self.0, &name).map_or(Member::Other(name), Member::Known))
    }
}

/// Bisects a table sorted in byte order. Names are short and mostly differ
/// in their first bytes, so comparing byte by byte here beats a call to
/// `memcmp` per step.
fn find(members: &[&str], name: &str) -> Option<usize> {
    let name = name.as_bytes();
    members
        .binary_search_by(|member| {
            let member = member.as_bytes();
            let differing = member.iter().zip(name).find(|(a, b)| a != b);
            differing.map_or_else(|| member.len().cmp(&name.len()), |(a, b)| a.cmp(b))
        })
        .ok()
}

/// Reads the rest of `map` into `object`: each documented member into its
/// field, any other into `additional_properties`.
pub(super) fn read_members<'de, T: Object, A: MapAccess<'de>>(
    object: &mut T,
    map: &mut A,
) -> Result<(), A::Error> {
    // emit writes the table in this order; bisection depends on it.
    debug_assert!(T::MEMBERS.is_sorted(), "the members table is not in byte order");
    while let Some(member) = map.next_key_seed(MemberSeed(T::MEMBERS))? {
        read_value(object, member, map)?;
    }
    Ok(())
}

/// Reads the value of `member` into `object`.
pub(super) fn read_value<'de, T: Object, A: MapAccess<'de>>(
    object: &mut T,
    member: Member,
    map: &mut A,
) -> Result<(), A::Error> {
    let name = match member {
        Member::Known(index) if object.read_member(index, map)? => return Ok(()),
        Member::Known(index) => T::MEMBERS[index].to_owned(),
        Member::Other(name) => name,
    };
    let value = map.next_value()?;
    object.additional_properties().insert(name, value);
    Ok(())
}

/// A JSON object into `T`; another shape is a mismatch.
pub(super) struct ObjectShape<T>(pub PhantomData<T>);

impl<'de, T: Object> Lenient<'de> for ObjectShape<T> {
    type Value = T;
    const EXPECTING: &'static str = "a JSON object";

    fn on_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Field<T>, A::Error> {
        let mut object = T::default();
        read_members(&mut object, &mut map)?;
        Ok(Field::Value(object))
    }
}

/// A boxed struct (a type that contains itself) is read in place on the heap.
impl<T: Object> Object for Box<T> {
    const MEMBERS: &'static [&'static str] = T::MEMBERS;

    fn read_member<'de, A: MapAccess<'de>>(&mut self, index: usize, map: &mut A) -> Result<bool, A::Error> {
        T::read_member(self, index, map)
    }

    fn additional_properties(&mut self) -> &mut JsonObject {
        T::additional_properties(self)
    }
}

/// Every [`Object`] is a [`Decode`]: one impl here, none per struct.
impl<T: Object> Decode for T {
    fn decode<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Field<T>, D::Error> {
        deserializer.deserialize_any(LenientVisitor(ObjectShape::<T>(PhantomData)))
    }
}

/// `T::deserialize` of an [`Object`]: anything but a JSON object is an error.
pub fn deserialize_object<'de, T: Object, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_map(Strict(PhantomData))
}

/// The visitor of `deserialize_object`: the struct itself, not wrapped in a
/// `Field` (a large struct is copied each time it is wrapped or moved).
struct Strict<T>(PhantomData<T>);

impl<'de, T: Object> Visitor<'de> for Strict<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        let mut object = T::default();
        read_members(&mut object, &mut map)?;
        Ok(object)
    }
}

/// `Deserialize` for an [`Object`] (a foreign trait: no blanket impl).
#[allow(unused_macros)]
macro_rules! object {
    ($name:ident) => {
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> ::std::result::Result<Self, D::Error> {
                $crate::support::deserialize_object(d)
            }
        }
    };
}
#[allow(unused_imports)]
pub(crate) use object;

/// Encodes a model struct: its `@odata.type` first when it has one
/// ([`ObjectWriter::typed`]), its present members in order (`put`), then
/// the rest of its `additional_properties` (`end`).
pub struct ObjectWriter<M> {
    map: Option<M>,
    /// `@odata.type` was written first: `end` leaves it out.
    typed: bool,
}

impl<M: serde::ser::SerializeMap> ObjectWriter<M> {
    pub fn new<S: Serializer<SerializeMap = M, Ok = M::Ok, Error = M::Error>>(
        serializer: S,
    ) -> Result<Self, M::Error> {
        serializer.serialize_map(None).map(|map| ObjectWriter { map: Some(map), typed: false })
    }

    /// Starts the object with the `@odata.type` of `rest` (the struct's
    /// `additional_properties`), if any: the service reads a derived
    /// type's annotation before its properties.
    pub fn typed<S: Serializer<SerializeMap = M, Ok = M::Ok, Error = M::Error>>(
        serializer: S,
        rest: &JsonObject,
    ) -> Result<Self, M::Error> {
        let mut writer = Self::new(serializer)?;
        if let (Some(map), Some(odata_type)) = (&mut writer.map, rest.get(ODATA_TYPE)) {
            map.serialize_entry(ODATA_TYPE, odata_type)?;
            writer.typed = true;
        }
        Ok(writer)
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
            if !(self.typed && name == ODATA_TYPE) {
                map.serialize_entry(name, value)?;
            }
        }
        map.end()
    }
}
