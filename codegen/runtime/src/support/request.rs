//! `Request<T>`: a typed Graph request, built without any HTTP client, and
//! the decoding of its response.

use std::fmt;
use std::marker::PhantomData;
use std::time::Duration;

use http::header::{HeaderName, HeaderValue, CONTENT_TYPE};
use http::{HeaderMap, Method, StatusCode};
use serde::de::{self, DeserializeOwned};
use serde::Serialize;

use super::encoding::push_query_param;
use super::{BoxError, Error, Page, ResponseKind, ResponseValue, StatusError};

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
    error: Option<String>,
    /// The client's per-attempt timeout, replaced for this request.
    timeout: Option<Duration>,
    /// Marked safe to send again although its method is not idempotent.
    marked_idempotent: bool,
    response: PhantomData<fn() -> T>,
}

impl<T> Request<T> {
    /// `path` must already be percent-encoded (see [`encode_segment`](super::encode_segment)) and start with `/`.
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
            error: status.err().map(|_| format!("invalid status {expected_status}")),
            timeout: None,
            marked_idempotent: false,
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

    /// Sets a raw body (file content for an upload) and its `Content-Type`;
    /// an invalid content type is an error from [`Request::to_http`].
    #[must_use]
    pub fn bytes_body(mut self, content_type: &str, bytes: impl Into<Vec<u8>>) -> Self {
        match HeaderValue::from_str(content_type) {
            Ok(value) => self.put_header(CONTENT_TYPE, value, true),
            Err(_) => self.fail(format!("invalid content type {content_type:?}")),
        }
        self.body = Some(bytes.into());
        self
    }

    /// Appends a query parameter (e.g. `$filter`); encoding happens when the URL is built.
    #[must_use]
    pub fn query(mut self, name: &str, value: impl Into<String>) -> Self {
        self.query.push((name.to_owned(), value.into()));
        self
    }

    /// Sends `$select=a,b`: only these properties. Every request takes it;
    /// no option is refused here, the service says which it accepts.
    #[must_use]
    pub fn select(self, properties: &[&str]) -> Self {
        self.query("$select", properties.join(","))
    }

    /// Sends `$expand=a,b`: include these navigation properties.
    #[must_use]
    pub fn expand(self, properties: &[&str]) -> Self {
        self.query("$expand", properties.join(","))
    }

    /// Sends `ConsistencyLevel: eventual` (replacing any earlier one), which
    /// advanced queries (`$count`, `$search`, `ne`, `endsWith` on directory
    /// objects) need.
    #[must_use]
    pub fn consistency_level(mut self, level: ConsistencyLevel) -> Self {
        let ConsistencyLevel::Eventual = level;
        self.put_header(
            HeaderName::from_static("consistencylevel"),
            HeaderValue::from_static("eventual"),
            true,
        );
        self
    }

    /// Appends a `Prefer` header (`outlook.timezone="Pacific Standard Time"`,
    /// `return=minimal`, `respond-async`, ...): each call adds one. An
    /// invalid value is an error from [`Request::to_http`].
    #[must_use]
    pub fn prefer(self, preference: &str) -> Self {
        self.header("Prefer", preference)
    }

    /// Sends `If-Match: etag` (replacing any earlier one): only if the
    /// resource is unchanged (a `412` otherwise).
    #[must_use]
    pub fn if_match(self, etag: &str) -> Self {
        self.set_header(http::header::IF_MATCH, etag)
    }

    /// Sends `If-None-Match: etag` (replacing any earlier one): only if the
    /// resource changed (a `304` otherwise).
    #[must_use]
    pub fn if_none_match(self, etag: &str) -> Self {
        self.set_header(http::header::IF_NONE_MATCH, etag)
    }

    fn set_header(mut self, name: HeaderName, value: &str) -> Self {
        match HeaderValue::from_str(value) {
            Ok(value) => self.put_header(name, value, true),
            Err(_) => self.fail(format!("invalid {name} header value")),
        }
        self
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

    /// Gives each attempt of this request `timeout` (to the end of the
    /// response body) instead of the client's. Only the `client` feature
    /// reads it.
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Marks the request safe to send again after a timeout or a failed
    /// connection, as GET, HEAD, PUT and DELETE are: for a POST whose
    /// effect is the same however often it arrives (an action that sets a
    /// state). Unmarked POSTs and PATCHes are never resent after such a
    /// failure, as the service may have acted on them.
    #[must_use]
    pub fn idempotent(mut self) -> Self {
        self.marked_idempotent = true;
        self
    }

    /// The timeout set by [`Request::timeout`], if any.
    pub fn attempt_timeout(&self) -> Option<Duration> {
        self.timeout
    }

    /// True when the request may be sent again after a failure without an
    /// answer: its method is idempotent, or it was marked
    /// [`Request::idempotent`].
    pub fn is_idempotent(&self) -> bool {
        self.method.is_idempotent() || self.marked_idempotent
    }

    /// The HTTP method.
    pub fn method(&self) -> &Method {
        &self.method
    }
    /// The encoded path, relative to the service root (for a request made
    /// by [`Request::from_link`] or [`Request::next_page`], the absolute
    /// link).
    pub fn path(&self) -> &str {
        &self.path
    }
    /// The encoded path plus query string, as sent on the wire.
    pub fn path_and_query(&self) -> String {
        let mut out = self.path.clone();
        for (name, value) in &self.query {
            // A next link already carries a query string.
            out.push(if out.contains('?') { '&' } else { '?' });
            push_query_param(&mut out, name, value);
        }
        out
    }
    /// The headers set so far (the bearer token is the client's, not here).
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
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
            let message =
                if self.absolute { "a link must be an absolute URL" } else { "base URL must be absolute" };
            return Err(Error::InvalidRequest(message.to_owned()));
        }
        if self.absolute && !under_root(&uri, base_url) {
            // The caller adds its token to whatever this returns: never
            // let a link from a response send it to another host or API.
            let origin = format!(
                "{}://{}",
                uri.scheme_str().unwrap_or_default(),
                uri.authority().map_or("", |a| a.as_str())
            );
            let message = format!("link on {origin}{} is not under the service root {base_url}", uri.path());
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
        self.decode_response(response).map(ResponseValue::into_inner)
    }

    /// [`Request::decode`], keeping the status and headers of the success
    /// (the `Location` of a `202 Accepted`, an `ETag`).
    pub fn decode_response<B: AsRef<[u8]>>(
        &self,
        response: http::Response<B>,
    ) -> Result<ResponseValue<T>, Error>
    where
        T: DeserializeOwned,
    {
        let (parts, body) = response.into_parts();
        let (status, body) = (parts.status, body.as_ref());
        if !self.accepts(status) {
            let error = StatusError::new(status, &parts.headers, body);
            return Err(Error::Status(Box::new(error)));
        }
        decode_success(self.kind, status, parts.headers, body)
    }

    /// True when `status` is a success for this request: the documented
    /// one, or any 2xx when a 2xx is documented (see [`Request::decode`]).
    pub fn accepts(&self, status: StatusCode) -> bool {
        let expected = self.expected_status;
        status == expected || (status.is_success() && expected.is_success())
    }

    /// A GET of an absolute link from a response (an `@odata.nextLink`,
    /// an `@odata.deltaLink`), decoded as `T`. [`Request::to_http`] builds
    /// it only under the service root it is given.
    pub fn from_link(link: &str) -> Self {
        let mut request = Request::new(Method::GET, link.to_owned(), 200, ResponseKind::Json);
        request.absolute = true;
        request
    }
}

impl<T> Request<Page<T>> {
    /// Sends `$filter=expression`: only the items matching an OData filter
    /// expression such as `startswith(displayName,'a')` (percent-encoded
    /// on the wire). Collection requests only.
    #[must_use]
    pub fn filter(self, expression: &str) -> Self {
        self.query("$filter", expression)
    }

    /// Sends `$orderby=a desc,b`: the items sorted by these keys, each
    /// optionally followed by `asc` or `desc`. Collection requests only.
    #[must_use]
    pub fn order_by(self, keys: &[&str]) -> Self {
        self.query("$orderby", keys.join(","))
    }

    /// Sends `$top=n`: at most n items per page. Collection requests only.
    #[must_use]
    pub fn top(self, n: u32) -> Self {
        self.query("$top", n.to_string())
    }

    /// Sends `$skip=n`: the items after the first n. Collection requests
    /// only.
    #[must_use]
    pub fn skip(self, n: u32) -> Self {
        self.query("$skip", n.to_string())
    }

    /// Sends `$count=true` (or `false`): include `@odata.count`, the total
    /// number of items (directory objects also need
    /// [`Request::consistency_level`]). Collection requests only.
    #[must_use]
    pub fn count(self, count: bool) -> Self {
        self.query("$count", count.to_string())
    }

    /// Sends `$search="text"`: the search string in double quotes, as Graph
    /// expects, its own `"`s escaped as `\"`. Collection requests only.
    #[must_use]
    pub fn search(self, text: &str) -> Self {
        self.query("$search", format!("\"{}\"", text.replace('"', "\\\"")))
    }

    /// The request for the page after `page`, or `None` after the last page:
    /// a GET of its absolute `@odata.nextLink` (which already carries the
    /// query options) with this request's headers. [`Request::to_http`]
    /// builds it only under the service root.
    pub fn next_page(&self, page: &Page<T>) -> Option<Self> {
        let mut next = Request::from_link(page.next_link()?);
        next.headers = self.headers.clone();
        next.headers.remove(CONTENT_TYPE);
        next.expected_status = self.expected_status;
        next.kind = self.kind;
        next.error = self.error.clone();
        next.timeout = self.timeout;
        Some(next)
    }
}

/// Decodes the body of a success as `kind` says (shared with the uploads,
/// whose last answer is a drive item's JSON or an empty `201`).
pub(super) fn decode_success<T: DeserializeOwned>(
    kind: ResponseKind,
    status: StatusCode,
    headers: HeaderMap,
    body: &[u8],
) -> Result<ResponseValue<T>, Error> {
    type Plain = de::value::Error;
    let result: Result<T, BoxError> = match kind {
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
    match result {
        Ok(value) => Ok(ResponseValue::new(status, headers, value)),
        Err(source) => Err(Error::Decode { status, source, body: body.to_vec() }),
    }
}

/// How current a directory query's data must be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConsistencyLevel {
    /// `eventual`: may lag, allows advanced queries.
    Eventual,
}

/// True when `uri` is on the scheme, host and port of `base_url` (a missing
/// port being the scheme's default) and its path below the base's
/// (`/v1.0/...` under `…/v1.0`, not `/beta/...` or `/v1.0evil`), with no
/// dot-segment, literal or percent-encoded, that an HTTP client could
/// resolve out of it (`/v1.0/../beta`).
fn under_root(uri: &http::Uri, base_url: &str) -> bool {
    let Ok(base) = base_url.parse::<http::Uri>() else { return false };
    let port = |u: &http::Uri| {
        u.port_u16().or(match u.scheme_str() {
            Some("https") => Some(443),
            Some("http") => Some(80),
            _ => None,
        })
    };
    let same_host = match (uri.host(), base.host()) {
        (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
        _ => false,
    };
    let root = base.path().trim_end_matches('/');
    let path = uri.path();
    let below = path.strip_prefix(root).is_some_and(|rest| rest.is_empty() || rest.starts_with('/'));
    same_host && uri.scheme() == base.scheme() && port(uri) == port(&base) && below && !has_dot_segment(path)
}

/// True when a segment of `path` is `.` or `..` once percent-decoded (the
/// URL standard resolves `%2E%2E` like `..`).
pub(super) fn has_dot_segment(path: &str) -> bool {
    path.split('/').any(|segment| {
        let decoded = segment.to_ascii_lowercase().replace("%2e", ".");
        decoded == "." || decoded == ".."
    })
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
