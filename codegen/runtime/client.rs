//! An async HTTP client for the generated requests (cargo feature `client`).
//!
//! [`Client::send`] takes any generated [`Request`], adds the bearer token,
//! sends it with reqwest (rustls), retries throttling as its [`RetryPolicy`]
//! allows and decodes the response with [`Request::decode`]: results and
//! errors are exactly those of the sans-IO API. [`Client::pages`] and
//! [`Client::items`] follow `@odata.nextLink` through a whole collection.
//!
//! The generator copies this file verbatim into every crate it generates
//! (from `codegen/runtime/client.rs`); edit it there, never in a generated
//! crate, or the change is lost on the next generation.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use futures_util::stream::{self, Stream, TryStreamExt as _};
use http::header::{HeaderValue, AUTHORIZATION};
use http::{Method, StatusCode};
use serde::de::DeserializeOwned;

use crate::support::{BoxError, Error, Page, Request, StatusError};

/// Microsoft Graph v1.0, the default service root.
pub const DEFAULT_BASE_URL: &str = "https://graph.microsoft.com/v1.0";

/// A bearer token. It has no `Display` and its `Debug` is redacted, so it
/// cannot end up in a log by accident.
#[derive(Clone, PartialEq, Eq)]
pub struct Token(String);

impl Token {
    /// Wraps an access token (without the `Bearer ` prefix).
    pub fn new(token: impl Into<String>) -> Self {
        Token(token.into())
    }
}

impl From<String> for Token {
    fn from(token: String) -> Self {
        Token(token)
    }
}

impl From<&str> for Token {
    fn from(token: &str) -> Self {
        Token(token.to_owned())
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token(<redacted>)")
    }
}

/// What a [`TokenSource`] returns.
pub type TokenFuture<'a> = Pin<Box<dyn Future<Output = Result<Token, BoxError>> + Send + 'a>>;

/// Where the client gets its bearer token. It is asked before every attempt
/// (retries included), so a source can cache a token and refresh it before
/// it expires. Implemented by [`Token`] (a fixed token) and by closures
/// returning a future of `Result<Token, BoxError>`.
pub trait TokenSource: Send + Sync {
    /// The token to send with the next attempt.
    fn token(&self) -> TokenFuture<'_>;
}

impl TokenSource for Token {
    fn token(&self) -> TokenFuture<'_> {
        Box::pin(std::future::ready(Ok(self.clone())))
    }
}

impl<F, Fut> TokenSource for F
where
    F: Fn() -> Fut + Send + Sync,
    Fut: Future<Output = Result<Token, BoxError>> + Send + 'static,
{
    fn token(&self) -> TokenFuture<'_> {
        Box::pin(self())
    }
}

/// Which failed attempts are sent again, and how long to wait first.
///
/// Only 429 (throttled), 503 (unavailable) and 504 (gateway timeout) are
/// retried. A request that is not idempotent (POST, PATCH) may already have
/// taken effect, so it is resent only after a 429 or 503 that carries
/// `Retry-After`, i.e. when the server said so. Other statuses, transport
/// and decode errors are returned at once.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct RetryPolicy {
    /// Retries after the first attempt; 0 disables retrying.
    pub max_retries: u32,
    /// The wait before the first retry when the response has no
    /// `Retry-After`; doubled for each further retry.
    pub initial_backoff: Duration,
    /// The longest single wait. Backoff is capped at it; a `Retry-After`
    /// beyond it is not waited out but returned as the error (its
    /// `retry_after` tells the caller when to try again).
    pub max_wait: Duration,
}

impl Default for RetryPolicy {
    /// Three retries, backing off 1 s, 2 s, 4 s, waiting at most 60 s.
    fn default() -> Self {
        RetryPolicy::new(3, Duration::from_secs(1), Duration::from_secs(60))
    }
}

impl RetryPolicy {
    /// A policy with the given bounds (see the fields).
    pub fn new(max_retries: u32, initial_backoff: Duration, max_wait: Duration) -> Self {
        RetryPolicy { max_retries, initial_backoff, max_wait }
    }

    /// Never retry.
    pub fn none() -> Self {
        RetryPolicy::new(0, Duration::ZERO, Duration::ZERO)
    }

    /// How long to wait before retry number `retry` (0 for the first) after
    /// `error`, or `None` when the request must not be sent again.
    fn delay(&self, method: &Method, error: &StatusError, retry: u32) -> Option<Duration> {
        let throttled =
            matches!(error.status, StatusCode::TOO_MANY_REQUESTS | StatusCode::SERVICE_UNAVAILABLE);
        let allowed = if method.is_idempotent() {
            throttled || error.status == StatusCode::GATEWAY_TIMEOUT
        } else {
            throttled && error.retry_after.is_some()
        };
        if !allowed || retry >= self.max_retries {
            return None;
        }
        match error.retry_after {
            Some(wait) => (wait <= self.max_wait).then_some(wait),
            None => {
                let factor = 2u32.saturating_pow(retry);
                Some(self.initial_backoff.saturating_mul(factor).min(self.max_wait))
            }
        }
    }
}

/// Sends generated requests to a Graph service root. Cheap to clone: clones
/// share the connection pool and the token source.
#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    base_url: Arc<str>,
    token: Arc<dyn TokenSource>,
    retry: RetryPolicy,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.base_url)
            .field("retry", &self.retry)
            .field("token", &"<redacted>")
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A client for [`DEFAULT_BASE_URL`] with a fixed token and the default
    /// [`RetryPolicy`].
    pub fn new(token: impl Into<Token>) -> Result<Client, Error> {
        Client::builder(token.into()).build()
    }

    /// A client to configure: base URL, retries, the reqwest client.
    pub fn builder(token: impl TokenSource + 'static) -> ClientBuilder {
        ClientBuilder {
            token: Arc::new(token),
            base_url: DEFAULT_BASE_URL.to_owned(),
            retry: RetryPolicy::default(),
            http: None,
        }
    }

    /// The service root requests are sent to.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Sends `request` (retrying as the policy allows) and decodes the
    /// documented response type. An unexpected status is
    /// [`Error::Status`], carrying the Graph error body, `request-id`,
    /// `client-request-id` and `Retry-After`.
    pub async fn send<T: DeserializeOwned>(&self, request: Request<T>) -> Result<T, Error> {
        self.execute(&request).await
    }

    /// Every page of a collection, `request` first, then each
    /// `@odata.nextLink` until a page has none. The stream ends after the
    /// first error.
    pub fn pages<T>(&self, request: Request<Page<T>>) -> impl Stream<Item = Result<Page<T>, Error>> + Send
    where
        T: DeserializeOwned + Send + 'static,
    {
        let client = self.clone();
        stream::try_unfold(Some(request), move |next| {
            let client = client.clone();
            async move {
                let Some(request) = next else { return Ok(None) };
                let page = client.execute(&request).await?;
                let after = request.next_page(&page);
                if after.as_ref().is_some_and(|after| after.path() == request.path()) {
                    let message = format!("the page at {} links to itself", request.path());
                    return Err(Error::InvalidRequest(message));
                }
                Ok(Some((page, after)))
            }
        })
    }

    /// Every item of a collection, across all its pages (see [`Client::pages`]).
    pub fn items<T>(&self, request: Request<Page<T>>) -> impl Stream<Item = Result<T, Error>> + Send
    where
        T: DeserializeOwned + Send + 'static,
    {
        self.pages(request).map_ok(|page| stream::iter(page.value.into_iter().map(Ok))).try_flatten()
    }

    /// All items of a collection in one `Vec` (see [`Client::items`]).
    pub async fn collect_items<T>(&self, request: Request<Page<T>>) -> Result<Vec<T>, Error>
    where
        T: DeserializeOwned + Send + 'static,
    {
        self.items(request).try_collect().await
    }

    /// Attempts until a response is final under the retry policy.
    async fn execute<T: DeserializeOwned>(&self, request: &Request<T>) -> Result<T, Error> {
        let mut retry = 0;
        loop {
            let response = self.attempt(request).await?;
            match request.decode(response) {
                Err(Error::Status(error)) => match self.retry.delay(request.method(), &error, retry) {
                    Some(wait) => {
                        tokio::time::sleep(wait).await;
                        retry += 1;
                    }
                    None => return Err(Error::Status(error)),
                },
                result => return result,
            }
        }
    }

    /// One round trip: a fresh token, the request, the whole response.
    async fn attempt<T>(&self, request: &Request<T>) -> Result<http::Response<Vec<u8>>, Error> {
        let token = self.token.token().await.map_err(Error::Token)?;
        let outgoing = self.outgoing(request, &token)?;
        let response = self.http.execute(outgoing).await.map_err(transport)?;
        let status = response.status();
        let headers = response.headers().clone();
        let body = response.bytes().await.map_err(transport)?;
        let mut received = http::Response::new(body.to_vec());
        *received.status_mut() = status;
        *received.headers_mut() = headers;
        Ok(received)
    }

    /// The reqwest request for `request`, with the bearer token.
    fn outgoing<T>(&self, request: &Request<T>, token: &Token) -> Result<reqwest::Request, Error> {
        let (parts, body) = request.to_http(&self.base_url)?.into_parts();
        let uri = parts.uri.to_string();
        let url = reqwest::Url::parse(&uri)
            .map_err(|e| Error::InvalidRequest(format!("invalid URL {uri}: {e}")))?;
        if url.path() != parts.uri.path() {
            // The URL standard resolves `%2E%2E` as `..`: an id such as
            // `..` would silently change the target, so refuse it.
            let message = format!("the path of {uri} would be sent as {}", url.path());
            return Err(Error::InvalidRequest(message));
        }
        let mut authorization = HeaderValue::try_from(format!("Bearer {}", token.0))
            .map_err(|_| Error::InvalidRequest("the access token is not a valid header value".to_owned()))?;
        authorization.set_sensitive(true);
        let mut outgoing = reqwest::Request::new(parts.method, url);
        *outgoing.headers_mut() = parts.headers;
        outgoing.headers_mut().insert(AUTHORIZATION, authorization);
        if request.body().is_some() {
            *outgoing.body_mut() = Some(body.into());
        }
        Ok(outgoing)
    }
}

fn transport(error: reqwest::Error) -> Error {
    Error::Transport(Box::new(error))
}

/// Configures a [`Client`]; made by [`Client::builder`].
pub struct ClientBuilder {
    token: Arc<dyn TokenSource>,
    base_url: String,
    retry: RetryPolicy,
    http: Option<reqwest::Client>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("retry", &self.retry)
            .field("token", &"<redacted>")
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    /// The service root, e.g. `https://graph.microsoft.us/v1.0` for a
    /// national cloud, `.../beta`, or a test server.
    #[must_use]
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = base_url.into();
        self
    }

    /// When to retry (default: [`RetryPolicy::default`]).
    #[must_use]
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// A reqwest client of your own, for proxies, timeouts or a shared
    /// connection pool.
    #[must_use]
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// Checks the base URL and builds the client.
    pub fn build(self) -> Result<Client, Error> {
        let uri = self.base_url.parse::<http::Uri>().ok();
        let usable = uri.as_ref().is_some_and(|uri| {
            matches!(uri.scheme_str(), Some("http" | "https"))
                && uri.authority().is_some()
                && uri.query().is_none()
        });
        if !usable {
            let message = format!("base URL {:?} is not an http(s) URL without query", self.base_url);
            return Err(Error::InvalidRequest(message));
        }
        let http = match self.http {
            Some(http) => http,
            None => reqwest::Client::builder()
                .user_agent(concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")))
                .connect_timeout(Duration::from_secs(30))
                .build()
                .map_err(transport)?,
        };
        Ok(Client {
            http,
            base_url: self.base_url.trim_end_matches('/').into(),
            token: self.token,
            retry: self.retry,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(code: u16, retry_after: Option<u64>) -> StatusError {
        let mut response = http::Response::new(Vec::new());
        *response.status_mut() = StatusCode::from_u16(code).unwrap();
        if let Some(seconds) = retry_after {
            response.headers_mut().insert("retry-after", seconds.into());
        }
        let request = Request::<crate::support::NoContent>::new(
            Method::GET,
            "/".into(),
            204,
            crate::support::ResponseKind::Empty,
        );
        match request.decode(response) {
            Err(Error::Status(error)) => *error,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn idempotent_requests_retry_throttling_and_gateway_timeouts() {
        let policy = RetryPolicy::new(3, Duration::from_millis(10), Duration::from_millis(25));
        let ms = Duration::from_millis;
        for code in [429, 503, 504] {
            let waits: Vec<_> =
                (0..4).map(|retry| policy.delay(&Method::GET, &status(code, None), retry)).collect();
            assert_eq!(waits, [Some(ms(10)), Some(ms(20)), Some(ms(25)), None], "{code}");
        }
        for code in [400, 401, 404, 409, 500, 502] {
            assert_eq!(policy.delay(&Method::DELETE, &status(code, Some(0)), 0), None, "{code}");
        }
    }

    #[test]
    fn retry_after_is_honoured_or_returned() {
        let policy = RetryPolicy::new(2, Duration::from_millis(1), Duration::from_secs(5));
        assert_eq!(policy.delay(&Method::PUT, &status(429, Some(5)), 0), Some(Duration::from_secs(5)));
        assert_eq!(policy.delay(&Method::GET, &status(503, Some(6)), 0), None);
        assert_eq!(RetryPolicy::none().delay(&Method::GET, &status(429, Some(0)), 0), None);
    }

    #[test]
    fn non_idempotent_requests_retry_only_when_told_to() {
        let policy = RetryPolicy::default();
        for method in [Method::POST, Method::PATCH] {
            assert_eq!(policy.delay(&method, &status(429, Some(2)), 0), Some(Duration::from_secs(2)));
            assert_eq!(policy.delay(&method, &status(503, Some(0)), 0), Some(Duration::ZERO));
            assert_eq!(policy.delay(&method, &status(429, None), 0), None);
            assert_eq!(policy.delay(&method, &status(504, Some(1)), 0), None);
        }
    }

    #[test]
    fn secrets_are_redacted() {
        let client =
            Client::builder(Token::new("secret-token")).base_url("http://127.0.0.1:9").build().unwrap();
        let text = format!(
            "{client:?} {:?} {:?}",
            Token::from("secret-token"),
            Client::builder(Token::from("secret-token"))
        );
        assert!(!text.contains("secret"), "{text}");
        assert_eq!(client.base_url(), "http://127.0.0.1:9");
    }

    #[test]
    fn futures_and_streams_can_be_spawned() {
        fn send<T: Send + 'static>(_: T) {}
        let client = Client::new("t").unwrap();
        let list = || {
            Request::<Page<crate::support::JsonObject>>::new(
                Method::GET,
                "/x".into(),
                200,
                crate::support::ResponseKind::Json,
            )
        };
        let client2 = client.clone();
        send(async move { client2.send(list()).await });
        send(client.items(list()));
    }

    #[test]
    fn base_urls_are_checked() {
        for bad in ["", "graph.microsoft.com/v1.0", "ftp://host/x", "https://host/v1.0?x=1", "https:///v1.0"]
        {
            let built = Client::builder(Token::from("t")).base_url(bad).build();
            assert!(matches!(built, Err(Error::InvalidRequest(_))), "{bad}");
        }
        let client = Client::builder(Token::from("t")).base_url("https://graph.microsoft.us/beta/").build();
        assert_eq!(client.unwrap().base_url(), "https://graph.microsoft.us/beta");
    }
}
