//! Sending a [`Batch`]: its envelopes, then the requests the service
//! throttled, in new batches as the retry policy allows.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use http::StatusCode;
use serde::de::DeserializeOwned;

use super::Client;
use crate::support::{Batch, BatchResults, BoxError, Error, Request};

impl Client {
    /// Sends `batch` as JSON batches of at most [`Batch::MAX_REQUESTS`],
    /// one after the other, and returns the answers to take by handle.
    ///
    /// Each envelope goes through the same path as [`Client::send`] (the
    /// token, retries of the envelope itself). Then the requests answered
    /// 429, 503 or 504 are sent again in a new batch, after the longest
    /// `Retry-After` among them (or the policy's backoff) and as the policy
    /// allows for each one's method, with those answered 424 because a
    /// request they depend on is among them; at most `max_retries` rounds.
    /// Every failure is the answer of the request it concerns: an envelope
    /// that fails gives its error to each of its requests.
    pub async fn send_batch(&self, batch: Batch) -> BatchResults {
        let mut results = BatchResults::unanswered(batch);
        let mut pending: Vec<usize> = (0..results.len()).collect();
        let mut round = 0;
        loop {
            let plan = results.batch().plan(&self.base_url, &pending);
            for (index, error) in plan.unsent {
                results.set(index, Err(error));
            }
            for envelope in plan.envelopes {
                match self.execute(&envelope.request).await {
                    Ok(response) => results.receive(&envelope.parts, response.into_inner()),
                    Err(error) => {
                        let error = Arc::new(error);
                        for &index in &envelope.parts {
                            results.set(index, Err(for_each(&error)));
                        }
                    }
                }
            }
            let Some((wait, again)) = self.retries(&results, &pending, round) else { return results };
            tokio::time::sleep(wait).await;
            pending = again;
            round += 1;
        }
    }

    /// Sends requests of one type as batches (see [`Client::send_batch`]):
    /// their results in the order given.
    pub async fn send_all<T>(&self, requests: impl IntoIterator<Item = Request<T>>) -> Vec<Result<T, Error>>
    where
        T: DeserializeOwned + 'static,
    {
        let (batch, parts) = Batch::of(requests);
        self.send_batch(batch).await.take_all(&parts)
    }

    /// The parts of `pending` to send again after retry round `round`, and
    /// the wait before: the longest the policy gives any of them.
    fn retries(
        &self,
        results: &BatchResults,
        pending: &[usize],
        round: u32,
    ) -> Option<(Duration, Vec<usize>)> {
        let mut again = vec![false; results.len()];
        let mut wait = None;
        for &index in pending {
            let Some(method) = results.batch().method(index) else { continue };
            let Some(error) = results.retryable(index) else { continue };
            if let Some(delay) = self.retry.delay(method, &error, round) {
                again[index] = true;
                wait = wait.max(Some(delay));
            }
        }
        let wait = wait?;
        // In order: a part's dependencies come before it, so a chain of
        // 424s behind a retried part is resent whole.
        for &index in pending {
            let failed_dependency = results.status(index) == Some(StatusCode::FAILED_DEPENDENCY);
            if failed_dependency && results.batch().after(index).iter().any(|&dep| again[dep]) {
                again[index] = true;
            }
        }
        Some((wait, (0..again.len()).filter(|&index| again[index]).collect()))
    }
}

/// The failure of an envelope, as the error of each request it carried
/// ([`Error`] is not `Clone`: its sources are shared).
fn for_each(error: &Arc<Error>) -> Error {
    let shared = || -> BoxError { Box::new(EnvelopeError(error.clone())) };
    match &**error {
        Error::Status(status) => Error::Status(status.clone()),
        Error::Decode { status, body, .. } => {
            Error::Decode { status: *status, source: shared(), body: body.clone() }
        }
        Error::InvalidRequest(message) => Error::InvalidRequest(message.clone()),
        Error::Transport(_) => Error::Transport(shared()),
        Error::Timeout(unanswered) => {
            let mut copy = crate::support::Unanswered::new(
                unanswered.method.clone(),
                &unanswered.path,
                unanswered.attempts,
            );
            copy.timeout = unanswered.timeout;
            copy.not_resent = unanswered.not_resent;
            Error::Timeout(Box::new(copy))
        }
        Error::Token(_) => Error::Token(shared()),
        Error::Io(io) => Error::Io(std::io::Error::new(io.kind(), io.to_string())),
    }
}

/// The source of an envelope's error, shared by the errors of its requests.
#[derive(Debug)]
struct EnvelopeError(Arc<Error>);

impl fmt::Display for EnvelopeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The variant is the same as the envelope's: show what it wraps.
        match std::error::Error::source(&*self.0) {
            Some(source) => fmt::Display::fmt(source, f),
            None => fmt::Display::fmt(&self.0, f),
        }
    }
}

impl std::error::Error for EnvelopeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        std::error::Error::source(&*self.0)?.source()
    }
}
