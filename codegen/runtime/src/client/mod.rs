//! An async HTTP client for the generated requests (cargo feature `client`).
//!
//! [`Client::send`] takes any generated [`Request`], adds the bearer token,
//! sends it with reqwest (rustls), retries throttling as its [`RetryPolicy`]
//! allows and decodes the response with [`Request::decode`]: results and
//! errors are exactly those of the sans-IO API. [`Client::pages`] and
//! [`Client::items`] follow `@odata.nextLink` through a whole collection;
//! [`Client::sync`] runs a delta query to its `@odata.deltaLink`.
//! [`Client::send_batch`] and [`Client::send_all`] send many requests as
//! JSON batches (see [`Batch`](crate::support::Batch)).
//! [`Client::upload`] sends a large file to an upload session chunk by
//! chunk, resuming after failures; [`Client::download_to`] streams a file's
//! content into a writer.
//!
//! The token goes only to the service root's origin: a GET's redirects are
//! followed by the client itself, without it (see
//! [`ClientBuilder::http_client`]).
//!
//! Signing in: the client asks its [`TokenSource`] before every attempt. It
//! can be a fixed [`Token`], a closure returning one, a [`CachedToken`]
//! (a closure returning an [`ExpiringToken`], reused until shortly before
//! it expires) or, with the cargo feature `azure-identity`, an
//! `AzureIdentity` around any Azure SDK credential. A national [`Cloud`]
//! is chosen with [`ClientBuilder::cloud`].
//!
//! The generator copies this folder verbatim into every crate it generates
//! (from `codegen/runtime/src/client/`, where it is compiled and tested as
//! the `graph-runtime` crate's `client` feature); edit it there, never in a
//! generated crate, or the change is lost on the next generation.

#[cfg(feature = "azure-identity")]
mod azure_identity;
mod batch;
mod builder;
mod delta;
mod paging;
mod retry;
mod token;
mod token_cache;
mod upload;

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use http::header::{AUTHORIZATION, COOKIE, LOCATION, PROXY_AUTHORIZATION};
use http::Method;
use serde::de::DeserializeOwned;

#[cfg(feature = "azure-identity")]
pub use azure_identity::AzureIdentity;
pub use builder::ClientBuilder;
pub use delta::DeltaSync;
pub use retry::RetryPolicy;
pub use token::{Token, TokenFuture, TokenSource};
pub use token_cache::{CachedToken, ExpiringToken, DEFAULT_REFRESH_MARGIN};
pub use upload::{UploadOptions, UploadSource};

pub use crate::support::Cloud;

use crate::support::{BoxError, Error, Request, ResponseValue, StatusError, Unanswered};

/// Microsoft Graph v1.0 of the global service, the default service root
/// (`Cloud::Global.base_url("v1.0")`).
pub const DEFAULT_BASE_URL: &str = "https://graph.microsoft.com/v1.0";

/// Sends generated requests to a Graph service root. Cheap to clone: clones
/// share the connection pool and the token source.
#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    base_url: Arc<str>,
    token: Arc<dyn TokenSource>,
    retry: RetryPolicy,
    timeout: Duration,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.base_url)
            .field("retry", &self.retry)
            .field("timeout", &self.timeout)
            .field("token", &"<redacted>")
            .finish_non_exhaustive()
    }
}

/// How long an attempt of a request may take, to the end of its body,
/// unless the client or the request says otherwise (the Graph SDKs' value).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(100);

impl Client {
    /// A client for [`DEFAULT_BASE_URL`] with a fixed token and the default
    /// [`RetryPolicy`].
    pub fn new(token: impl Into<Token>) -> Result<Client, Error> {
        Client::builder(token.into()).build()
    }

    /// The service root requests are sent to.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// How long each attempt of a request may take (see
    /// [`ClientBuilder::timeout`]).
    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    /// Sends `request` (retrying as the policy allows) and decodes the
    /// documented response type. An unexpected status is
    /// [`Error::Status`], carrying the Graph error body, `request-id`,
    /// `client-request-id` and `Retry-After`.
    pub async fn send<T: DeserializeOwned>(&self, request: Request<T>) -> Result<T, Error> {
        self.execute(&request).await.map(ResponseValue::into_inner)
    }

    /// [`Client::send`], keeping the status and headers of the success
    /// (the `Location` of a `202 Accepted`, an `ETag`).
    pub async fn send_response<T: DeserializeOwned>(
        &self,
        request: Request<T>,
    ) -> Result<ResponseValue<T>, Error> {
        self.execute(&request).await
    }

    /// Streams the body of `request` (a file's `/content`, a `$value`)
    /// into `writer` instead of memory, following a redirect to a download
    /// URL as [`Client::send`] does; returns the number of bytes written.
    /// Retried as `send` is, which is before any byte is written. The
    /// timeout bounds the wait for the response and for each chunk of the
    /// body, not the whole download, so a large file is not cut off while
    /// it flows; a body that breaks off after bytes were written is an
    /// error (the writer holds a part).
    pub async fn download_to<T, W>(&self, request: Request<T>, writer: &mut W) -> Result<u64, Error>
    where
        T: DeserializeOwned,
        W: std::io::Write + ?Sized,
    {
        let mut retry = 0;
        loop {
            let limit = self.timeout_of(&request);
            let answer = tokio::time::timeout(limit, self.attempt(&request)).await;
            let Some(mut response) = self.answered(&request, answer, limit, &mut retry).await? else {
                continue;
            };
            if request.accepts(response.status()) {
                match stream_body(&mut response, writer, limit).await {
                    Ok(written) => return Ok(written),
                    Err(BrokenBody::Writer(error)) => return Err(Error::Io(error)),
                    // Nothing written yet: an attempt without an answer.
                    Err(BrokenBody::Read { written: 0, answer }) => {
                        self.answered(&request, answer, limit, &mut retry).await?;
                        continue;
                    }
                    Err(BrokenBody::Read { written, answer }) => {
                        let mut unanswered = unanswered(&request, retry + 1);
                        let cause = match answer {
                            Err(_) => format!("no chunk within {limit:?}"),
                            Ok(Err(error)) => error.to_string(),
                            Ok(Ok(())) => "no cause".to_owned(),
                        };
                        let message =
                            format!("the body broke off after {written} bytes were written: {cause}");
                        unanswered.source = Some(message.into());
                        return Err(Error::Transport(Box::new(unanswered)));
                    }
                }
            }
            let answer = tokio::time::timeout(limit, collect(response)).await;
            let Some(response) = self.answered(&request, answer, limit, &mut retry).await? else { continue };
            match request.decode_response(response) {
                Err(Error::Status(error)) => self.pause(request.method(), error, &mut retry).await?,
                Err(error) => return Err(error),
                // Not a success, so `decode_response` reports a status.
                Ok(_) => return Err(Error::InvalidRequest("unexpected response status".to_owned())),
            }
        }
    }

    /// Attempts until a response is final under the retry policy.
    async fn execute<T: DeserializeOwned>(&self, request: &Request<T>) -> Result<ResponseValue<T>, Error> {
        let mut retry = 0;
        loop {
            let limit = self.timeout_of(request);
            let answer =
                tokio::time::timeout(limit, async { collect(self.attempt(request).await?).await }).await;
            let Some(response) = self.answered(request, answer, limit, &mut retry).await? else { continue };
            match request.decode_response(response) {
                Err(Error::Status(error)) => self.pause(request.method(), error, &mut retry).await?,
                result => return result,
            }
        }
    }

    /// The per-attempt timeout of `request`: its own, else the client's.
    fn timeout_of<T>(&self, request: &Request<T>) -> Duration {
        request.attempt_timeout().unwrap_or(self.timeout)
    }

    /// What an attempt within `limit` got: its response, or `None` after
    /// waiting to send the request again when it got none (the timeout
    /// passed, the connection failed) and the request may be resent (it is
    /// idempotent and the retries are not spent); else the error, naming
    /// the request and saying whether it was resent.
    async fn answered<R, T>(
        &self,
        request: &Request<T>,
        answer: Result<Result<R, Error>, tokio::time::error::Elapsed>,
        limit: Duration,
        retry: &mut u32,
    ) -> Result<Option<R>, Error> {
        let (timeout, source) = match answer {
            Ok(Ok(response)) => return Ok(Some(response)),
            Ok(Err(Error::Transport(source))) if is_connection_failure(&source) => (None, Some(source)),
            Ok(Err(error)) => return Err(error),
            Err(_) => (Some(limit), None),
        };
        if let Some(wait) = self.retry.transport_delay(request.is_idempotent(), *retry) {
            tokio::time::sleep(wait).await;
            *retry += 1;
            return Ok(None);
        }
        let mut unanswered = unanswered(request, *retry + 1);
        unanswered.not_resent = !request.is_idempotent();
        unanswered.timeout = timeout;
        unanswered.source = source;
        Err(match timeout {
            Some(_) => Error::Timeout(Box::new(unanswered)),
            None => Error::Transport(Box::new(unanswered)),
        })
    }

    /// Waits before retry number `retry` if the policy allows one after
    /// `error`, else returns it.
    async fn pause(&self, method: &Method, error: Box<StatusError>, retry: &mut u32) -> Result<(), Error> {
        match self.retry.delay(method, &error, *retry) {
            Some(wait) => {
                tokio::time::sleep(wait).await;
                *retry += 1;
                Ok(())
            }
            None => Err(Error::Status(error)),
        }
    }

    /// One round trip, its body not read yet: a fresh token, the request
    /// and, for a GET, the redirects it leads to (a file's `/content` is a
    /// `302` to a pre-authenticated download URL). Redirects are followed
    /// here rather than by reqwest so that they never carry the token,
    /// wherever they lead.
    async fn attempt<T>(&self, request: &Request<T>) -> Result<reqwest::Response, Error> {
        let token = self.token.token().await.map_err(Error::Token)?;
        let outgoing = self.outgoing(request, &token)?;
        let mut headers = outgoing.headers().clone();
        for name in [AUTHORIZATION, PROXY_AUTHORIZATION, COOKIE] {
            headers.remove(name);
        }
        let mut response = self.http.execute(outgoing).await.map_err(transport)?;
        if request.method() != Method::GET {
            return Ok(response);
        }
        for _ in 0..MAX_REDIRECTS {
            let Some(location) = redirect_target(&response) else { return Ok(response) };
            let mut hop = reqwest::Request::new(Method::GET, location);
            *hop.headers_mut() = headers.clone();
            response = self.http.execute(hop).await.map_err(transport)?;
        }
        match redirect_target(&response) {
            None => Ok(response),
            Some(_) => {
                let message = format!("more than {MAX_REDIRECTS} redirects from {}", request.path());
                Err(Error::Transport(message.into()))
            }
        }
    }

    /// The reqwest request for `request`, with the bearer token.
    fn outgoing<T>(&self, request: &Request<T>, token: &Token) -> Result<reqwest::Request, Error> {
        let (parts, body) = request.to_http(&self.base_url)?.into_parts();
        let url = parse_url(&parts.uri)?;
        if !same_origin(&url, &self.base_url) {
            // `to_http` keeps links under the root already; this check sits
            // where the token is added, so no other path can get it out.
            let message =
                format!("{} is not on the origin of the service root {}", origin(&url), self.base_url);
            return Err(Error::InvalidRequest(message));
        }
        let authorization = token.authorization()?;
        let mut outgoing = reqwest::Request::new(parts.method, url);
        *outgoing.headers_mut() = parts.headers;
        outgoing.headers_mut().insert(AUTHORIZATION, authorization);
        if request.body().is_some() {
            *outgoing.body_mut() = Some(body.into());
        }
        Ok(outgoing)
    }

    /// Sends a request that must not carry the token (to an upload
    /// session's pre-authenticated URL) as it is, once, within the client's
    /// timeout, and reads the answer; the upload decides what a failure
    /// means (it asks the session where to go on).
    async fn send_plain(&self, request: http::Request<Vec<u8>>) -> Result<http::Response<Vec<u8>>, Error> {
        let (parts, body) = request.into_parts();
        let mut outgoing = reqwest::Request::new(parts.method.clone(), parse_url(&parts.uri)?);
        *outgoing.headers_mut() = parts.headers;
        outgoing.headers_mut().remove(AUTHORIZATION);
        if !body.is_empty() {
            *outgoing.body_mut() = Some(body.into());
        }
        let answer = tokio::time::timeout(self.timeout, async {
            collect(self.http.execute(outgoing).await.map_err(transport)?).await
        });
        // The path only: an upload URL's query is its credential.
        let mut unanswered = Unanswered::new(parts.method, parts.uri.path(), 1);
        match answer.await {
            Ok(Ok(response)) => Ok(response),
            Ok(Err(Error::Transport(source))) => {
                unanswered.source = Some(source);
                Err(Error::Transport(Box::new(unanswered)))
            }
            Ok(Err(error)) => Err(error),
            Err(_) => {
                unanswered.timeout = Some(self.timeout);
                Err(Error::Timeout(Box::new(unanswered)))
            }
        }
    }
}

/// Why a download's body did not arrive whole.
enum BrokenBody {
    Writer(std::io::Error),
    /// Reading stopped after `written` bytes: the read failed or the
    /// timeout passed before the next chunk.
    Read {
        written: u64,
        answer: Result<Result<(), Error>, tokio::time::error::Elapsed>,
    },
}

/// Writes the body to `writer`, each chunk awaited within `limit`.
async fn stream_body<W: std::io::Write + ?Sized>(
    response: &mut reqwest::Response,
    writer: &mut W,
    limit: Duration,
) -> Result<u64, BrokenBody> {
    let mut written = 0;
    loop {
        let chunk = match tokio::time::timeout(limit, response.chunk()).await {
            Ok(Ok(Some(chunk))) => chunk,
            Ok(Ok(None)) => break,
            Ok(Err(error)) => return Err(BrokenBody::Read { written, answer: Ok(Err(transport(error))) }),
            Err(elapsed) => return Err(BrokenBody::Read { written, answer: Err(elapsed) }),
        };
        writer.write_all(&chunk).map_err(BrokenBody::Writer)?;
        written += chunk.len() as u64;
    }
    writer.flush().map_err(BrokenBody::Writer)?;
    Ok(written)
}

/// The error of `request` after `attempts`, to fill in.
fn unanswered<T>(request: &Request<T>, attempts: u32) -> Unanswered {
    Unanswered::new(request.method().clone(), request.path(), attempts)
}

/// A failure of reqwest to get an answer (connecting, TLS, a reset, a body
/// cut short), as opposed to errors of the client's own (too many
/// redirects) or of building the request.
fn is_connection_failure(source: &BoxError) -> bool {
    source.downcast_ref::<reqwest::Error>().is_some_and(|error| !error.is_builder())
}

/// How many redirects a GET follows (reqwest's default too).
const MAX_REDIRECTS: usize = 10;

/// Where a redirect leads: its `Location` resolved against the URL that
/// answered, if the status is one and the target is http(s). Anything else
/// is decoded as it is (a `302` without usable `Location` is then an
/// [`Error::Status`] whose `location()` the caller can read).
fn redirect_target(response: &reqwest::Response) -> Option<reqwest::Url> {
    if !matches!(response.status().as_u16(), 301 | 302 | 303 | 307 | 308) {
        return None;
    }
    let location = response.headers().get(LOCATION)?.to_str().ok()?;
    let url = response.url().join(location).ok()?;
    matches!(url.scheme(), "http" | "https").then_some(url)
}

/// The whole response, its body read.
async fn collect(response: reqwest::Response) -> Result<http::Response<Vec<u8>>, Error> {
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.bytes().await.map_err(transport)?;
    let mut received = http::Response::new(body.to_vec());
    *received.status_mut() = status;
    *received.headers_mut() = headers;
    Ok(received)
}

/// The URL reqwest will send `uri` to, if it is the same: the URL standard
/// resolves `%2E%2E` as `..`, so an id such as `..` would silently change
/// the target. Errors name the origin and path only, never the query (an
/// upload URL's query is its credential).
fn parse_url(uri: &http::Uri) -> Result<reqwest::Url, Error> {
    let url = reqwest::Url::parse(&uri.to_string()).map_err(|e| {
        let authority = uri.authority().map_or("", |a| a.as_str());
        let scheme = uri.scheme_str().unwrap_or_default();
        Error::InvalidRequest(format!("invalid URL {scheme}://{authority}{}: {e}", uri.path()))
    })?;
    if url.path() != uri.path() {
        let message = format!("the path of {}{} would be sent as {}", origin(&url), uri.path(), url.path());
        return Err(Error::InvalidRequest(message));
    }
    Ok(url)
}

/// True when `url` has the scheme, host and port (a missing port being the
/// scheme's default) of `base_url`: the only origin the token goes to
/// (visible to the crate for the runtime's unit tests).
pub(crate) fn same_origin(url: &reqwest::Url, base_url: &str) -> bool {
    reqwest::Url::parse(base_url).is_ok_and(|base| {
        url.scheme() == base.scheme()
            && url.host() == base.host()
            && url.port_or_known_default() == base.port_or_known_default()
    })
}

/// `scheme://host:port` of `url`, for messages.
fn origin(url: &reqwest::Url) -> String {
    url.origin().ascii_serialization()
}

fn transport(error: reqwest::Error) -> Error {
    Error::Transport(Box::new(error))
}
