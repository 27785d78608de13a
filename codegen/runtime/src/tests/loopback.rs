//! A scripted HTTP/1.1 server on 127.0.0.1 for the client tests: each
//! connection gets one request and the next canned response (`Connection:
//! close`), and every request is recorded as received. When the script runs
//! out it asks its responder, if it has one (a stateful fake such as an
//! upload session), else answers 500, so a test that sends more than it
//! expects fails on its assertions instead of hanging. Blocking std I/O on a
//! thread of its own, so it needs nothing from the async runtime; it stops
//! when dropped.

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

/// A request as the server read it.
#[derive(Clone, Debug)]
pub struct Received {
    pub method: String,
    /// Exactly as sent: percent-encoding and query included.
    pub path_and_query: String,
    /// Lowercased names, values as sent.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Received {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

/// A response to serve.
#[derive(Clone, Debug)]
pub struct Canned {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
    /// Close the connection without answering (a transport error).
    hang_up: bool,
    /// How the answer goes wrong, if it does.
    fault: Option<Fault>,
}

/// Ways a server fails to answer properly.
#[derive(Clone, Copy, Debug)]
pub enum Fault {
    /// Reads the request and never answers (until the server stops).
    Stall,
    /// Sends the headers, then the body a byte at a time, waiting the
    /// interval after each.
    Drip(Duration),
    /// Sends the headers and this many bytes of the body, then closes
    /// the connection (the body is cut short).
    Cut(usize),
}

impl Canned {
    pub fn new(status: u16, body: impl Into<String>) -> Self {
        Canned { status, headers: Vec::new(), body: body.into(), hang_up: false, fault: None }
    }

    /// This response, going wrong as `fault` says.
    pub fn with_fault(mut self, fault: Fault) -> Self {
        self.fault = Some(fault);
        self
    }

    /// No answer at all: the connection is closed after the request.
    pub fn hang_up() -> Self {
        Canned { hang_up: true, ..Canned::new(500, "") }
    }

    pub fn header(mut self, name: &str, value: impl Into<String>) -> Self {
        self.headers.push((name.to_owned(), value.into()));
        self
    }
}

/// Answers what the script does not.
type Responder = Box<dyn FnMut(&Received) -> Canned + Send>;

#[derive(Default)]
struct State {
    script: Mutex<VecDeque<Canned>>,
    responder: Mutex<Option<Responder>>,
    received: Mutex<Vec<Received>>,
    stop: AtomicBool,
}

pub struct Server {
    /// `http://127.0.0.1:port`, without the service root's path.
    origin: String,
    state: Arc<State>,
    accept: Option<JoinHandle<()>>,
}

impl Server {
    pub fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let origin = format!("http://{}", listener.local_addr().unwrap());
        let state = Arc::new(State::default());
        let shared = state.clone();
        let accept = std::thread::spawn(move || {
            for stream in listener.incoming() {
                if shared.stop.load(Ordering::SeqCst) {
                    return;
                }
                // A connection of its own thread, so that a stalled answer
                // does not hold up the next connection (a retry).
                if let Ok(stream) = stream {
                    let shared = shared.clone();
                    std::thread::spawn(move || serve(stream, &shared));
                }
            }
        });
        Server { origin, state, accept: Some(accept) }
    }

    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// The service root: the origin and `/v1.0`.
    pub fn url(&self) -> String {
        format!("{}/v1.0", self.origin)
    }

    pub fn reply(&self, response: Canned) -> &Self {
        self.state.script.lock().unwrap().push_back(response);
        self
    }

    /// Answers every request the script does not.
    pub fn respond_with(&self, responder: impl FnMut(&Received) -> Canned + Send + 'static) -> &Self {
        *self.state.responder.lock().unwrap() = Some(Box::new(responder));
        self
    }

    pub fn received(&self) -> Vec<Received> {
        self.state.received.lock().unwrap().clone()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.state.stop.store(true, Ordering::SeqCst);
        // Wakes the accept loop, which then sees the flag.
        let _ = TcpStream::connect(self.origin.trim_start_matches("http://"));
        if let Some(accept) = self.accept.take() {
            let _ = accept.join();
        }
    }
}

/// Reads one request, records it, writes the next canned response.
fn serve(stream: TcpStream, state: &State) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let Ok(writer) = stream.try_clone() else { return };
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    if reader.read_line(&mut line).is_err() || line.is_empty() {
        return;
    }
    let mut words = line.split_whitespace();
    let (method, path_and_query) =
        (words.next().unwrap_or("").to_owned(), words.next().unwrap_or("").to_owned());
    let mut headers = Vec::new();
    loop {
        line.clear();
        if reader.read_line(&mut line).is_err() || line.trim_end().is_empty() {
            break;
        }
        if let Some((name, value)) = line.trim_end().split_once(':') {
            headers.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
        }
    }
    let length = headers.iter().find(|(n, _)| n == "content-length").and_then(|(_, v)| v.parse().ok());
    let mut body = vec![0; length.unwrap_or(0)];
    let _ = reader.read_exact(&mut body);
    let received = Received { method, path_and_query, headers, body };
    let scripted = state.script.lock().unwrap().pop_front();
    let canned = scripted.unwrap_or_else(|| match state.responder.lock().unwrap().as_mut() {
        Some(responder) => responder(&received),
        None => Canned::new(500, "{}"),
    });
    state.received.lock().unwrap().push(received);
    if canned.hang_up {
        return;
    }
    let mut response = format!("HTTP/1.1 {} Canned\r\n", canned.status);
    for (name, value) in &canned.headers {
        response.push_str(&format!("{name}: {value}\r\n"));
    }
    let content_type = if canned.body.is_empty() { "" } else { "content-type: application/json\r\n" };
    response.push_str(&format!(
        "{content_type}content-length: {}\r\nconnection: close\r\n\r\n{}",
        canned.body.len(),
        canned.body
    ));
    let mut writer = writer;
    match canned.fault {
        None => {
            let _ = writer.write_all(response.as_bytes());
        }
        Some(Fault::Stall) => {
            // Up to a minute, so that a test that forgets it still ends.
            for _ in 0..1200 {
                if state.stop.load(Ordering::SeqCst) {
                    break;
                }
                std::thread::sleep(Duration::from_millis(50));
            }
        }
        Some(Fault::Drip(interval)) => {
            let head = response.len() - canned.body.len();
            let _ = writer.write_all(&response.as_bytes()[..head]);
            for byte in canned.body.as_bytes() {
                if state.stop.load(Ordering::SeqCst) || writer.write_all(&[*byte]).is_err() {
                    break;
                }
                std::thread::sleep(interval);
            }
        }
        Some(Fault::Cut(kept)) => {
            let head = response.len() - canned.body.len();
            let _ = writer.write_all(&response.as_bytes()[..head + kept.min(canned.body.len())]);
        }
    }
}
