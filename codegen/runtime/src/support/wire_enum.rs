//! Open enums: `WireEnum` (a table of members and their wire strings), the
//! `wire_enum!` macro that gives them their serde and conversion impls, and
//! `Flags` for members joined by commas.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An open Graph enum: the documented members plus `Undocumented(String)`,
/// so values the service adds later decode without error and re-encode
/// unchanged. Generated enums implement it with a table of their members
/// (diff-friendly, one line each) and get their serde impls from
/// `wire_enum!`.
pub trait WireEnum: Sized + Clone + PartialEq + 'static {
    /// Each documented member with its exact wire string.
    const MEMBERS: &'static [(Self, &'static str)];

    /// Wraps a value the docs do not list.
    fn undocumented(value: String) -> Self;

    /// The value of an undocumented member.
    fn as_undocumented(&self) -> Option<&str>;

    /// The exact wire string.
    fn as_str(&self) -> &str {
        if let Some(value) = self.as_undocumented() {
            return value;
        }
        Self::MEMBERS.iter().find(|(member, _)| member == self).map_or("", |(_, wire)| wire)
    }

    /// The member for a wire string; never fails.
    fn from_wire(value: &str) -> Self {
        Self::MEMBERS
            .iter()
            .find(|(_, wire)| *wire == value)
            .map_or_else(|| Self::undocumented(value.to_owned()), |(member, _)| member.clone())
    }
}

/// `Deserialize` of a [`WireEnum`]: the member is found from the string as
/// serde hands it over, borrowed or not, without copying it.
pub fn deserialize_wire<'de, E: WireEnum, D: Deserializer<'de>>(deserializer: D) -> Result<E, D::Error> {
    deserializer.deserialize_str(WireVisitor(std::marker::PhantomData))
}

struct WireVisitor<E>(std::marker::PhantomData<E>);

impl<E: WireEnum> serde::de::Visitor<'_> for WireVisitor<E> {
    type Value = E;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a string")
    }
    fn visit_str<Er: serde::de::Error>(self, value: &str) -> Result<E, Er> {
        Ok(E::from_wire(value))
    }
}

/// Serialize, Deserialize, Display, FromStr, `From<&str>` (and for its
/// `Field`, so that a setter takes `"created"`) for a [`WireEnum`], all
/// through its wire string.
#[allow(unused_macros)]
macro_rules! wire_enum {
    ($name:ident) => {
        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str($crate::support::WireEnum::as_str(self))
            }
        }

        impl ::std::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                $crate::support::WireEnum::from_wire(value)
            }
        }

        impl ::std::convert::From<&str> for $crate::support::Field<$name> {
            fn from(value: &str) -> Self {
                $crate::support::Field::Value($crate::support::WireEnum::from_wire(value))
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;
            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                Ok($crate::support::WireEnum::from_wire(value))
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> ::std::result::Result<S::Ok, S::Error> {
                s.serialize_str($crate::support::WireEnum::as_str(self))
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> ::std::result::Result<Self, D::Error> {
                $crate::support::deserialize_wire(d)
            }
        }

        impl $crate::support::Decode for $name {
            fn decode<'de, D: ::serde::Deserializer<'de>>(
                d: D,
            ) -> ::std::result::Result<$crate::support::Field<Self>, D::Error> {
                $crate::support::decode_scalar(d)
            }
        }
    };
}
#[allow(unused_imports)]
pub(crate) use wire_enum;

/// The value of a flags enum: members joined by commas on the wire
/// (`"a,b"`); undocumented members are kept like any open-enum value.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Flags<E>(pub Vec<E>);

impl<E: WireEnum> Serialize for Flags<E> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let members: Vec<&str> = self.0.iter().map(WireEnum::as_str).collect();
        serializer.serialize_str(&members.join(","))
    }
}

impl<'de, E: WireEnum> Deserialize<'de> for Flags<E> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        let members = text.split(',').map(str::trim).filter(|m| !m.is_empty()).map(E::from_wire).collect();
        Ok(Flags(members))
    }
}
