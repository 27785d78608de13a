//! `Any…` enums: a base type's value decoded into the derived type its
//! `@odata.type` names, in one pass when the type comes first.

use std::marker::PhantomData;

use serde::de::{self, MapAccess};
use serde::{Deserializer, Serialize};
use serde_json::Value;

use super::decode::{Lenient, LenientVisitor};
use super::object::{read_members, read_value, Member, MemberSeed, Object};
use super::{Field, JsonObject};

pub(super) const ODATA_TYPE: &str = "@odata.type";

/// Marks a value of a derived type with its `@odata.type` (`name` without
/// the `#`) unless it has one: the service needs it to tell a derived
/// value from its base's (an attachment from a `fileAttachment`). Called by
/// the `From` of each derived type into its `Any…` enum.
pub fn mark_derived(additional_properties: &mut JsonObject, name: &str) {
    if !additional_properties.contains_key(ODATA_TYPE) {
        additional_properties.insert(ODATA_TYPE.to_owned(), Value::String(format!("#{name}")));
    }
}

/// A base type's value decoded into the derived type its `@odata.type`
/// names. Generated `Any…` enums implement it with a table of their
/// derived types and get `Deserialize` and `Decode` from `polymorphic!`.
pub trait Polymorphic: Sized + Serialize {
    /// The base type, which catches a value of any other type.
    type Base: Object + Serialize;

    /// Each derived type's `@odata.type` (without `#`), in the order of
    /// `read_derived`'s indexes.
    const DERIVED: &'static [&'static str];

    /// Wraps the base type.
    fn base(base: Self::Base) -> Self;

    /// Reads the rest of `map` as derived type `DERIVED[index]` (with
    /// [`read_derived`]), whose `@odata.type` member was `odata_type`;
    /// `None` (leaving `map` untouched) when this build does not have that
    /// type (its feature is off).
    fn read_derived<'de, A: MapAccess<'de>>(
        index: usize,
        odata_type: Value,
        map: &mut A,
    ) -> Result<Option<Self>, A::Error>;
}

/// Reads the rest of `map` as `T`, after its `@odata.type` member, and
/// wraps it in its variant: the arms of `Polymorphic::read_derived`.
pub fn read_derived<'de, T: Object, P, A: MapAccess<'de>>(
    odata_type: Value,
    map: &mut A,
    variant: fn(Box<T>) -> P,
) -> Result<Option<P>, A::Error> {
    let mut object = T::default();
    object.additional_properties().insert(ODATA_TYPE.to_owned(), odata_type);
    read_members(&mut object, map)?;
    Ok(Some(variant(Box::new(object))))
}

/// The index in `T::DERIVED` of the type an `@odata.type` value names (any
/// case, with or without `#`).
fn derived_index<T: Polymorphic>(odata_type: &Value) -> Option<usize> {
    let name = odata_type.as_str()?.trim_start_matches('#');
    T::DERIVED.iter().position(|known| known.eq_ignore_ascii_case(name))
}

/// A JSON object into a [`Polymorphic`] enum.
struct PolymorphicShape<T>(PhantomData<T>);

impl<'de, T: Polymorphic> Lenient<'de> for PolymorphicShape<T> {
    type Value = T;
    const EXPECTING: &'static str = "a JSON object";

    fn on_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Field<T>, A::Error> {
        read_polymorphic(&mut map).map(Field::Value)
    }
}

/// Decodes as the base type until an `@odata.type` names a derived one.
/// When it is the first member (as the service writes it), the rest is read
/// straight into the derived type; when it comes later, the members read so
/// far go back to JSON (losslessly), the rest are buffered, and the whole
/// object is decoded again with the type first.
fn read_polymorphic<'de, T: Polymorphic, A: MapAccess<'de>>(map: &mut A) -> Result<T, A::Error> {
    let members = <T::Base as Object>::MEMBERS;
    let mut base = T::Base::default();
    let mut first = true;
    while let Some(member) = map.next_key_seed(MemberSeed(members))? {
        let Member::Other(name) = member else {
            read_value(&mut base, member, map)?;
            first = false;
            continue;
        };
        let value: Value = map.next_value()?;
        let derived = if name == ODATA_TYPE { derived_index::<T>(&value) } else { None };
        match derived {
            Some(index) if first => {
                if let Some(derived) = T::read_derived(index, value.clone(), map)? {
                    return Ok(derived);
                }
            }
            Some(_) => return redecode(&base, value, map),
            None => {}
        }
        first = false;
        base.additional_properties().insert(name, value);
    }
    Ok(T::base(base))
}

/// The object again as JSON with `@odata.type` first (the members of
/// `base` read so far, then the rest of `map`), decoded from there.
fn redecode<'de, T: Polymorphic, A: MapAccess<'de>>(
    base: &T::Base,
    odata_type: Value,
    map: &mut A,
) -> Result<T, A::Error> {
    let mut rest = JsonObject::new();
    while let Some((name, value)) = map.next_entry::<String, Value>()? {
        rest.insert(name, value);
    }
    let text = (|| {
        let mut text = b"{\"@odata.type\":".to_vec();
        serde_json::to_writer(&mut text, &odata_type)?;
        let read = serde_json::to_vec(base)?;
        // `read` is an object: its members go after the type, then the rest.
        if read.len() > 2 {
            text.push(b',');
            text.extend_from_slice(&read[1..read.len() - 1]);
        }
        for (name, value) in &rest {
            text.push(b',');
            serde_json::to_writer(&mut text, name)?;
            text.push(b':');
            serde_json::to_writer(&mut text, value)?;
        }
        text.push(b'}');
        let mut again = serde_json::Deserializer::from_slice(&text);
        deserialize_polymorphic::<T, _>(&mut again)
    })();
    text.map_err(de::Error::custom)
}

/// `T::decode` of a [`Polymorphic`] enum.
pub fn decode_polymorphic<'de, T: Polymorphic, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Field<T>, D::Error> {
    deserializer.deserialize_any(LenientVisitor(PolymorphicShape::<T>(PhantomData)))
}

/// `T::deserialize` of a [`Polymorphic`] enum: anything but a JSON object
/// is an error.
pub fn deserialize_polymorphic<'de, T: Polymorphic, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    let field = deserializer.deserialize_map(LenientVisitor(PolymorphicShape::<T>(PhantomData)))?;
    field.into_value().ok_or_else(|| de::Error::custom("expected a JSON object"))
}

/// `Deserialize` and `Decode` for a [`Polymorphic`] enum, and `Decode` for
/// it boxed (a base that contains itself).
#[allow(unused_macros)]
macro_rules! polymorphic {
    ($name:ident) => {
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> ::std::result::Result<Self, D::Error> {
                $crate::support::deserialize_polymorphic(d)
            }
        }

        impl $crate::support::Decode for $name {
            fn decode<'de, D: ::serde::Deserializer<'de>>(
                d: D,
            ) -> ::std::result::Result<$crate::support::Field<Self>, D::Error> {
                $crate::support::decode_polymorphic(d)
            }
        }

        impl $crate::support::BodyStart for $name {
            type Start = <$name as $crate::support::Polymorphic>::Base;
            fn from_start(start: Self::Start) -> Self {
                <$name as $crate::support::Polymorphic>::base(start)
            }
        }

        impl $crate::support::Decode for ::std::boxed::Box<$name> {
            fn decode<'de, D: ::serde::Deserializer<'de>>(
                d: D,
            ) -> ::std::result::Result<$crate::support::Field<Self>, D::Error> {
                $crate::support::decode_polymorphic(d).map(|field| field.map(::std::boxed::Box::new))
            }
        }
    };
}
#[allow(unused_imports)]
pub(crate) use polymorphic;
