//! `Request<T>`: a typed Graph request, built without any HTTP client, and
//! the decoding of its response.

use std::fmt;
use std::marker::PhantomData;

use http::header::{HeaderName, HeaderValue, CONTENT_TYPE};
use http::{HeaderMap, Method, StatusCode};
use serde::de::{self, DeserializeOwned};
use serde::Serialize;

use super::encoding::push_query_param;
use super::{BoxError, Error, Page, QueryOptions, ResponseKind, StatusError};

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
            push_query_param(&mut out, name, value);
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
