//! `Decode`: a member's value read in one pass, straight from the
//! deserializer, into the documented type or, when the service sent
//! something else, into the raw JSON ([`Field::Mismatch`]).
//!
//! No value is buffered first: a scalar is converted as it is visited, an
//! object is read member by member (`Object`), and only a value of the
//! wrong shape is collected as `serde_json::Value`.

use std::fmt;
use std::marker::PhantomData;

use serde::de::value::{MapAccessDeserializer, SeqAccessDeserializer};
use serde::de::{DeserializeOwned, DeserializeSeed, IntoDeserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

use super::{Base64, Date, DateTimeOffset, Duration, Field, Flags, Guid, TimeOfDay};

/// A type a [`Field`] can hold: decoding never fails on a value of the
/// wrong type, it keeps it raw instead; only malformed JSON is an error.
pub trait Decode: Sized {
    /// `Null`, `Value`, or `Mismatch` with the raw JSON (never `Absent`).
    fn decode<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Field<Self>, D::Error>;
}

/// A type decoded from one JSON scalar through its own `Deserialize`
/// (strings, numbers, booleans, the Edm types, open enums).
pub fn decode_scalar<'de, T: DeserializeOwned, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Field<T>, D::Error> {
    deserializer.deserialize_any(LenientVisitor(Scalar(PhantomData)))
}

macro_rules! scalars {
    ($($ty:ty),*) => {$(
        impl Decode for $ty {
            fn decode<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Field<Self>, D::Error> {
                decode_scalar(deserializer)
            }
        }
    )*};
}
scalars!(
    String,
    bool,
    i8,
    i16,
    i32,
    i64,
    u8,
    f32,
    f64,
    DateTimeOffset,
    Date,
    TimeOfDay,
    Duration,
    Guid,
    Base64
);

impl<E: super::WireEnum> Decode for Flags<E> {
    fn decode<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Field<Self>, D::Error> {
        decode_scalar(deserializer)
    }
}

/// Untyped members (`Edm.Untyped`, open types) take any value.
impl Decode for Value {
    fn decode<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Field<Self>, D::Error> {
        Value::deserialize(deserializer)
            .map(|value| if value.is_null() { Field::Null } else { Field::Value(value) })
    }
}

/// A collection whose every item has the documented type; one that does
/// not (or a null item) makes the whole collection a `Mismatch`, as it
/// would be if decoded at once from its raw JSON.
impl<T: Decode + Serialize> Decode for Vec<T> {
    fn decode<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Field<Self>, D::Error> {
        deserializer.deserialize_any(LenientVisitor(Items(PhantomData)))
    }
}

/// Decodes one value as `T::decode` does: the seed of a collection's items.
struct DecodeSeed<T>(PhantomData<T>);

impl<'de, T: Decode> DeserializeSeed<'de> for DecodeSeed<T> {
    type Value = Field<T>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Field<T>, D::Error> {
        T::decode(deserializer)
    }
}

/// Accepts any JSON value; the shapes a decoder expects are its own, every
/// other shape is collected raw. `on_*` are the expected shapes.
pub(super) trait Lenient<'de>: Sized {
    type Value;
    /// The documented shape, for error messages.
    const EXPECTING: &'static str;
    fn on_scalar<E: serde::de::Error>(self, raw: Primitive<'_>) -> Result<Field<Self::Value>, E> {
        Ok(Field::mismatch(raw.into_json()))
    }
    fn on_map<A: MapAccess<'de>>(self, map: A) -> Result<Field<Self::Value>, A::Error> {
        Value::deserialize(MapAccessDeserializer::new(map)).map(Field::mismatch)
    }
    fn on_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Field<Self::Value>, A::Error> {
        Value::deserialize(SeqAccessDeserializer::new(seq)).map(Field::mismatch)
    }
}

/// A JSON scalar as a visitor receives it.
pub(super) enum Primitive<'a> {
    Bool(bool),
    I64(i64),
    U64(u64),
    F64(f64),
    Str(&'a str),
    String(String),
}

impl Primitive<'_> {
    fn into_json(self) -> Value {
        match self {
            Primitive::Bool(v) => Value::Bool(v),
            Primitive::I64(v) => v.into(),
            Primitive::U64(v) => v.into(),
            Primitive::F64(v) => v.into(),
            Primitive::Str(v) => v.into(),
            Primitive::String(v) => v.into(),
        }
    }
}

/// The [`Visitor`] of a [`Lenient`] decoder.
pub(super) struct LenientVisitor<L>(pub L);

impl<'de, L: Lenient<'de>> Visitor<'de> for LenientVisitor<L> {
    type Value = Field<L::Value>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(L::EXPECTING)
    }
    fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Self::Value, E> {
        self.0.on_scalar(Primitive::Bool(v))
    }
    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Self::Value, E> {
        self.0.on_scalar(Primitive::I64(v))
    }
    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Self::Value, E> {
        self.0.on_scalar(Primitive::U64(v))
    }
    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Self::Value, E> {
        self.0.on_scalar(Primitive::F64(v))
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
        self.0.on_scalar(Primitive::Str(v))
    }
    fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Self::Value, E> {
        self.0.on_scalar(Primitive::String(v))
    }
    fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(Field::Null)
    }
    fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(Field::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        self.0.on_map(map)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        self.0.on_seq(seq)
    }
}

/// A scalar: converted by `T`'s own `Deserialize` from the visited value.
struct Scalar<T>(PhantomData<T>);

impl<'de, T: DeserializeOwned> Lenient<'de> for Scalar<T> {
    type Value = T;
    const EXPECTING: &'static str = "a JSON scalar";

    fn on_scalar<E: serde::de::Error>(self, raw: Primitive<'_>) -> Result<Field<T>, E> {
        Ok(match raw {
            Primitive::Bool(v) => typed(v, || Value::Bool(v)),
            Primitive::I64(v) => typed(v, || v.into()),
            Primitive::U64(v) => typed(v, || v.into()),
            Primitive::F64(v) => typed(v, || v.into()),
            Primitive::Str(v) => typed(v, || v.into()),
            Primitive::String(v) => match typed(v.as_str(), || Value::Null) {
                Field::Mismatch(_) => Field::mismatch(v.into()),
                field => field,
            },
        })
    }
}

/// `T` from one scalar, if it is one of `T`'s values; else the scalar raw
/// (built only then).
fn typed<'a, T, V>(value: V, raw: impl FnOnce() -> Value) -> Field<T>
where
    T: DeserializeOwned,
    V: IntoDeserializer<'a, serde::de::value::Error>,
{
    T::deserialize(value.into_deserializer()).map_or_else(|_| Field::mismatch(raw()), Field::Value)
}

/// The items of a collection; see `impl Decode for Vec<T>`.
struct Items<T>(PhantomData<T>);

impl<'de, T: Decode + Serialize> Lenient<'de> for Items<T> {
    type Value = Vec<T>;
    const EXPECTING: &'static str = "a JSON array";

    fn on_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Field<Vec<T>>, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(item) = seq.next_element_seed(DecodeSeed::<T>(PhantomData))? {
            let raw = match item {
                Field::Value(item) => {
                    items.push(item);
                    continue;
                }
                Field::Mismatch(raw) => *raw,
                Field::Null | Field::Absent => Value::Null,
            };
            // The items read so far go back to JSON, exactly as they came
            // (decoding is lossless), and the rest are read raw.
            let mut raws = Vec::with_capacity(items.len() + 1);
            for item in &items {
                raws.push(serde_json::to_value(item).map_err(serde::de::Error::custom)?);
            }
            raws.push(raw);
            while let Some(raw) = seq.next_element::<Value>()? {
                raws.push(raw);
            }
            return Ok(Field::mismatch(Value::Array(raws)));
        }
        Ok(Field::Value(items))
    }
}
