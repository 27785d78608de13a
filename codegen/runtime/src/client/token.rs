//! Where the bearer token comes from, and how it goes on the wire without
//! ever being printed.

use std::fmt;
use std::future::Future;
use std::pin::Pin;

use http::header::HeaderValue;

use crate::support::{BoxError, Error};

/// A bearer token. It has no `Display` and its `Debug` is redacted, so it
/// cannot end up in a log by accident.
#[derive(Clone, PartialEq, Eq)]
pub struct Token(String);

impl Token {
    /// Wraps an access token (without the `Bearer ` prefix).
    pub fn new(token: impl Into<String>) -> Self {
        Token(token.into())
    }

    /// The `Authorization` header value, marked sensitive so that no
    /// `Debug` of the headers shows it.
    pub(super) fn authorization(&self) -> Result<HeaderValue, Error> {
        let mut authorization = HeaderValue::try_from(format!("Bearer {}", self.0))
            .map_err(|_| Error::InvalidRequest("the access token is not a valid header value".to_owned()))?;
        authorization.set_sensitive(true);
        Ok(authorization)
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
/// it expires. Implemented by [`Token`] (a fixed token), by closures
/// returning a future of `Result<Token, BoxError>` (asked every time), by
/// [`CachedToken`](super::CachedToken) (a closure whose tokens are reused
/// until shortly before they expire) and, with the `azure-identity`
/// feature, by `AzureIdentity` (an Azure SDK credential).
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
