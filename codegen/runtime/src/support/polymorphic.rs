//! `Any…` enums: a base type's value decoded into the derived type its
//! `@odata.type` names.

use serde::de;
use serde::{Deserialize, Deserializer};

/// Decodes one derived type of a [`Polymorphic`] enum from JSON.
pub type Decoder<T> = fn(serde_json::Value) -> serde_json::Result<T>;

/// A base type's value decoded into the derived type its `@odata.type`
/// names. Generated `Any…` enums implement it with a table of their
/// derived types and get `Deserialize` from [`polymorphic!`].
pub trait Polymorphic: Sized + 'static {
    /// Each derived type's `@odata.type` (without `#`) with its decoder.
    const VARIANTS: &'static [(&'static str, Decoder<Self>)];

    /// Decodes the base type: no `@odata.type`, or one the docs do not list.
    fn fallback(value: serde_json::Value) -> serde_json::Result<Self>;
}

/// Reads the value, picks the decoder by `@odata.type` (any case, with or
/// without `#`), and decodes.
pub fn decode_polymorphic<'de, T: Polymorphic, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    let value = serde_json::Value::deserialize(deserializer)?;
    let odata_type =
        value.get("@odata.type").and_then(serde_json::Value::as_str).map(|t| t.trim_start_matches('#'));
    let decoder = odata_type
        .and_then(|name| T::VARIANTS.iter().find(|(known, _)| known.eq_ignore_ascii_case(name)))
        .map_or(T::fallback as Decoder<T>, |(_, decoder)| *decoder);
    decoder(value).map_err(de::Error::custom)
}

/// `Deserialize` for a [`Polymorphic`] enum.
#[allow(unused_macros)]
macro_rules! polymorphic {
    ($name:ident) => {
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> ::std::result::Result<Self, D::Error> {
                $crate::support::decode_polymorphic(d)
            }
        }
    };
}
#[allow(unused_imports)]
pub(crate) use polymorphic;
