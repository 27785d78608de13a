//! An async HTTP client for the generated requests (cargo feature `client`).
//!
//! [`Client::send`] takes any generated [`Request`], adds the bearer token,
//! sends it with reqwest (rustls), retries throttling as its [`RetryPolicy`]
//! allows and decodes the response with [`Request::decode`]: results and
//! errors are exactly those of the sans-IO API. [`Client::pages`] and
//! [`Client::items`] follow `@odata.nextLink` through a whole collection.
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
mod builder;
mod paging;
mod retry;
mod token;
mod token_cache;

use std::fmt;
use std::sync::Arc;

use http::header::AUTHORIZATION;
use serde::de::DeserializeOwned;

#[cfg(feature = "azure-identity")]
pub use azure_identity::AzureIdentity;
pub use builder::ClientBuilder;
pub use retry::RetryPolicy;
pub use token::{Token, TokenFuture, TokenSource};
pub use token_cache::{CachedToken, ExpiringToken, DEFAULT_REFRESH_MARGIN};

pub use crate::support::Cloud;

use crate::support::{Error, Request, ResponseValue};

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

    /// The service root requests are sent to.
    pub fn base_url(&self) -> &str {
        &self.base_url
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

    /// Attempts until a response is final under the retry policy.
    async fn execute<T: DeserializeOwned>(&self, request: &Request<T>) -> Result<ResponseValue<T>, Error> {
        let mut retry = 0;
        loop {
            let response = self.attempt(request).await?;
            match request.decode_response(response) {
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
        let authorization = token.authorization()?;
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
