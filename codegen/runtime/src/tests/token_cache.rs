//! `CachedToken`: a refreshing closure asked once per token lifetime, not
//! once per request.

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use futures_util::future::join_all;

use crate::client::{CachedToken, ExpiringToken, Token, TokenSource, DEFAULT_REFRESH_MARGIN};
use crate::support::BoxError;

type Fetch = Pin<Box<dyn Future<Output = Result<ExpiringToken, BoxError>> + Send>>;

/// A source whose n-th fetch gives `t{n}`, valid for the next lifetime of
/// `lifetimes` (`None`: the fetch fails), with the count of fetches.
fn counted(
    lifetimes: Vec<Option<Duration>>,
) -> (CachedToken<impl Fn() -> Fetch + Send + Sync>, Arc<AtomicUsize>) {
    let calls = Arc::new(AtomicUsize::new(0));
    let counted = calls.clone();
    let lifetimes = Mutex::new(lifetimes.into_iter());
    let fetch = move || {
        let n = counted.fetch_add(1, Ordering::SeqCst) + 1;
        let lifetime = lifetimes.lock().unwrap().next().expect("an unexpected fetch");
        Box::pin(async move {
            // Lets concurrent requests run into the refresh under way.
            tokio::task::yield_now().await;
            match lifetime {
                Some(lifetime) => Ok(ExpiringToken::valid_for(format!("t{n}"), lifetime)),
                None => Err(BoxError::from(format!("sign-in {n} failed"))),
            }
        }) as Fetch
    };
    (CachedToken::new(fetch), calls)
}

const HOUR: Duration = Duration::from_secs(3600);
const TWO_MINUTES: Duration = Duration::from_secs(120);

async fn tokens(source: &dyn TokenSource, count: usize) -> Vec<Token> {
    let mut tokens = Vec::new();
    for _ in 0..count {
        tokens.push(source.token().await.unwrap());
    }
    tokens
}

#[tokio::test]
async fn a_token_valid_for_an_hour_is_fetched_once_for_many_requests() {
    let (source, calls) = counted(vec![Some(HOUR)]);
    assert_eq!(tokens(&source, 20).await, vec![Token::from("t1"); 20]);
    assert_eq!(calls.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_token_expiring_within_the_margin_is_refreshed() {
    assert_eq!(DEFAULT_REFRESH_MARGIN, Duration::from_secs(300));
    let (source, calls) = counted(vec![Some(TWO_MINUTES), Some(TWO_MINUTES), Some(HOUR)]);
    let expected: Vec<Token> = ["t1", "t2", "t3", "t3"].map(Token::from).into();
    assert_eq!(tokens(&source, 4).await, expected);
    assert_eq!(calls.load(Ordering::SeqCst), 3);

    // With a margin of one minute, two minutes are enough.
    let (source, calls) = counted(vec![Some(TWO_MINUTES)]);
    let source = source.refresh_margin(Duration::from_secs(60));
    assert_eq!(tokens(&source, 3).await, vec![Token::from("t1"); 3]);
    assert_eq!(calls.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn concurrent_requests_share_one_fetch() {
    let (source, calls) = counted(vec![Some(HOUR)]);
    let all = join_all((0..16).map(|_| source.token())).await;
    assert!(all.into_iter().all(|token| token.unwrap() == Token::from("t1")));
    assert_eq!(calls.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_failed_fetch_is_an_error_unless_the_cached_token_is_still_valid() {
    let (source, calls) = counted(vec![None, Some(TWO_MINUTES), None, Some(HOUR)]);
    let error = source.token().await.unwrap_err();
    assert_eq!(error.to_string(), "sign-in 1 failed");
    assert_eq!(source.token().await.unwrap(), Token::from("t2"));
    // Within the margin, but not expired: the refresh fails, t2 is used.
    assert_eq!(source.token().await.unwrap(), Token::from("t2"));
    assert_eq!(source.token().await.unwrap(), Token::from("t4"));
    assert_eq!(calls.load(Ordering::SeqCst), 4);

    // Expired, and the refresh fails: an error, never the stale token.
    let (source, _) = counted(vec![Some(Duration::ZERO), None]);
    assert_eq!(source.token().await.unwrap(), Token::from("t1"));
    assert!(source.token().await.is_err());
}

#[test]
fn expiring_tokens_are_redacted() {
    let expires_at = SystemTime::UNIX_EPOCH + HOUR;
    let token = ExpiringToken::new("secret-token", expires_at);
    assert_eq!((token.token(), token.expires_at()), (&Token::from("secret-token"), expires_at));
    let (source, _) = counted(vec![]);
    let text = format!("{token:?} {source:?}");
    assert!(!text.contains("secret") && text.contains("refresh_margin: 300s"), "{text}");
}
