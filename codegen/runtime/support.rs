//! Runtime support for a generated Microsoft Graph client crate.
//!
//! The generator copies this file verbatim into every crate it generates
//! (from `codegen/runtime/support.rs`); edit it there, never in a generated
//! crate, or the change is lost on the next generation.

use std::fmt;
use std::marker::PhantomData;

use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, STANDARD};
use base64::engine::DecodePaddingMode;
use base64::{alphabet, Engine as _};
use http::header::{HeaderName, HeaderValue, CONTENT_TYPE};
use http::{HeaderMap, Method, StatusCode};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde::de::{self, DeserializeOwned, IgnoredAny};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Unknown JSON members, kept so that a read-modify-write loses nothing.
pub type JsonObject = serde_json::Map<String, serde_json::Value>;
/// `Edm.DateTimeOffset`: Graph always sends an explicit offset.
pub type DateTimeOffset = chrono::DateTime<chrono::FixedOffset>;
/// `Edm.Date`: a calendar day with no time zone.
pub type Date = chrono::NaiveDate;
/// `Edm.TimeOfDay`: a wall-clock time with no date or zone.
pub type TimeOfDay = chrono::NaiveTime;
/// `Edm.Guid`.
pub type Guid = uuid::Uuid;

/// A property of a Graph object; PATCH semantics need all three states:
/// absent leaves the property alone, null clears it, a value sets it.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub enum Field<T> {
    /// Not in the JSON: omitted again on output (`skip_serializing_if`).
    #[default]
    Absent,
    /// An explicit JSON `null`.
    Null,
    /// A present, non-null value.
    Value(T),
    /// A value that is not of the documented type (the docs and the service
    /// disagree), kept as raw JSON: the rest of the object still decodes
    /// and re-encoding loses nothing. Counted by [`mismatched_values`].
    Mismatch(serde_json::Value),
}

static MISMATCHED_VALUES: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// How many values this process kept as [`Field::Mismatch`]: a measure of
/// where the docs' types and real data disagree.
pub fn mismatched_values() -> usize {
    MISMATCHED_VALUES.load(std::sync::atomic::Ordering::Relaxed)
}

impl<T> Field<T> {
    /// For `skip_serializing_if`, so absent properties stay absent.
    pub fn is_absent(&self) -> bool {
        matches!(self, Field::Absent)
    }
    /// True for an explicit `null`, which differs from absence in PATCH.
    pub fn is_null(&self) -> bool {
        matches!(self, Field::Null)
    }
    /// True when there is a usable value.
    pub fn is_value(&self) -> bool {
        matches!(self, Field::Value(_))
    }
    /// Borrows the value while keeping the three-way state.
    #[allow(clippy::should_implement_trait)]
    pub fn as_ref(&self) -> Field<&T> {
        match self {
            Field::Absent => Field::Absent,
            Field::Null => Field::Null,
            Field::Value(v) => Field::Value(v),
            Field::Mismatch(raw) => Field::Mismatch(raw.clone()),
        }
    }
    /// The value, for readers that treat absent and null alike.
    pub fn value(&self) -> Option<&T> {
        self.as_ref().into_value()
    }
    /// The owned value, for readers that treat absent and null alike.
    pub fn into_value(self) -> Option<T> {
        match self {
            Field::Value(v) => Some(v),
            _ => None,
        }
    }
    /// Converts the value while keeping the three-way state.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Field<U> {
        match self {
            Field::Absent => Field::Absent,
            Field::Null => Field::Null,
            Field::Value(v) => Field::Value(f(v)),
            Field::Mismatch(raw) => Field::Mismatch(raw),
        }
    }
    /// Maps `None` to an explicit `null` (to clear a property), not to absent.
    pub fn from_option(value: Option<T>) -> Self {
        value.map_or(Field::Null, Field::Value)
    }
}

impl<T> From<T> for Field<T> {
    fn from(value: T) -> Self {
        Field::Value(value)
    }
}

impl<T: Serialize> Serialize for Field<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Field::Value(v) => v.serialize(serializer),
            Field::Mismatch(raw) => raw.serialize(serializer),
            // Absent is normally skipped; null is the only honest fallback.
            Field::Null | Field::Absent => serializer.serialize_none(),
        }
    }
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for Field<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // Only called when the key is present; a missing key takes the default.
        serde_json::Value::deserialize(deserializer).map(Field::from_json)
    }
}

impl<T: DeserializeOwned> Field<T> {
    /// A present member: null, a value of the documented type, or (when the
    /// service sent something else) the raw JSON, counted in
    /// [`mismatched_values`].
    pub fn from_json(raw: serde_json::Value) -> Self {
        if raw.is_null() {
            return Field::Null;
        }
        match T::deserialize(&raw) {
            Ok(value) => Field::Value(value),
            Err(_) => {
                MISMATCHED_VALUES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                Field::Mismatch(raw)
            }
        }
    }
}

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

/// An open Graph enum: the documented members plus `Undocumented(String)`,
/// so values the service adds later decode without error and re-encode
/// unchanged. Generated enums implement it with a table of their members
/// (diff-friendly, one line each) and get their serde impls from
/// [`wire_enum!`].
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

/// Serialize, Deserialize, Display, FromStr and `From<&str>` for a
/// [`WireEnum`], all through its wire string.
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
                // Owned, not borrowed: flattened or escaped strings cannot borrow.
                let value = <::std::string::String as ::serde::Deserialize>::deserialize(d)?;
                Ok($crate::support::WireEnum::from_wire(&value))
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

/// Unreserved characters only: used for path segments, where even `.` must
/// be escaped so that an id of `..` cannot become a dot-segment.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'~');
const QUERY_VALUE: &AsciiSet = &SEGMENT.remove(b'.');
const QUERY_NAME: &AsciiSet = &QUERY_VALUE.remove(b'$');

/// Percent-encodes one path segment so that no id can change the target
/// (no `/`, `?`, `#`, `%` or dot-segment survives).
pub fn encode_segment(value: &str) -> String {
    utf8_percent_encode(value, SEGMENT).collect()
}

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

/// A set of OData query options (`$select`, `$filter`, ...).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct QueryOptions(u8);

impl QueryOptions {
    pub const NONE: Self = Self(0);
    pub const SELECT: Self = Self(1);
    pub const FILTER: Self = Self(1 << 1);
    pub const EXPAND: Self = Self(1 << 2);
    pub const ORDER_BY: Self = Self(1 << 3);
    pub const TOP: Self = Self(1 << 4);
    pub const SKIP: Self = Self(1 << 5);
    pub const COUNT: Self = Self(1 << 6);
    pub const SEARCH: Self = Self(1 << 7);

    /// Whether every option of `other` is in `self`.
    pub fn contains(self, other: Self) -> bool {
        self.0 & other.0 == other.0
    }
}

impl std::ops::BitOr for QueryOptions {
    type Output = Self;
    fn bitor(self, other: Self) -> Self {
        Self(self.0 | other.0)
    }
}

/// A typed Graph request, independent of any HTTP client: turn it into an
/// [`http::Request`] with [`Request::to_http`], send it however you like and
/// hand the response to [`Request::decode`].
pub struct Request<T> {
    method: Method,
    /// Relative to the service root, or an absolute next-page link.
    path: String,
    /// True for a next-page request, whose `path` is an absolute URL.
    absolute: bool,
    query: Vec<(String, String)>,
    headers: HeaderMap,
    body: Option<Vec<u8>>,
    expected_status: StatusCode,
    kind: ResponseKind,
    /// The OData query options the operation's docs say it supports.
    supported: QueryOptions,
    error: Option<String>,
    response: PhantomData<fn() -> T>,
}

impl<T> Request<T> {
    /// `path` must already be percent-encoded (see [`encode_segment`]) and start with `/`.
    pub fn new(method: Method, path: String, expected_status: u16, kind: ResponseKind) -> Self {
        let status = StatusCode::from_u16(expected_status);
        Request {
            method,
            path,
            absolute: false,
            query: Vec::new(),
            headers: HeaderMap::new(),
            body: None,
            expected_status: status.as_ref().map_or(StatusCode::OK, |s| *s),
            kind,
            supported: QueryOptions::NONE,
            error: status.err().map(|_| format!("invalid status {expected_status}")),
            response: PhantomData,
        }
    }

    /// Records the first builder error; reported by [`Request::to_http`] so builders never panic.
    fn fail(&mut self, message: String) {
        self.error.get_or_insert(message);
    }

    /// Sets a JSON body; a serialization failure surfaces from [`Request::to_http`].
    #[must_use]
    pub fn json_body<B: Serialize>(mut self, body: &B) -> Self {
        match serde_json::to_vec(body) {
            Ok(bytes) => self.bytes_body("application/json", bytes),
            Err(e) => {
                self.fail(format!("cannot serialize request body: {e}"));
                self
            }
        }
    }

    /// Sets a raw body, e.g. file content for an upload.
    #[must_use]
    pub fn bytes_body(mut self, content_type: &'static str, bytes: Vec<u8>) -> Self {
        match HeaderValue::from_str(content_type) {
            Ok(value) => self.put_header(CONTENT_TYPE, value, true),
            Err(_) => self.fail(format!("invalid content type {content_type:?}")),
        }
        self.body = Some(bytes);
        self
    }

    /// Appends a query parameter (e.g. `$filter`); encoding happens when the URL is built.
    #[must_use]
    pub fn query(mut self, name: &str, value: impl Into<String>) -> Self {
        self.query.push((name.to_owned(), value.into()));
        self
    }

    /// Declares the OData query options the operation's docs say it supports
    /// (set by the generated request functions).
    #[must_use]
    pub fn supports(mut self, options: QueryOptions) -> Self {
        self.supported = options;
        self
    }

    /// The OData query options this request accepts.
    pub fn supported_options(&self) -> QueryOptions {
        self.supported
    }

    /// `$select=a,b`: only these properties.
    #[must_use]
    pub fn select(self, properties: &[&str]) -> Self {
        self.odata(QueryOptions::SELECT, "$select", properties.join(","))
    }

    /// `$expand=a,b`: include these navigation properties.
    #[must_use]
    pub fn expand(self, properties: &[&str]) -> Self {
        self.odata(QueryOptions::EXPAND, "$expand", properties.join(","))
    }

    /// `$filter=…`: an OData filter expression.
    #[must_use]
    pub fn filter(self, expression: &str) -> Self {
        self.odata(QueryOptions::FILTER, "$filter", expression.to_owned())
    }

    /// `$orderby=a desc,b`.
    #[must_use]
    pub fn order_by(self, keys: &[&str]) -> Self {
        self.odata(QueryOptions::ORDER_BY, "$orderby", keys.join(","))
    }

    /// `$top=n`: at most n items per page.
    #[must_use]
    pub fn top(self, n: u32) -> Self {
        self.odata(QueryOptions::TOP, "$top", n.to_string())
    }

    /// `$skip=n`.
    #[must_use]
    pub fn skip(self, n: u32) -> Self {
        self.odata(QueryOptions::SKIP, "$skip", n.to_string())
    }

    /// `$count=true`: include `@odata.count`.
    #[must_use]
    pub fn count(self, count: bool) -> Self {
        self.odata(QueryOptions::COUNT, "$count", count.to_string())
    }

    /// `$search="…"`: the search string, quoted as Graph expects.
    #[must_use]
    pub fn search(self, text: &str) -> Self {
        self.odata(QueryOptions::SEARCH, "$search", format!("\"{}\"", text.replace('"', "\\\"")))
    }

    /// Adds an option the docs list for this operation; any other is an
    /// error from [`Request::to_http`] (use [`Request::query`] to send it
    /// anyway).
    fn odata(mut self, option: QueryOptions, name: &str, value: String) -> Self {
        if !self.supported.contains(option) {
            self.fail(format!("{name} is not documented for this operation (use `query` to send it anyway)"));
        }
        self.query(name, value)
    }

    /// Appends a header; an invalid one is reported by [`Request::to_http`]
    /// without echoing its value, which may be a credential.
    #[must_use]
    pub fn header(mut self, name: &str, value: &str) -> Self {
        match (HeaderName::from_bytes(name.as_bytes()), HeaderValue::from_str(value)) {
            (Ok(name), Ok(mut value)) => {
                let secret = ["authorization", "proxy-authorization", "cookie"];
                value.set_sensitive(secret.contains(&name.as_str()));
                self.put_header(name, value, false);
            }
            _ => self.fail(format!("invalid header {name:?} (bad name or value)")),
        }
        self
    }

    fn put_header(&mut self, name: HeaderName, value: HeaderValue, replace: bool) {
        let added = if replace {
            self.headers.try_insert(name, value).map(|_| ())
        } else {
            self.headers.try_append(name, value).map(|_| ())
        };
        if added.is_err() {
            self.fail("too many headers".to_owned());
        }
    }

    /// The HTTP method.
    pub fn method(&self) -> &Method {
        &self.method
    }
    /// The encoded path, relative to the service root (for a request made
    /// by [`Request::next_page`], the absolute `@odata.nextLink`).
    pub fn path(&self) -> &str {
        &self.path
    }
    /// The encoded path plus query string, as sent on the wire.
    pub fn path_and_query(&self) -> String {
        let mut out = self.path.clone();
        for (name, value) in &self.query {
            // A next link already carries a query string.
            out.push(if out.contains('?') { '&' } else { '?' });
            out.extend(utf8_percent_encode(name, QUERY_NAME));
            out.push('=');
            out.extend(utf8_percent_encode(value, QUERY_VALUE));
        }
        out
    }
    /// The body bytes, if any.
    pub fn body(&self) -> Option<&[u8]> {
        self.body.as_deref()
    }
    /// The status the API documents for success.
    pub fn expected_status(&self) -> StatusCode {
        self.expected_status
    }

    /// Builds the request against a service root such as
    /// `https://graph.microsoft.com/v1.0` (a trailing slash is tolerated).
    pub fn to_http(&self, base_url: &str) -> Result<http::Request<Vec<u8>>, Error> {
        if let Some(message) = &self.error {
            return Err(Error::InvalidRequest(message.clone()));
        }
        let url = if self.absolute {
            self.path_and_query()
        } else if self.path.starts_with('/') {
            format!("{}{}", base_url.trim_end_matches('/'), self.path_and_query())
        } else {
            return Err(Error::InvalidRequest("path must start with '/'".to_owned()));
        };
        let uri: http::Uri = url.parse().map_err(|e| Error::InvalidRequest(format!("invalid URL: {e}")))?;
        if uri.authority().is_none() {
            return Err(Error::InvalidRequest("base URL must be absolute".to_owned()));
        }
        if self.absolute && !same_origin(&uri, base_url) {
            // The caller adds its token to whatever this returns: never
            // let a link from a response send it to another host.
            let message = format!("next link {url} is not on the host of {base_url}");
            return Err(Error::InvalidRequest(message));
        }
        let mut request = http::Request::new(self.body.clone().unwrap_or_default());
        *request.method_mut() = self.method.clone();
        *request.uri_mut() = uri;
        *request.headers_mut() = self.headers.clone();
        Ok(request)
    }

    /// Decodes a response. Any 2xx counts as success when a 2xx is expected,
    /// because the documented status is not always the one the service sends
    /// (200 vs 201 vs 204); other statuses must match exactly.
    pub fn decode<B: AsRef<[u8]>>(&self, response: http::Response<B>) -> Result<T, Error>
    where
        T: DeserializeOwned,
    {
        type Plain = de::value::Error;
        let (parts, body) = response.into_parts();
        let (status, body) = (parts.status, body.as_ref());
        let expected = self.expected_status;
        if status != expected && !(status.is_success() && expected.is_success()) {
            let error = StatusError::new(status, &parts.headers, body);
            return Err(Error::Status(Box::new(error)));
        }
        let result: Result<T, BoxError> = match self.kind {
            ResponseKind::Json if !body.iter().all(u8::is_ascii_whitespace) => {
                serde_json::from_slice(body).map_err(Into::into)
            }
            ResponseKind::Json | ResponseKind::Empty => {
                T::deserialize(de::value::UnitDeserializer::<Plain>::new()).map_err(Into::into)
            }
            ResponseKind::Bytes => {
                T::deserialize(de::value::BytesDeserializer::<Plain>::new(body)).map_err(Into::into)
            }
        };
        result.map_err(|source| Error::Decode { status, source, body: body.to_vec() })
    }
}

impl<T> Request<Page<T>> {
    /// The request for the page after `page`, or `None` after the last page:
    /// a GET of its absolute `@odata.nextLink` (which already carries the
    /// query options) with this request's headers. [`Request::to_http`]
    /// builds it only for the scheme and host of the base URL.
    pub fn next_page(&self, page: &Page<T>) -> Option<Self> {
        let link = page.next_link()?;
        let mut headers = self.headers.clone();
        headers.remove(CONTENT_TYPE);
        Some(Request {
            method: Method::GET,
            path: link.to_owned(),
            absolute: true,
            query: Vec::new(),
            headers,
            body: None,
            expected_status: self.expected_status,
            kind: self.kind,
            supported: self.supported,
            error: self.error.clone(),
            response: PhantomData,
        })
    }
}

/// True when `uri` has the scheme and authority of `base_url`.
fn same_origin(uri: &http::Uri, base_url: &str) -> bool {
    let Ok(base) = base_url.parse::<http::Uri>() else { return false };
    base.authority().is_some() && uri.scheme() == base.scheme() && uri.authority() == base.authority()
}

impl<T> fmt::Debug for Request<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Credential headers are marked sensitive, so HeaderMap prints them redacted.
        f.debug_struct("Request")
            .field("method", &self.method)
            .field("path_and_query", &self.path_and_query())
            .field("headers", &self.headers)
            .field("body_len", &self.body.as_ref().map(Vec::len))
            .finish_non_exhaustive()
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

/// Any error, as carried by [`Error`] for decoding, transport and token failures.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Why a request could not be built or its response not used.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The service answered with an unexpected status (usually a Graph error).
    Status(Box<StatusError>),
    /// A success response whose body does not fit the response type.
    Decode {
        /// The (successful) status received.
        status: StatusCode,
        /// The JSON or raw-value decoding error.
        source: BoxError,
        /// The raw body, for diagnosis.
        body: Vec<u8>,
    },
    /// The request could not be built (bad header, body or URL).
    InvalidRequest(String),
    /// No usable response: connecting, TLS, a timeout or reading the body
    /// failed (used by the `client` feature).
    Transport(BoxError),
    /// The access token could not be obtained from the caller's token source
    /// (used by the `client` feature).
    Token(BoxError),
}

impl Error {
    /// The HTTP status, if a response was received.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Status(e) => Some(e.status),
            Error::Decode { status, .. } => Some(*status),
            Error::InvalidRequest(_) | Error::Transport(_) | Error::Token(_) => None,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Never prints headers or raw bodies, which may carry credentials.
        match self {
            Error::Status(e) => e.fmt(f),
            Error::Decode { status, source, .. } => {
                write!(f, "cannot decode {status} response: {source}")
            }
            Error::InvalidRequest(message) => write!(f, "invalid request: {message}"),
            Error::Transport(source) => write!(f, "HTTP transport failed: {source}"),
            Error::Token(source) => write!(f, "cannot get an access token: {source}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Decode { source, .. } | Error::Transport(source) | Error::Token(source) => Some(&**source),
            Error::Status(_) | Error::InvalidRequest(_) => None,
        }
    }
}

/// An unexpected status, with what is needed to report or retry it.
#[derive(Clone, Debug, PartialEq)]
pub struct StatusError {
    /// The status received.
    pub status: StatusCode,
    /// The Graph error body, when the body was one.
    pub error: Option<GraphError>,
    /// The `request-id` header, which Microsoft support asks for.
    pub request_id: Option<String>,
    /// The `client-request-id` header, echoing the caller's id.
    pub client_request_id: Option<String>,
    /// `Retry-After` in seconds (throttling, 429/503); HTTP dates are ignored.
    pub retry_after: Option<std::time::Duration>,
    /// The raw body.
    pub body: Vec<u8>,
}

impl StatusError {
    fn new(status: StatusCode, headers: &HeaderMap, body: &[u8]) -> Self {
        #[derive(Deserialize)]
        struct Body {
            error: GraphError,
        }
        let header = |name: &str| headers.get(name)?.to_str().ok().map(str::to_owned);
        StatusError {
            status,
            error: serde_json::from_slice::<Body>(body).ok().map(|b| b.error),
            request_id: header("request-id"),
            client_request_id: header("client-request-id"),
            retry_after: header("retry-after")
                .and_then(|v| v.trim().parse().ok())
                .map(std::time::Duration::from_secs),
            body: body.to_vec(),
        }
    }

    /// The request id, from the error body's `innerError` or else the header.
    pub fn request_id(&self) -> Option<&str> {
        let inner = self.error.as_ref().and_then(GraphError::request_id);
        inner.or(self.request_id.as_deref())
    }
}

impl fmt::Display for StatusError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Graph returned {}", self.status)?;
        if let Some(e) = &self.error {
            write!(f, ": {}: {}", e.code, e.message)?;
        }
        match self.request_id() {
            Some(id) => write!(f, " (request-id {id})"),
            None => Ok(()),
        }
    }
}

impl std::error::Error for StatusError {}

/// The `error` member of a Graph error body.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct GraphError {
    /// Machine-readable code such as `itemNotFound`.
    pub code: String,
    /// Human-readable message.
    pub message: String,
    /// Service detail, often with `request-id` and `date`.
    #[serde(rename = "innerError", alias = "innererror")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inner_error: Option<serde_json::Value>,
    /// Other members (e.g. `details`), kept rather than dropped.
    #[serde(flatten)]
    pub additional_properties: JsonObject,
}

impl GraphError {
    /// The `request-id` from `innerError`, if the service sent one.
    pub fn request_id(&self) -> Option<&str> {
        self.inner_error.as_ref()?.get("request-id")?.as_str()
    }
}

/// One page of a collection response; fetch `@odata.nextLink` for the next.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Page<T> {
    /// The items on this page.
    #[serde(default = "Vec::new")]
    pub value: Vec<T>,
    /// Absolute URL of the next page.
    #[serde(rename = "@odata.nextLink", skip_serializing_if = "Option::is_none")]
    pub next_link: Option<String>,
    /// Total count, when requested with `$count=true`.
    #[serde(rename = "@odata.count", skip_serializing_if = "Option::is_none")]
    pub count: Option<i64>,
    /// Other members such as `@odata.context` or `@odata.deltaLink`.
    #[serde(flatten)]
    pub additional_properties: JsonObject,
}

impl<T> Default for Page<T> {
    fn default() -> Self {
        Page { value: Vec::new(), next_link: None, count: None, additional_properties: JsonObject::new() }
    }
}

impl<T> Page<T> {
    /// The absolute next-page URL; [`Request::next_page`] builds its request.
    pub fn next_link(&self) -> Option<&str> {
        self.next_link.as_deref()
    }
}

/// `Edm.Duration` (ISO 8601, e.g. `PT1H30M`), kept as text so that values
/// with no fixed length (months, years) survive a round trip.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Duration(pub String);

impl Duration {
    /// The length, or `None` if negative, malformed or using nonzero years or months.
    pub fn to_std(&self) -> Option<std::time::Duration> {
        let rest = self.0.strip_prefix('P')?;
        let (date, time) = match rest.split_once('T') {
            Some((_, "")) => return None,
            Some((date, time)) => (date, time),
            None => (rest, ""),
        };
        if date.is_empty() && time.is_empty() {
            return None;
        }
        let date_units = [('Y', 0), ('M', 0), ('W', 604_800), ('D', 86_400)];
        let total = parse_units(date, &date_units)?;
        total.checked_add(parse_units(time, &[('H', 3600), ('M', 60), ('S', 1)])?)
    }
}

/// Sums `<number><unit>` pairs in unit order; a unit of 0 seconds has no fixed length.
fn parse_units(mut s: &str, units: &[(char, u64)]) -> Option<std::time::Duration> {
    let mut units = units.iter();
    let mut total = std::time::Duration::ZERO;
    while !s.is_empty() {
        let end = s.find(|c: char| !c.is_ascii_digit() && c != '.')?;
        let (number, rest) = s.split_at(end);
        let mut chars = rest.chars();
        let unit = chars.next()?;
        let &(_, secs) = units.by_ref().find(|(u, _)| *u == unit)?;
        let (int, frac) = number.split_once('.').unwrap_or((number, ""));
        let n: u64 = int.parse().ok()?;
        if (secs == 0 && n != 0) || number.contains('.') && (unit != 'S' || frac.is_empty()) {
            return None;
        }
        if !frac.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let nanos = frac.bytes().chain(std::iter::repeat(b'0')).take(9);
        let nanos = nanos.fold(0u32, |acc, b| acc * 10 + u32::from(b - b'0'));
        let part = std::time::Duration::new(n.checked_mul(secs)?, nanos);
        total = total.checked_add(part)?;
        s = chars.as_str();
    }
    Some(total)
}

impl From<std::time::Duration> for Duration {
    fn from(value: std::time::Duration) -> Self {
        let secs = value.as_secs();
        match value.subsec_nanos() {
            0 => Duration(format!("PT{secs}S")),
            nanos => {
                let frac = format!("{nanos:09}");
                Duration(format!("PT{secs}.{}S", frac.trim_end_matches('0')))
            }
        }
    }
}

/// Decodes padded or unpadded input, whatever a service or user sends.
const fn lenient(alphabet: &'static alphabet::Alphabet) -> GeneralPurpose {
    let config = GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent);
    GeneralPurpose::new(alphabet, config)
}
const STANDARD_IN: GeneralPurpose = lenient(&alphabet::STANDARD);
const URL_SAFE_IN: GeneralPurpose = lenient(&alphabet::URL_SAFE);

/// `Edm.Binary`: bytes carried in JSON as a base64 string.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Base64(pub Vec<u8>);

impl Serialize for Base64 {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&STANDARD.encode(&self.0))
    }
}

impl<'de> Deserialize<'de> for Base64 {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        let url_safe = text.contains(['-', '_']);
        let engine = if url_safe { &URL_SAFE_IN } else { &STANDARD_IN };
        engine.decode(&text).map(Base64).map_err(de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

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
        const MEMBERS: &'static [(Self, &'static str)] =
            &[(Self::Home, "home"), (Self::Business, "business")];
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

    #[test]
    fn field_keeps_absent_null_value_and_unknown_keys() {
        let absent = phone("{}");
        assert!(absent.display_name.is_absent() && absent.kind.is_absent());
        assert!(phone(r#"{"displayName":null}"#).display_name.is_null());
        let full = phone(r#"{"displayName":"x","number":null}"#);
        assert_eq!(full.display_name.value().map(String::as_str), Some("x"));
        assert_eq!(full.additional_properties["number"], json!(null));
        let typed = phone(r#"{"type":"home","x":[1]}"#);
        assert_eq!(typed.kind, Field::Value(PhoneType::Home));
        assert_eq!(phone(r#"{"type":"fax"}"#).kind.value().map(PhoneType::as_str), Some("fax"));
    }

    #[test]
    fn a_value_of_the_wrong_type_is_kept_raw() {
        let before = mismatched_values();
        let text = r#"{"displayName":7,"type":"home"}"#;
        let phone: ItemPhone = serde_json::from_str(text).unwrap();
        assert_eq!(phone.display_name, Field::Mismatch(json!(7)));
        assert_eq!(phone.display_name.value(), None);
        assert_eq!(serde_json::to_string(&phone).unwrap(), text);
        assert!(mismatched_values() > before);
    }

    #[test]
    fn flags_combine_members_with_commas() {
        let flags: Flags<PhoneType> = serde_json::from_value(json!("home,business,satellite")).unwrap();
        assert_eq!(
            flags.0,
            [PhoneType::Home, PhoneType::Business, PhoneType::Undocumented("satellite".into())]
        );
        assert_eq!(serde_json::to_value(&flags).unwrap(), json!("home,business,satellite"));
        let none: Flags<PhoneType> = serde_json::from_value(json!("")).unwrap();
        assert!(none.0.is_empty());
    }

    #[test]
    fn field_helpers() {
        let f: Field<u8> = 3.into();
        assert!(f.is_value());
        assert_eq!(f.as_ref().map(|v| v + 1), Field::Value(4));
        assert_eq!(f.into_value(), Some(3));
        assert_eq!(Field::<u8>::from_option(None), Field::Null);
        assert_eq!(Field::<u8>::Null.into_value(), None);
        // No `T: Default` bound: open enums have no Default.
        assert!(Field::<PhoneType>::default().is_absent());
        assert!(Page::<PhoneType>::default().value.is_empty());
    }

    #[test]
    fn wire_enum_round_trips_known_and_unknown() {
        for wire in ["home", "business", "satellite", "a,b", ""] {
            let value: PhoneType = serde_json::from_value(json!(wire)).unwrap();
            assert_eq!((value.as_str(), value.to_string()), (wire, wire.to_owned()));
            assert_eq!(serde_json::to_value(&value).unwrap(), json!(wire));
        }
        assert_eq!("business".parse(), Ok(PhoneType::Business));
        assert_eq!(PhoneType::from("x"), PhoneType::Undocumented("x".into()));
        assert_eq!(Unlisted::from("y").as_str(), "y");
        assert!(serde_json::from_value::<PhoneType>(json!(1)).is_err());
    }

    #[test]
    fn query_options_are_typed_and_checked() {
        let list: Request<NoContent> = Request::new(Method::GET, "/me/x".into(), 200, ResponseKind::Json)
            .supports(QueryOptions::TOP | QueryOptions::FILTER | QueryOptions::SEARCH);
        let list = list.top(5).filter("a eq 'b'").search("x y");
        assert_eq!(list.path_and_query(), "/me/x?$top=5&$filter=a%20eq%20%27b%27&$search=%22x%20y%22");
        assert!(list.to_http("https://graph.microsoft.com/v1.0").is_ok());
        let get: Request<NoContent> = Request::new(Method::GET, "/me/x".into(), 200, ResponseKind::Json);
        let Err(Error::InvalidRequest(message)) = get.top(1).to_http("https://graph.microsoft.com/v1.0")
        else {
            panic!("an undocumented option is an error")
        };
        assert!(message.contains("$top is not documented"), "{message}");
    }

    #[test]
    fn encode_segment_cannot_escape_the_segment() {
        assert_eq!(encode_segment("a/b?c#d"), "a%2Fb%3Fc%23d");
        assert_eq!(encode_segment("50%+1=2"), "50%25%2B1%3D2");
        assert_eq!(encode_segment(".."), "%2E%2E");
        assert_eq!(encode_segment("a b/é"), "a%20b%2F%C3%A9");
        assert_eq!(encode_segment("AZaz09-_~"), "AZaz09-_~");
    }

    fn req<T>(status: u16, kind: ResponseKind) -> Request<T> {
        Request::new(Method::GET, "/me".into(), status, kind)
    }

    #[test]
    fn to_http_builds_url_headers_and_body() {
        let path = format!("/users/{}/events", encode_segment("a/b"));
        let request = Request::<NoContent>::new(Method::POST, path, 201, ResponseKind::Empty)
            .query("$filter", "name eq 'a&b'")
            .query("$top", "5")
            .header("Authorization", "Bearer secret")
            .json_body(&json!({"a": 1}));
        let url = "/users/a%2Fb/events?$filter=name%20eq%20%27a%26b%27&$top=5";
        assert_eq!(request.path_and_query(), url);
        let http = request.to_http("https://graph.microsoft.com/v1.0/").unwrap();
        assert_eq!(http.uri().to_string(), format!("https://graph.microsoft.com/v1.0{url}"));
        assert_eq!(http.method(), Method::POST);
        assert_eq!(http.headers()[CONTENT_TYPE], "application/json");
        assert_eq!((http.body(), request.body()), (&br#"{"a":1}"#.to_vec(), Some(&b"{\"a\":1}"[..])));
        assert!(!format!("{request:?}").contains("secret"));
        assert_eq!(request.expected_status(), StatusCode::CREATED);
    }

    #[test]
    fn next_page_follows_the_link_on_the_same_host_only() {
        let base = "https://graph.microsoft.com/v1.0";
        let first = req::<Page<JsonObject>>(200, ResponseKind::Json)
            .query("$top", "2")
            .header("ConsistencyLevel", "eventual");
        assert!(first.next_page(&Page::default()).is_none());
        let link = Some(format!("{base}/me?$top=2&$skiptoken=X"));
        let mut page = Page { next_link: link, ..Page::default() };
        let next = first.next_page(&page).unwrap().query("$count", "true");
        let http = next.to_http(&format!("{base}/")).unwrap();
        assert_eq!(http.uri().to_string(), format!("{base}/me?$top=2&$skiptoken=X&$count=true"));
        assert_eq!(http.method(), Method::GET);
        assert_eq!(http.headers()["consistencylevel"], "eventual");
        assert!(next.to_http("https://graph.microsoft.us/v1.0").is_err());
        assert!(next.to_http("http://graph.microsoft.com/v1.0").is_err());
        page.next_link = Some("/me?$skiptoken=X".into());
        assert!(first.next_page(&page).unwrap().to_http(base).is_err());
    }

    #[test]
    fn bad_input_is_an_error_not_a_panic() {
        let base = "https://graph.microsoft.com/v1.0";
        let get = || req::<NoContent>(204, ResponseKind::Empty);
        let bad_header = get().header("Authorization", "Bearer secret\n");
        let message = bad_header.to_http(base).unwrap_err().to_string();
        assert!(message.contains("Authorization") && !message.contains("secret"));
        assert!(get().header("bad name", "v").to_http(base).is_err());
        assert!(get().bytes_body("a\nb", vec![]).to_http(base).is_err());
        let bad_key = std::collections::HashMap::from([(vec![1u8], 1)]);
        assert!(get().json_body(&bad_key).to_http(base).is_err());
        assert!(get().to_http("not a url").is_err() && get().to_http("").is_err());
        assert!(req::<NoContent>(7, ResponseKind::Empty).to_http(base).is_err());
        let relative = Request::<NoContent>::new(Method::GET, "me".into(), 200, ResponseKind::Empty);
        assert!(relative.to_http(base).is_err());
    }

    fn response(status: u16, body: &str) -> http::Response<&[u8]> {
        let mut response = http::Response::new(body.as_bytes());
        *response.status_mut() = StatusCode::from_u16(status).unwrap();
        response
    }

    #[test]
    fn decode_graph_error() {
        let body = r#"{"error":{"code":"itemNotFound","message":"Not found",
            "innerError":{"request-id":"inner-id","date":"2024-01-01T00:00:00"}}}"#;
        let mut resp = response(404, body);
        resp.headers_mut().insert("request-id", HeaderValue::from_static("header-id"));
        resp.headers_mut().insert("retry-after", HeaderValue::from_static("7"));
        let request = req::<JsonObject>(200, ResponseKind::Json);
        let Err(Error::Status(e)) = request.decode(resp) else { panic!() };
        assert_eq!(e.status, StatusCode::NOT_FOUND);
        assert_eq!(e.error.as_ref().map(|g| g.code.as_str()), Some("itemNotFound"));
        assert_eq!((e.request_id(), e.request_id.as_deref()), (Some("inner-id"), Some("header-id")));
        assert_eq!(e.retry_after, Some(std::time::Duration::from_secs(7)));
        let text = "Graph returned 404 Not Found: itemNotFound: Not found (request-id inner-id)";
        assert_eq!(e.to_string(), text);
        let Err(Error::Status(e)) = request.decode(response(500, "<html>")) else { panic!() };
        assert!(e.error.is_none() && e.request_id().is_none());
    }

    #[test]
    fn decode_success_kinds() {
        let json = req::<Page<JsonObject>>(200, ResponseKind::Json);
        let body = r#"{"value":[{}],"@odata.nextLink":"https://n","@odata.count":3}"#;
        let page = json.decode(response(200, body)).unwrap();
        assert_eq!((page.value.len(), page.next_link(), page.count), (1, Some("https://n"), Some(3)));
        let malformed = json.decode(response(200, "{\"value\":["));
        assert!(matches!(malformed, Err(Error::Decode { .. })));
        assert_eq!(json.decode(response(302, "")).unwrap_err().status(), Some(StatusCode::FOUND));
        let empty = req::<NoContent>(204, ResponseKind::Empty);
        assert_eq!(empty.decode(response(200, "{\"ignored\":1}")).unwrap(), NoContent);
        let optional = req::<Option<JsonObject>>(200, ResponseKind::Json);
        assert_eq!(optional.decode(response(204, "")).unwrap(), None);
        let raw = req::<Bytes>(200, ResponseKind::Bytes);
        assert_eq!(raw.decode(response(200, "\u{0}ab")).unwrap(), Bytes(b"\0ab".to_vec()));
        let wrong = req::<JsonObject>(200, ResponseKind::Bytes).decode(response(200, "a"));
        assert!(matches!(wrong, Err(Error::Decode { .. })));
    }

    #[test]
    fn duration_parses_iso_8601() {
        let secs = |text: &str| Duration(text.into()).to_std().map(|d| d.as_secs_f64());
        assert_eq!(
            (secs("PT1H30M"), secs("P1D"), secs("P1W")),
            (Some(5400.0), Some(86400.0), Some(604800.0))
        );
        assert_eq!((secs("P0Y0M1DT2S"), secs("PT1.25S")), (Some(86402.0), Some(1.25)));
        let bad = "-PT5S P1M P1Y P PT P1DT P1H PT1M1H PT.5S PT1.S PT1.5M PT1.2.3S 1D PT9999999999999999999H";
        for text in bad.split(' ') {
            assert_eq!(secs(text), None, "{text}");
        }
        let iso = |d: std::time::Duration| Duration::from(d).0;
        assert_eq!(iso(std::time::Duration::from_secs(5400)), "PT5400S");
        assert_eq!(iso(std::time::Duration::from_millis(1500)), "PT1.5S");
        assert_eq!(serde_json::to_value(Duration("P1D".into())).unwrap(), json!("P1D"));
    }

    #[test]
    fn base64_round_trips_and_accepts_variants() {
        let bytes = Base64(vec![0xfb, 0xff]);
        assert_eq!(serde_json::to_value(&bytes).unwrap(), json!("+/8="));
        for text in ["+/8=", "+/8", "-_8", "-_8="] {
            assert_eq!(serde_json::from_value::<Base64>(json!(text)).unwrap(), bytes);
        }
        assert!(serde_json::from_value::<Base64>(json!("!!")).is_err());
    }
}
