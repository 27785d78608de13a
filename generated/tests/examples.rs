//! The upload, download, delta and batch examples over real HTTP: each
//! example's own `run` against a scripted server on 127.0.0.1 (`loopback`),
//! checking what went over the wire and what the example printed.
#![cfg(all(feature = "client", feature = "users", feature = "sharepoint"))]
// Each example brings its own copy of `examples/common`, as in its own build.
#![allow(clippy::duplicate_mod)]

#[allow(dead_code)] // shared with the client tests, which use all of it
mod loopback;

use std::time::{Duration, Instant};

use loopback::{Canned, Server};
use serde_json::json;

const TOKEN: &str = "example-test-5ecret";

// Each example as a module: its `run` is what its `main` runs.
#[allow(dead_code)]
#[path = "../examples/batch.rs"]
mod batch_example;
#[allow(dead_code)]
#[path = "../examples/delta.rs"]
mod delta_example;
#[allow(dead_code)]
#[path = "../examples/download.rs"]
mod download_example;
#[allow(dead_code)]
#[path = "../examples/upload.rs"]
mod upload_example;

fn env(server: &Server) -> impl Fn(&str) -> Option<String> {
    let url = server.url().to_owned();
    move |name| match name {
        "GRAPH_BASE_URL" => Some(url.clone()),
        "GRAPH_TOKEN" => Some(TOKEN.to_owned()),
        _ => None,
    }
}

fn args(args: &[&str]) -> Vec<String> {
    args.iter().map(|a| (*a).to_owned()).collect()
}

fn bearer() -> String {
    format!("Bearer {TOKEN}")
}

/// The server's origin (`http://127.0.0.1:port`), where pre-authenticated
/// upload and download URLs point in these tests.
fn origin(server: &Server) -> String {
    server.url().trim_end_matches("/v1.0").to_owned()
}

/// A scratch file path unique to this test.
fn scratch(name: &str) -> std::path::PathBuf {
    std::env::temp_dir().join(format!("graph-api-example-{}-{name}", std::process::id()))
}

#[tokio::test]
async fn upload_sends_the_file_in_chunks_and_survives_a_503_and_a_half_kept_chunk() {
    let server = Server::start().await;
    let source: Vec<u8> = (0..7_000_000u32).map(|i| (i * 7 % 251) as u8).collect();
    let local = scratch("upload-source");
    std::fs::write(&local, &source).unwrap();
    let upload_url = format!("{}/up/session-1?sig=abc", origin(&server));
    let status = |next: &str| Canned::json(200, &json!({ "nextExpectedRanges": [next] }));
    server.reply(Canned::json(200, &json!({ "uploadUrl": upload_url, "nextExpectedRanges": ["0-"] })));
    server.reply(Canned::new(503, "").header("retry-after", "1"));
    server.reply(status("0-"));
    server.reply(Canned::json(202, &json!({ "nextExpectedRanges": ["1638400-"] }))); // half of it kept
    server.reply(Canned::json(202, &json!({ "nextExpectedRanges": ["4915200-6999999"] })));
    server.reply(Canned::json(201, &json!({ "id": "01ABC", "name": "Résumé final.pdf", "size": 7_000_000 })));

    let mut out = Vec::new();
    let started = Instant::now();
    let remote = "Folder A/Sous-dossier/Résumé final.pdf";
    let result =
        upload_example::run(&env(&server), &args(&[local.to_str().unwrap(), remote]), &mut out).await;
    std::fs::remove_file(&local).unwrap();
    result.unwrap();
    assert!(started.elapsed() >= Duration::from_millis(950), "Retry-After: 1 was waited out");

    let received = server.received();
    let requests: Vec<String> = server.requests();
    let put = "PUT /up/session-1?sig=abc".to_owned();
    assert_eq!(
        requests,
        [
            "POST /v1.0/me/drive/root:/Folder%20A/Sous-dossier/R%C3%A9sum%C3%A9%20final.pdf:/createUploadSession"
                .to_owned(),
            put.clone(),
            "GET /up/session-1?sig=abc".to_owned(),
            put.clone(),
            put.clone(),
            put,
        ]
    );
    assert_eq!(received[0].header("authorization"), Some(&*bearer()));
    assert_eq!(received[0].json(), json!({ "item": { "@microsoft.graph.conflictBehavior": "replace" } }));
    assert!(received[1..].iter().all(|r| r.header("authorization").is_none()), "no token to the upload URL");
    let ranges: Vec<&str> = received.iter().filter_map(|r| r.header("content-range")).collect();
    assert_eq!(
        ranges,
        [
            "bytes 0-3276799/7000000",
            "bytes 0-3276799/7000000",
            "bytes 1638400-4915199/7000000",
            "bytes 4915200-6999999/7000000"
        ]
    );
    // The file as the server assembled it from the ranges it kept.
    let mut assembled = vec![0u8; source.len()];
    for chunk in received.iter().filter(|r| r.method == http::Method::PUT) {
        let range = chunk.header("content-range").unwrap();
        let start: usize = range["bytes ".len()..].split('-').next().unwrap().parse().unwrap();
        assert_eq!(chunk.header("content-length"), Some(&*chunk.body.len().to_string()));
        assembled[start..start + chunk.body.len()].copy_from_slice(&chunk.body);
    }
    assert!(assembled == source, "the uploaded bytes are the file's");
    let out = String::from_utf8(out).unwrap();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines.first(),
        Some(&"1. created an upload session for Folder A/Sous-dossier/Résumé final.pdf")
    );
    assert!(lines.contains(&"2. sent 7000000 of 7000000 bytes"), "{out}");
    assert_eq!(
        lines.last(),
        Some(&"3. uploaded Folder A/Sous-dossier/Résumé final.pdf: id 01ABC, size 7000000")
    );
}

#[tokio::test]
async fn download_follows_the_redirect_without_the_token() {
    let server = Server::start().await;
    let download = format!("{}/dl/abc?tempauth=xyz", origin(&server));
    server.reply(Canned::new(302, "").header("location", download));
    server.reply(Canned::new(200, "the file's bytes").header("content-type", "application/octet-stream"));
    let local = scratch("download-out");
    let mut out = Vec::new();
    download_example::run(&env(&server), &args(&["Folder A/notes 1.txt", local.to_str().unwrap()]), &mut out)
        .await
        .unwrap();
    let written = std::fs::read(&local).unwrap();
    std::fs::remove_file(&local).unwrap();
    assert_eq!(written, b"the file's bytes");
    assert_eq!(
        server.requests(),
        ["GET /v1.0/me/drive/root:/Folder%20A/notes%201.txt:/content", "GET /dl/abc?tempauth=xyz"]
    );
    let received = server.received();
    assert_eq!(received[0].header("authorization"), Some(&*bearer()));
    assert_eq!(received[1].header("authorization"), None, "no token to the download URL");
    let line = format!("1. downloaded Folder A/notes 1.txt: 16 bytes to {}\n", local.display());
    assert_eq!(String::from_utf8(out).unwrap(), line);

    // A missing file: an error, and no file left behind.
    server.reply(Canned::json(404, &json!({ "error": { "code": "itemNotFound", "message": "gone" } })));
    let error =
        download_example::run(&env(&server), &args(&["nope.txt", local.to_str().unwrap()]), &mut Vec::new())
            .await
            .unwrap_err();
    assert!(error.to_string().starts_with("1. download failed: Graph returned 404 Not Found: itemNotFound"));
    assert!(!local.exists() && !scratch("download-out.part").exists());
}

#[tokio::test]
async fn delta_prints_every_change_then_the_delta_link_and_resumes_from_it() {
    let server = Server::start().await;
    let next = format!("{}/users/delta?$skiptoken=page2", server.url());
    let delta_link = format!("{}/users/delta?$deltatoken=t1", server.url());
    server.reply(Canned::json(
        200,
        &json!({ "value": [{ "id": "u1", "displayName": "Ada Lovelace" }], "@odata.nextLink": next }),
    ));
    server.reply(Canned::json(
        200,
        &json!({
            "value": [
                { "id": "u2", "@removed": { "reason": "changed" } },
                { "id": "u3", "@removed": { "reason": "deleted" } },
                { "id": "u4", "displayName": "Grace Hopper" }
            ],
            "@odata.deltaLink": delta_link
        }),
    ));
    let mut out = Vec::new();
    delta_example::run(&env(&server), &[], &mut out).await.unwrap();
    let expected = format!("u1: Ada Lovelace\nu2: removed\nu3: deleted\nu4: Grace Hopper\n{delta_link}\n");
    assert_eq!(String::from_utf8(out).unwrap(), expected);

    let later = format!("{}/users/delta?$deltatoken=t2", server.url());
    server.reply(Canned::json(200, &json!({ "value": [], "@odata.deltaLink": later })));
    let mut out = Vec::new();
    delta_example::run(&env(&server), std::slice::from_ref(&delta_link), &mut out).await.unwrap();
    assert_eq!(String::from_utf8(out).unwrap(), format!("{later}\n"));
    assert_eq!(
        server.requests(),
        [
            "GET /v1.0/users/delta?$select=id%2CdisplayName",
            "GET /v1.0/users/delta?$skiptoken=page2",
            "GET /v1.0/users/delta?$deltatoken=t1",
        ]
    );
    assert!(server.received().iter().all(|r| r.header("authorization") == Some(&*bearer())));
}

#[tokio::test]
async fn delta_stops_at_a_next_link_to_another_host() {
    let server = Server::start().await;
    let elsewhere = Server::start().await;
    let foreign = format!("{}/users/delta?$skiptoken=x", elsewhere.url());
    server.reply(Canned::json(200, &json!({ "value": [{ "id": "u1" }], "@odata.nextLink": foreign })));
    let mut out = Vec::new();
    let error = delta_example::run(&env(&server), &[], &mut out).await.unwrap_err().to_string();
    assert!(error.contains("delta failed") && error.contains("not under the service root"), "{error}");
    assert!(elsewhere.received().is_empty(), "the foreign link was not followed");
    assert_eq!(String::from_utf8(out).unwrap(), "u1: \n");
}

/// A batch response answering the parts with these ids, in reverse order.
fn batch_answer(
    ids: impl DoubleEndedIterator<Item = usize>,
    answer: impl Fn(usize) -> serde_json::Value,
) -> Canned {
    let responses: Vec<_> = ids.rev().map(answer).collect();
    Canned::json(200, &json!({ "responses": responses }))
}

#[tokio::test]
async fn batch_gets_users_in_batches_of_20_in_order_retrying_the_throttled() {
    let server = Server::start().await;
    let user = |i: usize| {
        json!({ "id": i.to_string(), "status": 200, "headers": { "content-type": "application/json" },
                "body": { "id": format!("id-{i}"), "displayName": format!("User {i}") } })
    };
    // Part 3 is throttled, part 7 does not exist.
    server.reply(batch_answer(1..=20, |i| match i {
        3 => json!({ "id": "3", "status": 429, "headers": { "retry-after": "1" },
                     "body": { "error": { "code": "TooManyRequests", "message": "slow down" } } }),
        7 => json!({ "id": "7", "status": 404,
                     "body": { "error": { "code": "Request_ResourceNotFound", "message": "no such user" } } }),
        i => user(i),
    }));
    server.reply(batch_answer(21..=25, user));
    server.reply(batch_answer(3..=3, user));
    let ids: Vec<String> = (1..=25).map(|i| format!("id-{i}")).collect();
    let started = Instant::now();
    let mut out = Vec::new();
    batch_example::run(&env(&server), &ids, &mut out).await.unwrap();
    assert!(started.elapsed() >= Duration::from_millis(950), "Retry-After: 1 was waited out");

    let out = String::from_utf8(out).unwrap();
    let expected: Vec<String> = (1..=25)
        .map(|i| match i {
            7 => "id-7: error Request_ResourceNotFound".to_owned(),
            i => format!("id-{i}: User {i}"),
        })
        .collect();
    assert_eq!(out.lines().collect::<Vec<_>>(), expected);
    assert_eq!(server.requests(), ["POST /v1.0/$batch"; 3]);
    let received = server.received();
    assert!(received.iter().all(|r| r.header("authorization") == Some(&*bearer())));
    let urls = |n: usize| -> Vec<String> {
        received[n].json()["requests"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["url"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(urls(0).len(), 20);
    assert_eq!(urls(0)[0], "/users/id-1?$select=id%2CdisplayName");
    assert_eq!(
        urls(1),
        (21..=25).map(|i| format!("/users/id-{i}?$select=id%2CdisplayName")).collect::<Vec<_>>()
    );
    assert_eq!(urls(2), ["/users/id-3?$select=id%2CdisplayName"]);
}

#[tokio::test]
async fn examples_refuse_missing_arguments_and_token() {
    let server = Server::start().await;
    let none: &[String] = &[];
    assert!(batch_example::run(&env(&server), none, &mut Vec::new())
        .await
        .unwrap_err()
        .to_string()
        .starts_with("usage"));
    let one = args(&["x"]);
    assert!(upload_example::run(&env(&server), &one, &mut Vec::new())
        .await
        .unwrap_err()
        .to_string()
        .starts_with("usage"));
    assert!(download_example::run(&env(&server), &one, &mut Vec::new())
        .await
        .unwrap_err()
        .to_string()
        .starts_with("usage"));
    let two = args(&["a", "b"]);
    assert!(delta_example::run(&env(&server), &two, &mut Vec::new())
        .await
        .unwrap_err()
        .to_string()
        .starts_with("usage"));
    let no_token = |name: &str| (name == "GRAPH_BASE_URL").then(|| "http://127.0.0.1:9/v1.0".to_owned());
    let error = delta_example::run(&no_token, &[], &mut Vec::new()).await.unwrap_err();
    assert!(error.to_string().contains("GRAPH_TOKEN"));
    assert!(server.received().is_empty());
}
