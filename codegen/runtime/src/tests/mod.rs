//! The runtime's unit tests. They live here, outside the files emit copies,
//! so that generated crates do not carry them; `support` and `client` are
//! reached through the same `crate::` paths a generated crate has.

#[cfg(feature = "azure-identity")]
mod azure_identity;
mod batch;
#[cfg(feature = "client")]
mod client;
#[cfg(feature = "client")]
mod client_batch;
#[cfg(feature = "client")]
mod client_delta;
#[cfg(feature = "client")]
mod client_faults;
#[cfg(feature = "client")]
mod client_http;
#[cfg(feature = "client")]
mod client_upload;
mod cloud;
mod decode;
mod delta;
mod edm;
mod field;
#[cfg(feature = "client")]
mod loopback;
mod page;
mod request;
mod response;
#[cfg(feature = "client")]
mod token_cache;
mod upload;
mod wire_enum;

use http::Method;
use serde::de::MapAccess;
use serde::Serialize;

use crate::support::{
    object, read_field, wire_enum, Field, JsonObject, Object, ObjectWriter, Request, ResponseKind, WireEnum,
};

// Fixtures of the modules above: a struct of `Field`s and two open enums,
// one without documented members.

/// As generated code writes a struct: `Object`'s table and `match`, the
/// `object!` impls, an `ObjectWriter`.
#[derive(Clone, Debug, Default, PartialEq)]
struct ItemPhone {
    display_name: Field<String>,
    kind: Field<PhoneType>,
    additional_properties: JsonObject,
}

impl Object for ItemPhone {
    const MEMBERS: &'static [&'static str] = &["displayName", "type"];

    fn read_member<'de, A: MapAccess<'de>>(&mut self, index: usize, map: &mut A) -> Result<bool, A::Error> {
        match index {
            0 => read_field(&mut self.display_name, map),
            1 => read_field(&mut self.kind, map),
            _ => Ok(false),
        }
    }

    fn additional_properties(&mut self) -> &mut JsonObject {
        &mut self.additional_properties
    }
}
object!(ItemPhone);

impl Serialize for ItemPhone {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let object = &mut ObjectWriter::new(serializer)?;
        object.put("displayName", &self.display_name)?;
        object.put("type", &self.kind)?;
        object.end(&self.additional_properties)
    }
}

/// A phone type.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum PhoneType {
    /// `home`
    Home,
    Business,
    Undocumented(String),
}

impl WireEnum for PhoneType {
    const MEMBERS: &'static [(Self, &'static str)] = &[(Self::Home, "home"), (Self::Business, "business")];
    fn undocumented(value: String) -> Self {
        Self::Undocumented(value)
    }
    fn as_undocumented(&self) -> Option<&str> {
        match self {
            Self::Undocumented(value) => Some(value),
            _ => None,
        }
    }
}
wire_enum!(PhoneType);

#[derive(Clone, Debug, PartialEq)]
enum Unlisted {
    Undocumented(String),
}

impl WireEnum for Unlisted {
    const MEMBERS: &'static [(Self, &'static str)] = &[];
    fn undocumented(value: String) -> Self {
        Self::Undocumented(value)
    }
    fn as_undocumented(&self) -> Option<&str> {
        let Self::Undocumented(value) = self;
        Some(value)
    }
}
wire_enum!(Unlisted);

/// Parses `text` and checks that it re-encodes byte-exact.
fn phone(text: &str) -> ItemPhone {
    let phone: ItemPhone = serde_json::from_str(text).unwrap();
    assert_eq!(serde_json::to_string(&phone).unwrap(), text);
    phone
}

/// A GET of `/me` expecting `status`.
fn req<T>(status: u16, kind: ResponseKind) -> Request<T> {
    Request::new(Method::GET, "/me".into(), status, kind)
}
