//! When a failed attempt is sent again, and after how long.

use std::time::Duration;

use http::{Method, StatusCode};

use crate::support::{Error, StatusError};

/// Which failed attempts are sent again, and how long to wait first.
///
/// Only 429 (throttled), 503 (unavailable) and 504 (gateway timeout) are
/// retried, and idempotent requests (GET, HEAD, PUT, DELETE, and requests
/// marked [`Request::idempotent`](crate::support::Request::idempotent))
/// after a timeout or a failed connection (refused, reset, a body cut
/// short). A request that is not idempotent (POST, PATCH) may already have
/// taken effect, so it is resent only after a 429 or 503 that carries
/// `Retry-After`, i.e. when the server said so, and never after a timeout
/// or a failed connection. Other statuses and decode errors are returned
/// at once. An upload
/// ([`Client::upload`](super::Client::upload)) resumes after more
/// failures, within the same bounds: see there.
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
    /// `error`, or `None` when the request must not be sent again (visible
    /// to the crate for the runtime's unit tests).
    pub(crate) fn delay(&self, method: &Method, error: &StatusError, retry: u32) -> Option<Duration> {
        let throttled =
            matches!(error.status, StatusCode::TOO_MANY_REQUESTS | StatusCode::SERVICE_UNAVAILABLE);
        let allowed = if method.is_idempotent() {
            throttled || error.status == StatusCode::GATEWAY_TIMEOUT
        } else {
            throttled && error.retry_after.is_some()
        };
        if !allowed {
            return None;
        }
        self.wait(error.retry_after, retry)
    }

    /// How long to wait before retry number `retry` after a timeout or a
    /// failed connection, or `None` when the request must not be sent again:
    /// it is not idempotent, or the retries are spent.
    pub(crate) fn transport_delay(&self, idempotent: bool, retry: u32) -> Option<Duration> {
        if !idempotent {
            return None;
        }
        self.wait(None, retry)
    }

    /// How long to wait before asking an upload session where to go on
    /// after `error`, failure number `retry` (0 for the first) in a row, or
    /// `None` when the upload must stop. A session's chunks can be sent
    /// again whatever happened, so a 429, a 416 (bytes it already has), any
    /// 5xx, a timeout and a transport error are resumed; a 404 (the session
    /// is gone) or another status is not.
    pub(crate) fn upload_delay(&self, error: &Error, retry: u32) -> Option<Duration> {
        let retry_after = match error {
            Error::Transport(_) | Error::Timeout(_) => None,
            Error::Status(error)
                if error.status.is_server_error()
                    || matches!(
                        error.status,
                        StatusCode::TOO_MANY_REQUESTS | StatusCode::RANGE_NOT_SATISFIABLE
                    ) =>
            {
                error.retry_after
            }
            _ => return None,
        };
        self.wait(retry_after, retry)
    }

    /// `Retry-After` if it is at most `max_wait`, else backoff; `None`
    /// after `max_retries`.
    fn wait(&self, retry_after: Option<Duration>, retry: u32) -> Option<Duration> {
        if retry >= self.max_retries {
            return None;
        }
        match retry_after {
            Some(wait) => (wait <= self.max_wait).then_some(wait),
            None => {
                let factor = 2u32.saturating_pow(retry);
                Some(self.initial_backoff.saturating_mul(factor).min(self.max_wait))
            }
        }
    }
}
