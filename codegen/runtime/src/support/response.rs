//! The response types of operations without a JSON body, and how a success
//! body is decoded.

use std::fmt;

use http::{HeaderMap, StatusCode};

use serde::de::{self, IgnoredAny};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// How a success body is turned into the response type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ResponseKind {
    /// A JSON document (an empty body is read as unit, e.g. for `Option`).
    Json,
    /// Any body is ignored: the type is built from unit (see [`NoContent`]).
    Empty,
    /// The raw body (see [`Bytes`]), e.g. file content.
    Bytes,
}

/// A decoded success with the status and headers it came with (the
/// `Location` of a `202 Accepted`, an `ETag`). Derefs to the value.
pub struct ResponseValue<T> {
    status: StatusCode,
    headers: HeaderMap,
    value: T,
}

impl<T> ResponseValue<T> {
    pub(super) fn new(status: StatusCode, mut headers: HeaderMap, value: T) -> Self {
        super::error::mark_sensitive(&mut headers);
        ResponseValue { status, headers, value }
    }

    /// The status received (any 2xx where a 2xx was documented).
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers (credential headers marked sensitive).
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// A header as text, if present and visible ASCII.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name)?.to_str().ok()
    }

    /// The decoded value alone.
    pub fn into_inner(self) -> T {
        self.value
    }

    /// The status, the headers and the value.
    pub fn into_parts(self) -> (StatusCode, HeaderMap, T) {
        (self.status, self.headers, self.value)
    }
}

impl<T> std::ops::Deref for ResponseValue<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T: fmt::Debug> fmt::Debug for ResponseValue<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Credential headers (authorization, cookies) are marked sensitive
        // by `new`: HeaderMap prints them redacted.
        f.debug_struct("ResponseValue")
            .field("status", &self.status)
            .field("headers", &self.headers)
            .field("value", &self.value)
            .finish()
    }
}

/// The response type for operations that return no body (usually 204).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct NoContent;

impl Serialize for NoContent {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_unit()
    }
}

impl<'de> Deserialize<'de> for NoContent {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // Whatever the service sent instead of nothing is not an error.
        deserializer.deserialize_ignored_any(IgnoredAny).map(|_| NoContent)
    }
}

/// A raw response body such as file content.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Bytes(pub Vec<u8>);

impl<'de> Deserialize<'de> for Bytes {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl de::Visitor<'_> for Visitor {
            type Value = Bytes;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("bytes")
            }
            fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Bytes, E> {
                Ok(Bytes(v.to_vec()))
            }
            fn visit_byte_buf<E: de::Error>(self, v: Vec<u8>) -> Result<Bytes, E> {
                Ok(Bytes(v))
            }
        }
        deserializer.deserialize_byte_buf(Visitor)
    }
}
