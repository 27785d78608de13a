//! Why a request failed: the error type of every request, and the Graph
//! error body an unexpected status carries.

use std::fmt;

use http::{HeaderMap, StatusCode};
use serde::{Deserialize, Serialize};

use super::JsonObject;

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
    /// No usable response: connecting, TLS or reading the body failed (used
    /// by the `client` feature, whose source is then an [`Unanswered`]
    /// naming the request), or a batch response has no valid answer for
    /// the request.
    Transport(BoxError),
    /// No complete answer within the attempt's timeout (used by the
    /// `client` feature): which request, after how long.
    Timeout(Box<Unanswered>),
    /// The access token could not be obtained from the caller's token source
    /// (used by the `client` feature).
    Token(BoxError),
    /// Reading the source of an upload or writing a download failed (used
    /// by the `client` feature).
    Io(std::io::Error),
}

impl Error {
    /// The HTTP status, if a response was received.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Status(e) => Some(e.status),
            Error::Decode { status, .. } => Some(*status),
            Error::InvalidRequest(_)
            | Error::Transport(_)
            | Error::Timeout(_)
            | Error::Token(_)
            | Error::Io(_) => None,
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
            Error::Timeout(unanswered) => write!(f, "request timed out: {unanswered}"),
            Error::Token(source) => write!(f, "cannot get an access token: {source}"),
            Error::Io(source) => write!(f, "reading or writing the file failed: {source}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Decode { source, .. } | Error::Transport(source) | Error::Token(source) => Some(&**source),
            Error::Io(source) => Some(source),
            Error::Timeout(unanswered) => Some(&**unanswered),
            Error::Status(_) | Error::InvalidRequest(_) => None,
        }
    }
}

/// A request that got no complete answer: its timeout passed, or the
/// connection failed (refused, reset, closed before the body ended). Says
/// which request, after how many attempts, and whether the service may
/// have acted on it.
#[derive(Debug)]
#[non_exhaustive]
pub struct Unanswered {
    pub method: http::Method,
    /// The path, without the query (an upload URL's query is its
    /// credential).
    pub path: String,
    /// Attempts made, the first included.
    pub attempts: u32,
    /// The timeout of the last attempt, when its passing ended it.
    pub timeout: Option<std::time::Duration>,
    /// True when the request was not sent again because it is not
    /// idempotent (a POST, a PATCH): the service may have acted on it, so
    /// check before sending it again.
    pub not_resent: bool,
    /// What failed, when it was not the timeout.
    pub source: Option<BoxError>,
}

impl Unanswered {
    /// `method path`, with the query left out.
    pub fn new(method: http::Method, path_and_query: &str, attempts: u32) -> Self {
        let path = path_and_query.split(['?', '#']).next().unwrap_or_default().to_owned();
        Unanswered { method, path, attempts, timeout: None, not_resent: false, source: None }
    }
}

impl fmt::Display for Unanswered {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The cause last, so that a report of the error chain can tell it
        // already holds the source's text.
        write!(f, "{} {}", self.method, self.path)?;
        if self.attempts > 1 {
            write!(f, " after {} attempts", self.attempts)?;
        }
        if self.not_resent {
            write!(
                f,
                " (not sent again: the service may have acted on a {}, check before retrying)",
                self.method
            )?;
        }
        match (&self.timeout, &self.source) {
            (Some(timeout), _) => write!(f, ": no complete answer within {timeout:?}"),
            (None, Some(source)) => write!(f, ": {source}"),
            (None, None) => f.write_str(": no answer"),
        }
    }
}

impl std::error::Error for Unanswered {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.as_deref().map(|source| source as _)
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
    /// The response headers (credential headers marked sensitive, so
    /// `Debug` redacts them).
    pub headers: HeaderMap,
}

impl StatusError {
    pub(super) fn new(status: StatusCode, headers: &HeaderMap, body: &[u8]) -> Self {
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
            headers: {
                let mut headers = headers.clone();
                mark_sensitive(&mut headers);
                headers
            },
        }
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The `Location` header: where a `302` redirects (a download URL), or
    /// where a `202 Accepted` operation can be watched.
    pub fn location(&self) -> Option<&str> {
        self.headers.get(http::header::LOCATION)?.to_str().ok()
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

/// Marks the headers that carry credentials as sensitive, so that
/// `Debug` of a `HeaderMap` prints them redacted.
pub(super) fn mark_sensitive(headers: &mut HeaderMap) {
    const SECRET: [&str; 5] =
        ["authorization", "proxy-authorization", "cookie", "set-cookie", "www-authenticate"];
    for (name, value) in headers.iter_mut() {
        if SECRET.contains(&name.as_str()) {
            value.set_sensitive(true);
        }
    }
}

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
