//! Reusing a token until shortly before it expires, so that a source that
//! signs in (a credential, a refresh-token grant) is asked about once an
//! hour rather than before every request.

use std::fmt;
use std::future::Future;
use std::time::{Duration, SystemTime};

use tokio::sync::Mutex;

use super::{Token, TokenFuture, TokenSource};
use crate::support::BoxError;

/// How long before its expiry a cached token is replaced: long enough for
/// a request (with its retries) to reach Graph while it is still valid.
pub const DEFAULT_REFRESH_MARGIN: Duration = Duration::from_secs(5 * 60);

/// A token and when it stops being accepted, as a refreshing source
/// returns it so that it can be reused until then.
#[derive(Clone, Debug)]
pub struct ExpiringToken {
    token: Token,
    expires_at: SystemTime,
}

impl ExpiringToken {
    /// A token that expires at `expires_at` (wall-clock, as token
    /// endpoints give it).
    pub fn new(token: impl Into<Token>, expires_at: SystemTime) -> Self {
        ExpiringToken { token: token.into(), expires_at }
    }

    /// A token valid for `lifetime` from now (an OAuth `expires_in`).
    pub fn valid_for(token: impl Into<Token>, lifetime: Duration) -> Self {
        ExpiringToken::new(token, SystemTime::now() + lifetime)
    }

    /// The token itself.
    pub fn token(&self) -> &Token {
        &self.token
    }

    /// When the token expires.
    pub fn expires_at(&self) -> SystemTime {
        self.expires_at
    }

    /// Whether it is still valid for more than `margin` at `now`.
    fn is_fresh(&self, now: SystemTime, margin: Duration) -> bool {
        self.expires_at.duration_since(now).is_ok_and(|left| left > margin)
    }
}

/// The one cached token of a source. The lock is held while fetching, so
/// concurrent requests wait for one refresh instead of each starting one.
pub(super) struct TokenCache {
    margin: Duration,
    current: Mutex<Option<ExpiringToken>>,
}

impl TokenCache {
    pub(super) fn new(margin: Duration) -> Self {
        TokenCache { margin, current: Mutex::new(None) }
    }

    pub(super) fn margin(&self) -> Duration {
        self.margin
    }

    /// The cached token while it is fresh, else the one `fetch` gives. If
    /// fetching fails while the cached token has not yet expired (it is
    /// only within the margin), that token is used and the next request
    /// tries again.
    pub(super) async fn get<Fut>(&self, fetch: impl FnOnce() -> Fut) -> Result<Token, BoxError>
    where
        Fut: Future<Output = Result<ExpiringToken, BoxError>>,
    {
        let mut current = self.current.lock().await;
        if let Some(cached) = current.as_ref().filter(|t| t.is_fresh(SystemTime::now(), self.margin)) {
            return Ok(cached.token.clone());
        }
        match fetch().await {
            Ok(fresh) => {
                let token = fresh.token.clone();
                *current = Some(fresh);
                Ok(token)
            }
            Err(error) => match current.as_ref().filter(|t| t.is_fresh(SystemTime::now(), Duration::ZERO)) {
                Some(cached) => Ok(cached.token.clone()),
                None => Err(error),
            },
        }
    }
}

/// A [`TokenSource`] that calls `fetch` for an [`ExpiringToken`] and
/// reuses it until [`DEFAULT_REFRESH_MARGIN`] (or the margin set) before it
/// expires, one refresh at a time. For a closure that signs in itself,
/// e.g. with a refresh token; a plain closure returning [`Token`] is asked
/// before every attempt instead.
pub struct CachedToken<F> {
    fetch: F,
    cache: TokenCache,
}

impl<F, Fut> CachedToken<F>
where
    F: Fn() -> Fut + Send + Sync,
    Fut: Future<Output = Result<ExpiringToken, BoxError>> + Send + 'static,
{
    /// Caches the tokens that `fetch` returns.
    pub fn new(fetch: F) -> Self {
        CachedToken { fetch, cache: TokenCache::new(DEFAULT_REFRESH_MARGIN) }
    }
}

impl<F> CachedToken<F> {
    /// How long before expiry a token is replaced (default
    /// [`DEFAULT_REFRESH_MARGIN`]).
    #[must_use]
    pub fn refresh_margin(mut self, margin: Duration) -> Self {
        self.cache = TokenCache::new(margin);
        self
    }
}

impl<F, Fut> TokenSource for CachedToken<F>
where
    F: Fn() -> Fut + Send + Sync,
    Fut: Future<Output = Result<ExpiringToken, BoxError>> + Send + 'static,
{
    fn token(&self) -> TokenFuture<'_> {
        Box::pin(self.cache.get(&self.fetch))
    }
}

impl<F> fmt::Debug for CachedToken<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CachedToken").field("refresh_margin", &self.cache.margin()).finish_non_exhaustive()
    }
}
