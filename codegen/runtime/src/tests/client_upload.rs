//! `Client::upload` against a fake upload session on a loopback server of
//! its own (another origin than the service root): every chunk on the wire,
//! no token anywhere, resuming after throttling, a half-kept chunk and a
//! lost answer, and where it must stop.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::json;

use super::loopback::{self, Canned, Received, Server};
use crate::client::{Client, RetryPolicy, Token, UploadOptions};
use crate::support::{Error, JsonObject, NoContent, UPLOAD_CHUNK_UNIT};

const UNIT: u64 = UPLOAD_CHUNK_UNIT;

fn client(service: &Server, retry: RetryPolicy) -> Client {
    let http = Client::http_builder().unwrap().no_proxy().build().unwrap();
    let builder = Client::builder(Token::new("runtime-test-5ecret")).base_url(service.url());
    builder.retry(retry).http_client(http).build().unwrap()
}

fn fast_retries() -> RetryPolicy {
    RetryPolicy::new(3, Duration::from_millis(10), Duration::from_secs(5))
}

/// A source whose bytes differ from chunk to chunk and from their neighbours.
fn content(length: usize) -> Vec<u8> {
    (0..length).map(|i| (i * 31 % 251) as u8).collect()
}

/// What the fake session does to a PUT, by its number (1 for the first).
#[derive(Clone, Copy)]
enum Fault {
    /// 503 with `Retry-After`, keeping nothing.
    Unavailable(u64),
    /// Keeps the first half of the chunk.
    Half,
    /// Keeps the chunk, then closes the connection without answering.
    LostAnswer,
    /// Keeps the chunk and never answers (the client's timeout passes).
    Stalled,
}

/// An upload session as the service keeps one: the bytes so far.
struct Session {
    total: usize,
    data: Vec<u8>,
    faults: HashMap<usize, Fault>,
    puts: usize,
    last: Canned,
}

impl Session {
    fn new(total: usize, last: Canned) -> Arc<Mutex<Session>> {
        Arc::new(Mutex::new(Session { total, data: Vec::new(), faults: HashMap::new(), puts: 0, last }))
    }

    fn expected(&self) -> Canned {
        let ranges = json!({
            "expirationDateTime": "2030-01-29T09:21:55.523Z",
            "nextExpectedRanges": [format!("{}-{}", self.data.len(), self.total - 1)],
        });
        Canned::new(200, ranges.to_string())
    }

    fn answer(&mut self, request: &Received) -> Canned {
        if request.method == "GET" {
            return self.expected();
        }
        assert_eq!(request.method, "PUT", "{request:?}");
        self.puts += 1;
        let range = request.header("content-range").expect("Content-Range");
        let (start, _) = range.strip_prefix("bytes ").unwrap().split_once('-').unwrap();
        if start.parse::<usize>().unwrap() != self.data.len() {
            let error = json!({"error": {"code": "invalidRange", "message": "fragment overlap"}});
            return Canned::new(416, error.to_string());
        }
        let body = &request.body;
        match self.faults.get(&self.puts) {
            Some(Fault::Unavailable(seconds)) => {
                return Canned::new(503, "").header("retry-after", seconds.to_string());
            }
            Some(Fault::Half) => self.data.extend_from_slice(&body[..body.len() / 2]),
            Some(Fault::LostAnswer) => {
                self.data.extend_from_slice(body);
                return Canned::hang_up();
            }
            Some(Fault::Stalled) => {
                self.data.extend_from_slice(body);
                return Canned::new(202, "{}").with_fault(loopback::Fault::Stall);
            }
            None => self.data.extend_from_slice(body),
        }
        if self.data.len() == self.total {
            return self.last.clone();
        }
        let ranges = json!({ "nextExpectedRanges": [format!("{}-", self.data.len())] });
        Canned::new(202, ranges.to_string())
    }
}

/// Serves `session` on `server`.
fn serve(server: &Server, session: &Arc<Mutex<Session>>) {
    let session = session.clone();
    server.respond_with(move |request| session.lock().unwrap().answer(request));
}

/// Each request as `METHOD Content-Range`, checking on the way that a PUT's
/// `Content-Length` (one, no more) is its body's, that its body is that
/// range of `source`, and that no request carries a token.
fn wire(received: &[Received], source: &[u8]) -> Vec<String> {
    let mut lines = Vec::new();
    for request in received {
        assert!(request.header("authorization").is_none(), "{request:?}");
        let Some(range) = request.header("content-range") else {
            assert!(request.body.is_empty(), "{request:?}");
            lines.push(request.method.clone());
            continue;
        };
        let lengths: Vec<_> = request.headers.iter().filter(|(name, _)| name == "content-length").collect();
        assert_eq!(lengths.len(), 1, "{:?}", request.headers);
        assert_eq!(lengths[0].1, request.body.len().to_string());
        let (start, rest) = range.strip_prefix("bytes ").unwrap().split_once('-').unwrap();
        let (end, total) = rest.split_once('/').unwrap();
        let (start, end): (usize, usize) = (start.parse().unwrap(), end.parse().unwrap());
        assert_eq!(total, source.len().to_string());
        assert_eq!(request.body, source[start..=end], "the bytes of {range}");
        lines.push(format!("{} {range}", request.method));
    }
    lines
}

#[tokio::test]
async fn a_file_arrives_whole_after_throttling_a_half_kept_chunk_and_a_lost_answer() {
    let (service, uploads) = (Server::start(), Server::start());
    let source = content(1_363_149); // 1.3 MiB: four whole chunks and a part
    let path = std::env::temp_dir().join(format!("graph-runtime-upload-{}.bin", std::process::id()));
    std::fs::write(&path, &source).unwrap();
    let item = Canned::new(201, r#"{"id":"item-1","size":1363149}"#);
    let session = Session::new(source.len(), item);
    session.lock().unwrap().faults =
        HashMap::from([(2, Fault::Unavailable(1)), (3, Fault::Half), (4, Fault::LostAnswer)]);
    serve(&uploads, &session);

    let url = format!("{}/up/session-1?tempauth=5ecret", uploads.origin());
    let mut progress = Vec::new();
    let options =
        UploadOptions::new().chunk_size(UNIT).on_progress(|done, total| progress.push((done, total)));
    let started = Instant::now();
    let file = std::fs::File::open(&path).unwrap();
    let result = client(&service, fast_retries()).upload::<JsonObject>(&url, file, options).await;
    let elapsed = started.elapsed();
    std::fs::remove_file(&path).unwrap();

    let item = result.unwrap();
    assert_eq!((item.status().as_u16(), &item["id"]), (201, &json!("item-1")));
    assert!(session.lock().unwrap().data == source, "the file arrived byte for byte");
    let received = uploads.received();
    assert!(received.iter().all(|r| r.path_and_query == "/up/session-1?tempauth=5ecret"));
    let total = 1_363_149;
    assert_eq!(
        wire(&received, &source),
        [
            "PUT bytes 0-327679/1363149",
            "PUT bytes 327680-655359/1363149", // 503, Retry-After: 1
            "GET",                             // 327680-1363148
            "PUT bytes 327680-655359/1363149", // half kept: 491520-
            "PUT bytes 491520-819199/1363149", // kept, answer lost
            "GET",                             // 819200-1363148
            "PUT bytes 819200-1146879/1363149",
            "PUT bytes 1146880-1363148/1363149", // 201
        ]
    );
    assert!(elapsed >= Duration::from_secs(1), "Retry-After was waited out: {elapsed:?}");
    let acknowledged = [327_680, 491_520, 819_200, 1_146_880, total];
    assert_eq!(progress, acknowledged.map(|done| (done, total)), "monotonic, ending at the total");
    assert!(service.received().is_empty(), "nothing went to the service root");
}

#[tokio::test]
async fn an_attachment_upload_ends_with_a_location_and_no_body() {
    let (service, uploads) = (Server::start(), Server::start());
    let source = content(700_000);
    let location = "https://outlook.office.com/api/v2.0/Users('a')/Messages('b')/Attachments('c')";
    let session = Session::new(source.len(), Canned::new(201, "").header("location", location));
    serve(&uploads, &session);
    let url = format!("{}/api/v2.0/AttachmentSessions('s')?authtoken=5ecret", uploads.origin());
    let options = UploadOptions::new().chunk_size(UNIT);
    let done = client(&service, fast_retries()).upload::<NoContent>(&url, &source, options).await.unwrap();
    assert_eq!((done.status().as_u16(), done.header("location")), (201, Some(location)));
    assert_eq!(
        wire(&uploads.received(), &source),
        ["PUT bytes 0-327679/700000", "PUT bytes 327680-655359/700000", "PUT bytes 655360-699999/700000"]
    );
    assert!(service.received().is_empty());
}

#[tokio::test]
async fn resume_asks_the_session_first_and_cancel_deletes_it() {
    let (service, uploads) = (Server::start(), Server::start());
    let source = content(2 * UNIT as usize);
    let session = Session::new(source.len(), Canned::new(200, r#"{"id":"2"}"#));
    session.lock().unwrap().data = source[..UNIT as usize].to_vec();
    serve(&uploads, &session);
    let url = format!("{}/up/session-2", uploads.origin());
    let client = client(&service, fast_retries());
    let mut progress = Vec::new();
    let options = UploadOptions::new().chunk_size(UNIT).resume().on_progress(|done, _| progress.push(done));
    let item = client.upload::<JsonObject>(&url, source.clone(), options).await.unwrap();
    assert_eq!(item["id"], "2");
    assert_eq!(wire(&uploads.received(), &source), ["GET", "PUT bytes 327680-655359/655360"]);
    assert_eq!(progress, [UNIT, 2 * UNIT]);

    uploads.reply(Canned::new(204, ""));
    client.cancel_upload(&url).await.unwrap();
    uploads.reply(Canned::new(404, r#"{"error":{"code":"itemNotFound","message":"gone"}}"#));
    let error = client.cancel_upload(&url).await.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(404), "{error}");
    let received = uploads.received();
    assert_eq!(wire(&received[2..], &source), ["DELETE", "DELETE"]);
}

#[tokio::test]
async fn a_gone_session_a_client_error_and_endless_failures_stop_the_upload() {
    let service = Server::start();
    let source = content(1000);
    let client = client(&service, RetryPolicy::new(2, Duration::from_millis(1), Duration::from_secs(5)));
    let upload = |server: &Server| {
        let url = format!("{}/up/s", server.origin());
        let client = client.clone();
        let source = source.clone();
        async move { client.upload::<JsonObject>(&url, source, UploadOptions::new()).await }
    };

    // Not resumed: the session is gone, the request is wrong.
    for status in [404, 400, 409] {
        let uploads = Server::start();
        uploads.reply(Canned::new(status, r#"{"error":{"code":"x","message":"y"}}"#));
        let error = upload(&uploads).await.unwrap_err();
        assert_eq!(error.status().map(|s| s.as_u16()), Some(status), "{error}");
        assert_eq!(wire(&uploads.received(), &source), ["PUT bytes 0-999/1000"]);
    }

    // Resumed, within the policy's two retries: the chunk, then the status twice.
    let uploads = Server::start();
    uploads.respond_with(|_| Canned::new(503, "").header("retry-after", "0"));
    let error = upload(&uploads).await.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503), "{error}");
    assert_eq!(wire(&uploads.received(), &source), ["PUT bytes 0-999/1000", "GET", "GET"]);

    let uploads = Server::start();
    uploads.respond_with(|_| Canned::hang_up());
    let error = upload(&uploads).await.unwrap_err();
    assert!(matches!(error, Error::Transport(_)), "{error}");
    assert_eq!(uploads.received().len(), 3);

    // A Retry-After beyond the policy's longest wait is returned at once.
    let uploads = Server::start();
    uploads.reply(Canned::new(429, "").header("retry-after", "3600"));
    let Err(Error::Status(error)) = upload(&uploads).await else { panic!("not throttled") };
    assert_eq!(error.retry_after, Some(Duration::from_secs(3600)));
    assert_eq!(uploads.received().len(), 1);

    // Ranges the upload cannot go on from.
    let uploads = Server::start();
    uploads.reply(Canned::new(202, r#"{"nextExpectedRanges":["0-"]}"#));
    let error = upload(&uploads).await.unwrap_err();
    assert!(matches!(error, Error::Decode { .. }), "{error}");
    assert!(service.received().is_empty());
}

#[tokio::test]
async fn invalid_chunk_sizes_and_unreadable_sources_send_nothing() {
    let (service, uploads) = (Server::start(), Server::start());
    let client = client(&service, fast_retries());
    let url = format!("{}/up/s", uploads.origin());
    for size in [0, 1000, UNIT + 1, 193 * UNIT] {
        let options = UploadOptions::new().chunk_size(size);
        let error = client.upload::<JsonObject>(&url, content(10), options).await.unwrap_err();
        assert!(matches!(error, Error::InvalidRequest(_)), "{size}: {error}");
    }
    /// Says it has more than it can read.
    struct Short;
    impl crate::client::UploadSource for Short {
        fn size(&mut self) -> std::io::Result<u64> {
            Ok(10)
        }
        fn read_at(&mut self, _: u64, _: &mut [u8]) -> std::io::Result<()> {
            Err(std::io::ErrorKind::UnexpectedEof.into())
        }
    }
    let error = client.upload::<JsonObject>(&url, Short, UploadOptions::new()).await.unwrap_err();
    assert!(matches!(error, Error::Io(_)), "{error}");
    assert!(uploads.received().is_empty() && service.received().is_empty());
}

#[tokio::test]
async fn a_chunk_whose_answer_times_out_is_resumed_from_the_session_not_resent() {
    let (service, uploads) = (Server::start(), Server::start());
    let source = content(3 * UNIT as usize);
    let session = Session::new(source.len(), Canned::new(201, r#"{"id":"item-2"}"#));
    session.lock().unwrap().faults = HashMap::from([(2, Fault::Stalled)]);
    serve(&uploads, &session);
    let url = format!("{}/up/session-2?tempauth=5ecret", uploads.origin());
    let http = Client::http_builder().unwrap().no_proxy().build().unwrap();
    let builder = Client::builder(Token::new("runtime-test-5ecret")).base_url(service.url());
    let client =
        builder.retry(fast_retries()).timeout(Duration::from_millis(500)).http_client(http).build().unwrap();
    let item =
        client.upload::<JsonObject>(&url, &source, UploadOptions::new().chunk_size(UNIT)).await.unwrap();
    assert_eq!(item["id"], json!("item-2"));
    assert!(session.lock().unwrap().data == source);
    assert_eq!(
        wire(&uploads.received(), &source),
        [
            "PUT bytes 0-327679/983040",
            "PUT bytes 327680-655359/983040", // kept, its answer never comes
            "GET",                            // the session expects 655360-
            "PUT bytes 655360-983039/983040",
        ]
    );
}
