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
mod client_http;
#[cfg(feature = "client")]
mod client_upload;
mod cloud;
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
use serde::{Deserialize, Serialize};

use crate::support::{wire_enum, Field, JsonObject, Request, ResponseKind, WireEnum};

// Fixtures of the modules above: a struct of `Field`s and two open enums,
// one without documented members.

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
struct ItemPhone {
    #[serde(rename = "displayName", skip_serializing_if = "Field::is_absent")]
    display_name: Field<String>,
    #[serde(rename = "type", skip_serializing_if = "Field::is_absent")]
    kind: Field<PhoneType>,
    #[serde(flatten)]
    additional_properties: JsonObject,
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
