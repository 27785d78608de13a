//! A scripted HTTP/1.1 server on 127.0.0.1 for the client tests: it answers
//! each request with the next canned response, in order, and records what it
//! received. When the script runs out it answers 500, so a test that sends
//! more than it expects fails on its assertions instead of hanging.

use std::collections::VecDeque;
use std::convert::Infallible;
use std::sync::{Arc, Mutex};

use http::{HeaderMap, Method, Request, Response, StatusCode};
use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

/// A request as the server received it.
#[derive(Clone, Debug)]
pub struct Received {
    pub method: Method,
    /// Exactly as sent: percent-encoding and query included.
    pub path_and_query: String,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Received {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).expect("a JSON request body")
    }
}

/// A response to serve.
#[derive(Clone, Debug)]
pub struct Canned {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: Vec<u8>,
}

impl Canned {
    pub fn new(status: u16, body: &str) -> Self {
        let headers =
            if body.is_empty() { vec![] } else { vec![("content-type", "application/json".into())] };
        Canned { status, headers, body: body.as_bytes().to_vec() }
    }

    pub fn json(status: u16, body: &serde_json::Value) -> Self {
        Canned::new(status, &body.to_string())
    }

    pub fn header(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into()));
        self
    }
}

#[derive(Default)]
struct State {
    script: Mutex<VecDeque<Canned>>,
    received: Mutex<Vec<Received>>,
}

/// The server; it stops when dropped.
pub struct Server {
    url: String,
    state: Arc<State>,
    accept: JoinHandle<()>,
}

impl Server {
    /// Listens on an ephemeral loopback port; the service root is `/v1.0`.
    pub async fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind 127.0.0.1");
        let url = format!("http://{}/v1.0", listener.local_addr().unwrap());
        let state = Arc::new(State::default());
        let shared = state.clone();
        let accept = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let state = shared.clone();
                let service = service_fn(move |request| {
                    let state = state.clone();
                    async move { Ok::<_, Infallible>(state.answer(request).await) }
                });
                tokio::spawn(
                    hyper::server::conn::http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service),
                );
            }
        });
        Server { url, state, accept }
    }

    /// The service root to give the client, e.g. `http://127.0.0.1:4711/v1.0`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Queues the answer to the next request.
    pub fn reply(&self, response: Canned) -> &Self {
        self.state.script.lock().unwrap().push_back(response);
        self
    }

    /// Everything received so far, in order.
    pub fn received(&self) -> Vec<Received> {
        self.state.received.lock().unwrap().clone()
    }

    /// Method and path of everything received so far.
    pub fn requests(&self) -> Vec<String> {
        self.received().iter().map(|r| format!("{} {}", r.method, r.path_and_query)).collect()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.accept.abort();
    }
}

impl State {
    async fn answer(&self, request: Request<Incoming>) -> Response<Full<Bytes>> {
        let (parts, body) = request.into_parts();
        let body = body.collect().await.map(|b| b.to_bytes().to_vec()).unwrap_or_default();
        let path_and_query = parts.uri.path_and_query().map_or("", |p| p.as_str()).to_owned();
        let received = Received { method: parts.method, path_and_query, headers: parts.headers, body };
        self.received.lock().unwrap().push(received);
        let next = self.script.lock().unwrap().pop_front();
        let canned = next.unwrap_or_else(|| {
            Canned::new(500, r#"{"error":{"code":"unscripted","message":"no response queued"}}"#)
        });
        let mut response = Response::new(Full::new(Bytes::from(canned.body)));
        *response.status_mut() = StatusCode::from_u16(canned.status).unwrap();
        for (name, value) in canned.headers {
            response.headers_mut().append(name, value.parse().unwrap());
        }
        response
    }
}
