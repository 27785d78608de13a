//! The client without a server: retry decisions, redaction, base URLs.

use std::time::Duration;

use http::{Method, StatusCode};

use crate::client::{Client, Cloud, RetryPolicy, Token, UploadOptions};
use crate::support::{Error, JsonObject, NoContent, Page, Request, StatusError};

fn status(code: u16, retry_after: Option<u64>) -> StatusError {
    let mut response = http::Response::new(Vec::new());
    *response.status_mut() = StatusCode::from_u16(code).unwrap();
    if let Some(seconds) = retry_after {
        response.headers_mut().insert("retry-after", seconds.into());
    }
    let request = Request::<crate::support::NoContent>::new(
        Method::GET,
        "/".into(),
        204,
        crate::support::ResponseKind::Empty,
    );
    match request.decode(response) {
        Err(Error::Status(error)) => *error,
        other => panic!("{other:?}"),
    }
}

#[test]
fn idempotent_requests_retry_throttling_and_gateway_timeouts() {
    let policy = RetryPolicy::new(3, Duration::from_millis(10), Duration::from_millis(25));
    let ms = Duration::from_millis;
    for code in [429, 503, 504] {
        let waits: Vec<_> =
            (0..4).map(|retry| policy.delay(&Method::GET, &status(code, None), retry)).collect();
        assert_eq!(waits, [Some(ms(10)), Some(ms(20)), Some(ms(25)), None], "{code}");
    }
    for code in [400, 401, 404, 409, 500, 502] {
        assert_eq!(policy.delay(&Method::DELETE, &status(code, Some(0)), 0), None, "{code}");
    }
}

#[test]
fn retry_after_is_honoured_or_returned() {
    let policy = RetryPolicy::new(2, Duration::from_millis(1), Duration::from_secs(5));
    assert_eq!(policy.delay(&Method::PUT, &status(429, Some(5)), 0), Some(Duration::from_secs(5)));
    assert_eq!(policy.delay(&Method::GET, &status(503, Some(6)), 0), None);
    assert_eq!(RetryPolicy::none().delay(&Method::GET, &status(429, Some(0)), 0), None);
}

#[test]
fn non_idempotent_requests_retry_only_when_told_to() {
    let policy = RetryPolicy::default();
    for method in [Method::POST, Method::PATCH] {
        assert_eq!(policy.delay(&method, &status(429, Some(2)), 0), Some(Duration::from_secs(2)));
        assert_eq!(policy.delay(&method, &status(503, Some(0)), 0), Some(Duration::ZERO));
        assert_eq!(policy.delay(&method, &status(429, None), 0), None);
        assert_eq!(policy.delay(&method, &status(504, Some(1)), 0), None);
    }
}

#[test]
fn secrets_are_redacted() {
    let client = Client::builder(Token::new("secret-token")).base_url("http://127.0.0.1:9").build().unwrap();
    let text = format!(
        "{client:?} {:?} {:?}",
        Token::from("secret-token"),
        Client::builder(Token::from("secret-token"))
    );
    assert!(!text.contains("secret"), "{text}");
    assert_eq!(client.base_url(), "http://127.0.0.1:9");
}

#[test]
fn futures_and_streams_can_be_spawned() {
    fn send<T: Send + 'static>(_: T) {}
    let client = Client::new("t").unwrap();
    let list = || {
        Request::<Page<crate::support::JsonObject>>::new(
            Method::GET,
            "/x".into(),
            200,
            crate::support::ResponseKind::Json,
        )
    };
    let client2 = client.clone();
    send(async move { client2.send(list()).await });
    let client3 = client.clone();
    send(async move {
        let mut seen = Vec::new();
        let options = UploadOptions::new().on_progress(|done, _| seen.push(done));
        client3.upload::<NoContent>("https://x/up", b"bytes".to_vec(), options).await
    });
    let client4 = client.clone();
    let _file_upload = move |file: std::fs::File| {
        send(async move { client4.upload::<JsonObject>("https://x/up", file, UploadOptions::new()).await })
    };
    let client5 = client.clone();
    send(async move { client5.download_to(list(), &mut Vec::new()).await });
    send(client.items(list()));
    let client3 = client.clone();
    send(async move { client3.send_all([list(), list()]).await });
    let mut batch = crate::support::Batch::new();
    batch.add(list());
    send(async move { client.send_batch(batch).await });
}

#[test]
fn the_default_client_needs_no_process_wide_tls_provider() {
    // Nothing in the crate or its tests installs one: the client brings
    // its own rustls configuration (*ring*), where reqwest alone, built
    // without a provider of its own, would panic.
    assert!(rustls::crypto::CryptoProvider::get_default().is_none());
    let client = Client::new(Token::from("t")).unwrap();
    assert_eq!(client.base_url(), crate::client::DEFAULT_BASE_URL);
    let http = Client::http_builder().unwrap().timeout(Duration::from_secs(5)).build().unwrap();
    Client::builder(Token::from("t")).http_client(http).build().unwrap();
    assert!(rustls::crypto::CryptoProvider::get_default().is_none());
}

#[test]
fn base_urls_are_checked() {
    for bad in ["", "graph.microsoft.com/v1.0", "ftp://host/x", "https://host/v1.0?x=1", "https:///v1.0"] {
        let built = Client::builder(Token::from("t")).base_url(bad).build();
        assert!(matches!(built, Err(Error::InvalidRequest(_))), "{bad}");
    }
    let client = Client::builder(Token::from("t")).base_url("https://graph.microsoft.us/beta/").build();
    assert_eq!(client.unwrap().base_url(), "https://graph.microsoft.us/beta");
}

#[test]
fn a_cloud_sets_its_service_root() {
    for (cloud, root) in [
        (Cloud::Global, "https://graph.microsoft.com/v1.0"),
        (Cloud::UsGovL4, "https://graph.microsoft.us/v1.0"),
        (Cloud::UsGovL5, "https://dod-graph.microsoft.us/v1.0"),
        (Cloud::China, "https://microsoftgraph.chinacloudapi.cn/v1.0"),
    ] {
        let client = Client::builder(Token::from("t")).cloud(cloud).build().unwrap();
        assert_eq!(client.base_url(), root, "{cloud:?}");
    }
    assert_eq!(Client::new("t").unwrap().base_url(), Cloud::Global.base_url("v1.0"));
    let beta = Client::builder(Token::from("t")).base_url(Cloud::China.base_url("beta")).build();
    assert_eq!(beta.unwrap().base_url(), "https://microsoftgraph.chinacloudapi.cn/beta");
}
