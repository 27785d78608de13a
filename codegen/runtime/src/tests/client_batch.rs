//! `Client::send_batch` and `send_all` over `loopback` servers: the token on
//! the envelope, typed answers in the caller's order, throttled parts
//! retried alone after their `Retry-After`.

use std::time::{Duration, Instant};

use http::{Method, StatusCode};
use serde::Deserialize;
use serde_json::{json, Value};

use super::loopback::{Canned, Received, Server};
use crate::client::{Client, RetryPolicy, Token};
use crate::support::{Batch, Error, JsonObject, NoContent, Request, ResponseKind};

const TOKEN: &str = "batch-test-5ecret";

fn client(server: &Server, retry: RetryPolicy) -> Client {
    let http = Client::http_builder().unwrap().no_proxy().build().unwrap();
    let builder = Client::builder(Token::new(TOKEN)).base_url(server.url());
    builder.retry(retry).http_client(http).build().unwrap()
}

#[derive(Debug, PartialEq, Deserialize)]
struct User {
    id: String,
}

fn user(id: &str) -> Request<User> {
    Request::new(Method::GET, format!("/users/{id}"), 200, ResponseKind::Json)
}

fn answers(responses: Value) -> Canned {
    Canned::new(200, json!({ "responses": responses }).to_string())
}

fn not_found() -> Value {
    json!({ "error": { "code": "Request_ResourceNotFound", "message": "Resource does not exist." } })
}

/// The ids and `dependsOn` of an envelope as received.
fn sent(received: &Received) -> Vec<(String, Value)> {
    assert_eq!((received.method.as_str(), received.path_and_query.as_str()), ("POST", "/v1.0/$batch"));
    assert_eq!(received.header("authorization"), Some(&*format!("Bearer {TOKEN}")));
    assert_eq!(received.header("content-type"), Some("application/json"));
    let body: Value = serde_json::from_slice(&received.body).unwrap();
    let requests = body["requests"].as_array().unwrap();
    requests.iter().map(|r| (r["id"].as_str().unwrap().to_owned(), r["dependsOn"].clone())).collect()
}

#[tokio::test]
async fn a_throttled_part_is_retried_alone_after_its_retry_after() {
    let service = Server::start();
    let client = client(&service, RetryPolicy::new(3, Duration::from_millis(10), Duration::from_secs(5)));
    let mut batch = Batch::new();
    let me = batch.add(user("me"));
    let missing = batch.add(user("nobody"));
    let throttled = batch.add(user("busy"));
    let create =
        Request::<JsonObject>::new(Method::POST, "/users/busy/notes".into(), 201, ResponseKind::Json);
    let dependent = batch.add_after(create.json_body(&json!({ "text": "hi" })), &[throttled.id()]).unwrap();
    let gone =
        batch.add(Request::<NoContent>::new(Method::DELETE, "/users/x".into(), 204, ResponseKind::Empty));

    service.reply(answers(json!([
        { "id": "4", "status": 424, "body": { "error": { "code": "FailedDependency", "message": "" } } },
        { "id": "3", "status": 429, "headers": { "Retry-After": "1", "Content-Type": "application/json" },
          "body": { "error": { "code": "TooManyRequests", "message": "slow down" } } },
        { "id": "2", "status": 404, "headers": { "Content-Type": "application/json" }, "body": not_found() },
        { "id": "5", "status": 204 },
        { "id": "1", "status": 200, "body": { "id": "me" } },
    ])));
    service.reply(answers(json!([
        { "id": "4", "status": 201, "body": { "id": "note" } },
        { "id": "3", "status": 200, "body": { "id": "busy" } },
    ])));
    let start = Instant::now();
    let mut results = client.send_batch(batch).await;
    let elapsed = start.elapsed();

    let received = service.received();
    assert_eq!(received.len(), 2, "{received:?}");
    let first = sent(&received[0]);
    assert_eq!(first.iter().map(|(id, _)| id.as_str()).collect::<Vec<_>>(), ["1", "2", "3", "4", "5"]);
    // Only the throttled part and the one that failed because of it, its
    // dependency kept as both are sent again.
    assert_eq!(sent(&received[1]), [("3".into(), Value::Null), ("4".into(), json!(["3"]))]);
    assert!(elapsed >= Duration::from_millis(950), "waited {elapsed:?}, Retry-After is 1 s");
    assert!(elapsed < Duration::from_secs(4), "waited {elapsed:?}");

    assert_eq!(results.take(me).unwrap(), User { id: "me".into() });
    let Err(Error::Status(error)) = results.take(missing) else { panic!("a 404 is an error") };
    assert_eq!(error.status, StatusCode::NOT_FOUND);
    assert_eq!(error.error.map(|e| e.code), Some("Request_ResourceNotFound".to_owned()));
    assert_eq!(results.take(throttled).unwrap(), User { id: "busy".into() });
    let note = results.take_response(dependent).unwrap();
    assert_eq!((note.status(), note["id"].as_str()), (StatusCode::CREATED, Some("note")));
    assert_eq!(results.take(gone).unwrap(), NoContent);
}

#[tokio::test]
async fn send_all_gives_typed_results_in_order_across_envelopes() {
    let service = Server::start();
    let client = client(&service, RetryPolicy::none());
    let reversed = |range: std::ops::RangeInclusive<usize>| {
        let list: Vec<Value> = range
            .rev()
            .map(|n| match n {
                22 => json!({ "id": "22", "status": 404, "body": not_found() }),
                _ => json!({ "id": n.to_string(), "status": 200, "body": { "id": format!("u{n}") } }),
            })
            .collect();
        answers(Value::Array(list))
    };
    service.reply(reversed(1..=20)).reply(reversed(21..=25));
    let results = client.send_all((1..=25).map(|n| user(&n.to_string()))).await;

    let received = service.received();
    assert_eq!(received.iter().map(|r| sent(r).len()).collect::<Vec<_>>(), [20, 5]);
    assert_eq!(results.len(), 25);
    for (n, result) in (1..=25).zip(&results) {
        match (n, result) {
            (22, Err(Error::Status(error))) => assert_eq!(error.status, StatusCode::NOT_FOUND),
            (_, Ok(user)) => assert_eq!(user.id, format!("u{n}")),
            other => panic!("{other:?}"),
        }
    }
    let body: Value = serde_json::from_slice(&received[1].body).unwrap();
    assert_eq!(body["requests"][0], json!({ "id": "21", "method": "GET", "url": "/users/21" }));
}

#[tokio::test]
async fn a_failed_envelope_is_the_error_of_each_of_its_requests() {
    let service = Server::start();
    let client = client(&service, RetryPolicy::none());
    // A 429 part is not retried under RetryPolicy::none(): its typed error.
    service.reply(answers(json!([
        { "id": "1", "status": 429, "headers": { "Retry-After": "7" } },
    ])));
    let results = client.send_all([user("a"), user("b")]).await;
    let Err(Error::Status(error)) = &results[0] else { panic!("{:?}", results[0]) };
    assert_eq!(
        (error.status, error.retry_after),
        (StatusCode::TOO_MANY_REQUESTS, Some(Duration::from_secs(7)))
    );
    let Err(Error::Transport(error)) = &results[1] else { panic!("{:?}", results[1]) };
    assert_eq!(error.to_string(), "the batch response has no answer for request 2");

    let bad = json!({ "error": { "code": "BadRequest", "message": "Invalid batch payload." } });
    service.reply(Canned::new(400, bad.to_string()));
    service.reply(Canned::new(200, "42"));
    let (mut batch, parts) = Batch::of([user("a"), user("b")]);
    let after = batch.add_after(user("c"), &[parts[0].id()]).unwrap();
    let mut results = client.send_batch(batch).await;
    for part in [parts[0], parts[1], after] {
        let Err(Error::Status(error)) = results.take(part) else { panic!("the envelope's 400") };
        assert_eq!(error.error.map(|e| e.code), Some("BadRequest".to_owned()));
    }
    let results = client.send_all([user("a")]).await;
    let Err(error @ Error::Decode { .. }) = &results[0] else { panic!("{:?}", results[0]) };
    assert!(error.to_string().starts_with("cannot decode 200 OK response: invalid type: integer"), "{error}");
    assert_eq!(service.received().len(), 3);
    // Nothing to send, nothing sent.
    assert!(client.send_all(Vec::<Request<User>>::new()).await.is_empty());
    assert_eq!(service.received().len(), 3);
}
