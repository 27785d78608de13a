//! JSON batching without a client: the envelopes on the wire, splitting,
//! dependencies, and each answer decoded by its own request.

use http::{Method, StatusCode};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::support::{
    Batch, BatchResponse, Bytes, ConsistencyLevel, Error, JsonObject, NoContent, Page, PartId, Request,
    ResponseKind,
};

const ROOT: &str = "https://graph.microsoft.com/v1.0";

fn get<T>(path: &str) -> Request<T> {
    Request::new(Method::GET, path.to_owned(), 200, ResponseKind::Json)
}

/// The JSON body of an envelope.
fn body(envelope: &Request<BatchResponse>) -> Value {
    serde_json::from_slice(envelope.body().unwrap()).unwrap()
}

/// The ids of each envelope, in order.
fn ids(envelopes: &[Request<BatchResponse>]) -> Vec<Vec<String>> {
    let id = |request: &Value| request["id"].as_str().unwrap().to_owned();
    envelopes.iter().map(|e| body(e)["requests"].as_array().unwrap().iter().map(id).collect()).collect()
}

fn numbers(range: std::ops::RangeInclusive<usize>) -> Vec<String> {
    range.map(|n| n.to_string()).collect()
}

fn response(value: Value) -> BatchResponse {
    serde_json::from_value(value).unwrap()
}

#[derive(Debug, PartialEq, Deserialize)]
struct User {
    id: String,
}

#[test]
fn the_envelope_is_graphs_json() {
    let mut batch = Batch::new();
    let user = batch.add(get::<User>("/users/abc").select(&["id"]));
    let count = get::<Page<JsonObject>>("/users").count(true).consistency_level(ConsistencyLevel::Eventual);
    batch.add(count.prefer("a").prefer("b"));
    let patch = Request::<NoContent>::new(Method::PATCH, "/users/abc".into(), 204, ResponseKind::Empty)
        .json_body(&json!({ "jobTitle": "Dev", "n": null }))
        .if_match("W/\"1\"");
    batch.add_after(patch, &[user.id()]).unwrap();
    let upload = Request::<JsonObject>::new(
        Method::PUT,
        "/me/drive/root:/a.txt:/content".into(),
        201,
        ResponseKind::Json,
    )
    .bytes_body("text/plain", b"hello".to_vec());
    batch.add(upload);
    batch.add(Request::<Page<JsonObject>>::from_link(&format!("{ROOT}/users?$skiptoken=p%2F2")));

    let envelopes = batch.envelopes(ROOT);
    assert_eq!(envelopes.len(), 1);
    let http = envelopes[0].to_http(ROOT).unwrap();
    assert_eq!((http.method(), http.uri().to_string()), (&Method::POST, format!("{ROOT}/$batch")));
    assert_eq!(http.headers()["content-type"], "application/json");
    let expected = json!({ "requests": [
        { "id": "1", "method": "GET", "url": "/users/abc?$select=id" },
        { "id": "2", "method": "GET", "url": "/users?$count=true",
          "headers": { "consistencylevel": "eventual", "prefer": "a, b" } },
        { "id": "3", "method": "PATCH", "url": "/users/abc",
          "headers": { "content-type": "application/json", "if-match": "W/\"1\"" },
          "body": { "jobTitle": "Dev", "n": null }, "dependsOn": ["1"] },
        { "id": "4", "method": "PUT", "url": "/me/drive/root:/a.txt:/content",
          "headers": { "content-type": "text/plain" }, "body": "aGVsbG8=" },
        { "id": "5", "method": "GET", "url": "/users?$skiptoken=p%2F2" },
    ]});
    assert_eq!(body(&envelopes[0]), expected);
    // Fixed member order, as documented: id, method, url, headers, body, dependsOn.
    let text = String::from_utf8(envelopes[0].body().unwrap().to_vec()).unwrap();
    assert!(
        text.starts_with(r#"{"requests":[{"id":"1","method":"GET","url":"/users/abc?$select=id"},"#),
        "{text}"
    );
}

#[test]
fn answers_are_decoded_by_their_own_requests() {
    let mut batch = Batch::new();
    let user = batch.add(get::<User>("/users/abc"));
    let missing = batch.add(get::<User>("/users/nobody"));
    let photo =
        batch.add(Request::<Bytes>::new(Method::GET, "/me/photo/$value".into(), 200, ResponseKind::Bytes));
    let deleted =
        batch.add(Request::<NoContent>::new(Method::DELETE, "/me/x".into(), 204, ResponseKind::Empty));
    let count =
        batch.add(Request::<Bytes>::new(Method::GET, "/users/$count".into(), 200, ResponseKind::Bytes));
    let quoted = batch.add(get::<String>("/me/text"));
    let unanswered = batch.add(get::<User>("/me"));
    assert_eq!(batch.envelopes(ROOT).len(), 1);
    // Graph answers in any order; non-JSON bodies come base64-encoded.
    let answers = response(json!({ "responses": [
        { "id": "6", "status": 200, "headers": { "Content-Type": "application/json" }, "body": "as JSON" },
        { "id": "3", "status": 200, "headers": { "Content-Type": "image/jpeg" }, "body": "/9j/4A==" },
        { "id": "2", "status": 404, "headers": { "Content-Type": "application/json", "request-id": "r-2" },
          "body": { "error": { "code": "Request_ResourceNotFound", "message": "Not there" } } },
        { "id": "1", "status": 200, "headers": { "ETag": "W/\"7\"", "Content-Type": "application/json" },
          "body": { "id": "abc", "displayName": "A" } },
        { "id": "5", "status": 200, "headers": { "Content-Type": "text/plain" }, "body": "42" },
        { "id": "4", "status": 204 },
        { "status": 200 },
        { "id": "9", "status": 200 },
    ]}));
    let mut results = batch.into_results([answers]);

    let user = results.take_response(user).unwrap();
    assert_eq!((user.status(), user.header("etag")), (StatusCode::OK, Some("W/\"7\"")));
    assert_eq!(user.into_inner(), User { id: "abc".into() });
    let Err(Error::Status(error)) = results.take(missing) else { panic!("404 is an error") };
    assert_eq!(error.status, StatusCode::NOT_FOUND);
    assert_eq!(error.error.as_ref().map(|e| e.code.as_str()), Some("Request_ResourceNotFound"));
    assert_eq!(
        (error.request_id(), error.headers()["content-type"].to_str().ok()),
        (Some("r-2"), Some("application/json"))
    );
    assert_eq!(results.take(photo).unwrap(), Bytes(vec![0xff, 0xd8, 0xff, 0xe0]));
    assert_eq!(results.take(deleted).unwrap(), NoContent);
    assert_eq!(results.take(count).unwrap(), Bytes(b"42".to_vec()), "not base64: as sent");
    assert_eq!(results.take(quoted).unwrap(), "as JSON");
    let Err(Error::Transport(error)) = results.take(unanswered) else { panic!("no answer is an error") };
    assert_eq!(error.to_string(), "the batch response has no answer for request 7");
    // A handle is taken once, and only from its own batch.
    assert!(matches!(results.take(photo), Err(Error::InvalidRequest(m)) if m.contains("already taken")));
    let (_, others) = Batch::of([get::<User>("/me")]);
    assert!(
        matches!(results.take(others[0]), Err(Error::InvalidRequest(m)) if m.contains("not of this batch"))
    );
}

#[test]
fn bad_answers_spoil_only_their_own_request() {
    let (mut batch, parts) = Batch::of((0..3).map(|n| get::<User>(&format!("/users/{n}"))));
    batch.envelopes(ROOT);
    let answers = response(json!({ "responses": [
        { "id": "1", "status": 200, "body": { "id": 5 } },
        { "id": "2", "status": 1000 },
        { "id": "3", "status": 200, "body": { "id": "c" } },
    ]}));
    let results = batch.into_results([answers]).take_all(&parts);
    assert!(matches!(&results[0], Err(Error::Decode { status, .. }) if *status == StatusCode::OK));
    assert!(matches!(&results[1], Err(Error::Transport(e)) if e.to_string().contains("invalid status 1000")));
    assert_eq!(results[2].as_ref().unwrap(), &User { id: "c".into() });
    assert!(serde_json::from_str::<BatchResponse>(r#"{"responses":{}}"#).is_err());
    assert!(format!("{:?}", response(json!({ "responses": [] }))).contains("answers"));
}

#[test]
fn forty_five_requests_make_envelopes_of_20_20_and_5_in_order() {
    let mut batch = Batch::new();
    let parts: Vec<_> = (1..=45).map(|n| batch.add(get::<User>(&format!("/users/{n}")))).collect();
    let mut envelopes = batch.envelopes(ROOT);
    assert_eq!(ids(&envelopes), [numbers(1..=20), numbers(21..=40), numbers(41..=45)]);
    let urls: Vec<String> = envelopes
        .iter()
        .flat_map(|e| body(e)["requests"].as_array().unwrap().clone())
        .map(|r| r["url"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(urls, (1..=45).map(|n| format!("/users/{n}")).collect::<Vec<_>>());

    // Answers from three envelopes, taken in the caller's order.
    let answer = |range: std::ops::RangeInclusive<usize>| {
        let list: Vec<Value> = range
            .rev()
            .map(|n| json!({ "id": n.to_string(), "status": 200, "body": { "id": format!("u{n}") } }))
            .collect();
        response(json!({ "responses": list }))
    };
    envelopes.clear();
    let mut results = batch.into_results([answer(41..=45), answer(1..=20), answer(21..=40)]);
    let taken: Vec<String> = results.take_all(&parts).into_iter().map(|user| user.unwrap().id).collect();
    assert_eq!(taken, (1..=45).map(|n| format!("u{n}")).collect::<Vec<_>>());
}

#[test]
fn requests_that_depend_on_each_other_share_an_envelope() {
    // 45 with two groups inside envelopes: still 20/20/5.
    let mut grouped = Batch::new();
    let mut parts = Vec::new();
    for n in 1..=45 {
        let after: Vec<PartId> = match n {
            2 => vec![parts[0]],
            25 => vec![parts[21], parts[22]],
            _ => vec![],
        };
        parts.push(grouped.add_after(get::<User>(&format!("/users/{n}")), &after).unwrap().id());
        assert_eq!(parts[n - 1].to_string(), n.to_string(), "ids are positions");
    }
    let envelopes = grouped.envelopes(ROOT);
    assert_eq!(ids(&envelopes), [numbers(1..=20), numbers(21..=40), numbers(41..=45)]);
    let second = body(&envelopes[1]);
    assert_eq!(second["requests"][4]["dependsOn"], json!(["22", "23"]));
    assert_eq!(body(&envelopes[0])["requests"][1]["dependsOn"], json!(["1"]));

    // A group that would straddle envelopes moves whole to the next one,
    let mut batch = Batch::new();
    let first: Vec<_> = (1..=19).map(|n| batch.add(get::<User>(&format!("/u/{n}")))).collect();
    let a = batch.add(get::<User>("/u/20"));
    let b = batch.add_after(get::<User>("/u/21"), &[a.id()]).unwrap();
    batch.add_after(get::<NoContent>("/u/22"), &[b.id()]).unwrap();
    assert_eq!(ids(&batch.envelopes(ROOT)), [numbers(1..=19), numbers(20..=22)]);
    // and a late request joins the envelope of an early one it depends on.
    let late = (23..=30).map(|n| batch.add(get::<User>(&format!("/u/{n}")))).last().unwrap();
    batch.add_after(get::<User>("/u/31"), &[first[0].id(), late.id()]).unwrap();
    let mut pulled = numbers(1..=18);
    pulled.extend(["30".to_owned(), "31".to_owned()]);
    assert_eq!(ids(&batch.envelopes(ROOT)), [pulled, numbers(19..=29)]);
}

#[test]
fn a_dependency_group_larger_than_an_envelope_is_refused() {
    let mut batch = Batch::new();
    let mut last = batch.add(get::<User>("/u/1"));
    for n in 2..=20 {
        last = batch.add_after(get::<User>(&format!("/u/{n}")), &[last.id()]).unwrap();
    }
    let refused = batch.add_after(get::<User>("/u/21"), &[last.id()]);
    assert!(
        matches!(refused, Err(Error::InvalidRequest(m)) if m.contains("21 requests would depend on each other"))
    );
    assert_eq!(batch.len(), 20, "nothing was added");
    // Two groups of ten joined by one more request: 21 as well.
    let mut batch = Batch::new();
    let heads: Vec<_> = (0..2)
        .map(|_| {
            let head = batch.add(get::<User>("/u"));
            (0..9).fold(head, |prev, _| batch.add_after(get::<User>("/u"), &[prev.id()]).unwrap())
        })
        .collect();
    assert!(batch.add_after(get::<User>("/u"), &[heads[0].id(), heads[1].id()]).is_err());
    assert!(
        batch.add_after(get::<User>("/u"), &[heads[0].id(), heads[0].id()]).is_ok(),
        "duplicates count once"
    );
    // An id of another batch is unknown here.
    let (_, foreign) = Batch::of([get::<User>("/u"), get::<User>("/u")]);
    let unknown = Batch::new().add_after(get::<User>("/u"), &[foreign[1].into()]);
    assert!(matches!(unknown, Err(Error::InvalidRequest(m)) if m == "request 2 is not of this batch"));
}

#[test]
fn links_off_the_service_root_and_bad_requests_stay_out_of_the_envelope() {
    let mut batch = Batch::new();
    let ok = batch.add(get::<User>("/me"));
    let foreign = batch.add(Request::<User>::from_link("https://evil.example/v1.0/me"));
    let beta = batch.add(Request::<User>::from_link("https://graph.microsoft.com/beta/me"));
    let after_foreign = batch.add_after(get::<User>("/me/manager"), &[foreign.id()]).unwrap();
    let dots = batch.add(get::<User>("/users/%2E%2E/me"));
    let bad_header = batch.add(get::<User>("/me").if_match("a\nb"));
    let envelopes = batch.envelopes(ROOT);
    assert_eq!(ids(&envelopes), [vec!["1".to_owned()]]);
    let mut results = batch.into_results([response(json!({ "responses": [
        { "id": "1", "status": 200, "body": { "id": "me" } },
        { "id": "2", "status": 200, "body": { "id": "not sent, not taken" } },
    ]}))]);
    assert_eq!(results.take(ok).unwrap().id, "me");
    let message = |result: Result<User, Error>| match result {
        Err(Error::InvalidRequest(message)) => message,
        other => panic!("{other:?}"),
    };
    let text = message(results.take(foreign));
    assert!(text.starts_with("batch request 2: link on https://evil.example/v1.0/me is not under"), "{text}");
    assert!(message(results.take(beta)).contains("is not under the service root"));
    assert_eq!(
        message(results.take(after_foreign)),
        "batch request 4 depends on request 2, which cannot be sent"
    );
    assert!(message(results.take(dots)).contains("dot-segment"));
    assert!(message(results.take(bad_header)).starts_with("batch request 6: invalid if-match"));
}

#[test]
fn a_service_root_with_a_trailing_slash_or_no_path() {
    for root in ["https://graph.microsoft.com/v1.0/", "http://127.0.0.1:8080"] {
        let mut batch = Batch::new();
        batch.add(get::<User>("/me").select(&["id"]));
        let envelopes = batch.envelopes(root);
        assert_eq!(body(&envelopes[0])["requests"][0]["url"], "/me?$select=id", "{root}");
    }
    assert!(Batch::new().envelopes(ROOT).is_empty());
}
