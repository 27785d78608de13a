//! The client under transport faults, against `loopback` servers that
//! stall after reading the request, drip the body, or cut it short: each
//! attempt times out (a typed error naming the request), idempotent
//! requests are sent again within the retry budget, and a POST never is.
//! Timing bounds are generous: they tell a timeout from a hang, never a
//! fast path from a slow one.

use std::time::{Duration, Instant};

use http::Method;
use serde_json::json;

use super::loopback::{Canned, Fault, Server};
use crate::client::{Client, RetryPolicy, Token, DEFAULT_TIMEOUT};
use crate::support::{Batch, Error, JsonObject, Page, Request, ResponseKind, Unanswered};

fn client(server: &Server, timeout: Duration, retry: RetryPolicy) -> Client {
    let http = Client::http_builder().unwrap().no_proxy().build().unwrap();
    let builder = Client::builder(Token::new("runtime-test-5ecret")).base_url(server.url());
    builder.retry(retry).timeout(timeout).http_client(http).build().unwrap()
}

/// One retry, after 10 ms.
fn one_retry() -> RetryPolicy {
    RetryPolicy::new(1, Duration::from_millis(10), Duration::from_secs(1))
}

fn list() -> Request<Page<JsonObject>> {
    Request::new(Method::GET, "/me/profile/phones".to_owned(), 200, ResponseKind::Json)
}

fn create() -> Request<JsonObject> {
    let request = Request::new(Method::POST, "/me/profile/phones".to_owned(), 201, ResponseKind::Json);
    request.json_body(&json!({ "number": "+1 555 0100" }))
}

fn page() -> Canned {
    Canned::new(200, json!({ "value": [{ "id": "p1" }] }).to_string())
}

fn methods(server: &Server) -> Vec<String> {
    server.received().iter().map(|r| r.method.clone()).collect()
}

/// The request an error names, when it is one that got no answer.
fn unanswered(error: &Error) -> &Unanswered {
    match error {
        Error::Timeout(unanswered) => unanswered,
        Error::Transport(source) => source.downcast_ref().unwrap_or_else(|| panic!("{error}")),
        _ => panic!("not a failure without an answer: {error}"),
    }
}

#[tokio::test]
async fn a_stalled_get_times_out_after_each_attempt_and_is_sent_again_once() {
    let server = Server::start();
    server.reply(page().with_fault(Fault::Stall)).reply(page().with_fault(Fault::Stall));
    let started = Instant::now();
    let error = client(&server, Duration::from_secs(1), one_retry()).send(list()).await.unwrap_err();
    let elapsed = started.elapsed();
    let Error::Timeout(timeout) = &error else { panic!("not a timeout: {error}") };
    assert_eq!((timeout.method.as_str(), timeout.path.as_str()), ("GET", "/me/profile/phones"));
    assert_eq!(
        (timeout.timeout, timeout.attempts, timeout.not_resent),
        (Some(Duration::from_secs(1)), 2, false)
    );
    assert_eq!(
        error.to_string(),
        "request timed out: GET /me/profile/phones after 2 attempts: no complete answer within 1s"
    );
    assert_eq!(methods(&server), ["GET", "GET"], "one attempt and one retry");
    assert!(elapsed >= Duration::from_secs(2) && elapsed < Duration::from_secs(20), "{elapsed:?}");
}

#[tokio::test]
async fn a_stalled_post_is_sent_once_and_says_it_may_have_taken_effect() {
    let server = Server::start();
    server.reply(Canned::new(201, "{}").with_fault(Fault::Stall));
    let retries = RetryPolicy::new(3, Duration::from_millis(10), Duration::from_secs(1));
    let started = Instant::now();
    let error = client(&server, Duration::from_secs(1), retries).send(create()).await.unwrap_err();
    let elapsed = started.elapsed();
    let timeout = unanswered(&error);
    assert!(matches!(error, Error::Timeout(_)));
    assert_eq!((timeout.attempts, timeout.not_resent), (1, true));
    let expected = "request timed out: POST /me/profile/phones (not sent again: the service may have acted on a POST, check before retrying): no complete answer within 1s";
    assert_eq!(error.to_string(), expected);
    assert_eq!(methods(&server), ["POST"], "never resent");
    assert!(elapsed >= Duration::from_secs(1) && elapsed < Duration::from_secs(10), "{elapsed:?}");
}

#[tokio::test]
async fn a_dripping_body_counts_against_the_timeout() {
    let server = Server::start();
    // A 40-byte body, a byte every 200 ms: 8 s in all, past the 1 s timeout.
    server.reply(page().with_fault(Fault::Drip(Duration::from_millis(200))));
    let started = Instant::now();
    let error = client(&server, Duration::from_secs(1), RetryPolicy::none()).send(list()).await.unwrap_err();
    let elapsed = started.elapsed();
    assert!(matches!(&error, Error::Timeout(t) if t.attempts == 1), "{error}");
    assert!(elapsed >= Duration::from_secs(1) && elapsed < Duration::from_secs(6), "{elapsed:?}");
}

#[tokio::test]
async fn a_request_s_own_timeout_replaces_the_client_s() {
    let server = Server::start();
    server.reply(page().with_fault(Fault::Stall));
    let started = Instant::now();
    let request = list().timeout(Duration::from_millis(300));
    let error = client(&server, DEFAULT_TIMEOUT, RetryPolicy::none()).send(request).await.unwrap_err();
    assert_eq!(unanswered(&error).timeout, Some(Duration::from_millis(300)));
    assert!(started.elapsed() < Duration::from_secs(10), "{:?}", started.elapsed());
}

#[tokio::test]
async fn a_get_whose_body_is_cut_short_is_sent_again_and_succeeds() {
    let server = Server::start();
    server.reply(page().with_fault(Fault::Cut(10))).reply(page());
    let phones = client(&server, Duration::from_secs(5), one_retry()).send(list()).await.unwrap();
    assert_eq!(phones.value.len(), 1);
    assert_eq!(methods(&server), ["GET", "GET"]);
}

#[tokio::test]
async fn a_post_whose_body_is_cut_short_is_not_resent() {
    let server = Server::start();
    server.reply(Canned::new(201, r#"{"id":"p1"}"#).with_fault(Fault::Cut(3))).reply(Canned::new(201, "{}"));
    let error = client(&server, Duration::from_secs(5), one_retry()).send(create()).await.unwrap_err();
    let failure = unanswered(&error);
    assert!(matches!(error, Error::Transport(_)), "{error}");
    assert_eq!((failure.attempts, failure.not_resent, failure.timeout), (1, true, None));
    assert!(failure.source.is_some(), "says what failed");
    assert_eq!(methods(&server), ["POST"]);
}

#[tokio::test]
async fn a_post_marked_idempotent_is_sent_again() {
    let server = Server::start();
    server.reply(Canned::hang_up()).reply(Canned::new(201, r#"{"id":"p1"}"#));
    let created =
        client(&server, Duration::from_secs(5), one_retry()).send(create().idempotent()).await.unwrap();
    assert_eq!(created["id"], json!("p1"));
    assert_eq!(methods(&server), ["POST", "POST"]);
}

#[tokio::test]
async fn paging_and_downloads_use_the_same_timeouts_and_retries() {
    // The second page stalls once: sent again, the whole list arrives.
    let server = Server::start();
    let next = format!("{}/me/profile/phones?$skiptoken=2", server.url());
    server.reply(Canned::new(200, json!({ "value": [{ "id": "p1" }], "@odata.nextLink": next }).to_string()));
    server.reply(page().with_fault(Fault::Stall)).reply(page());
    let client = client(&server, Duration::from_millis(500), one_retry());
    let phones = client.collect_items(list()).await.unwrap();
    assert_eq!(phones.len(), 2);
    assert_eq!(methods(&server), ["GET", "GET", "GET"]);

    // A download cut short before any byte is sent again; one that breaks
    // off after bytes were written is an error (the writer holds a part).
    let server = Server::start();
    let content = Canned::new(200, "0123456789abcdef");
    server.reply(content.clone().with_fault(Fault::Cut(0))).reply(content.clone());
    let bytes = || {
        Request::<crate::support::Bytes>::new(Method::GET, "/f/content".to_owned(), 200, ResponseKind::Bytes)
    };
    let (mut first, mut second) = (Vec::new(), Vec::new());
    let client = self::client(&server, Duration::from_secs(5), one_retry());
    assert_eq!(client.download_to(bytes(), &mut first).await.unwrap(), 16);
    assert_eq!(first, b"0123456789abcdef");
    server.reply(content.with_fault(Fault::Drip(Duration::from_millis(400))));
    let client = self::client(&server, Duration::from_millis(300), RetryPolicy::none());
    let error = client.download_to(bytes(), &mut second).await.unwrap_err();
    assert!(matches!(error, Error::Transport(_)) && error.to_string().contains("broke off after"), "{error}");
}

#[test]
fn a_batch_envelope_is_idempotent_only_when_its_requests_are() {
    let mut reads = Batch::new();
    reads.add(list());
    reads.add(Request::<JsonObject>::new(Method::DELETE, "/me/x".to_owned(), 204, ResponseKind::Empty));
    assert!(reads.envelopes("https://graph.microsoft.com/v1.0").iter().all(Request::is_idempotent));
    let mut writes = Batch::new();
    writes.add(list());
    writes.add(create());
    assert!(!writes.envelopes("https://graph.microsoft.com/v1.0")[0].is_idempotent());
}
