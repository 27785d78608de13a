//! JSON batching (`POST /$batch`): many typed requests in one round trip,
//! each answer decoded by the request it answers.
//!
//! A [`Batch`] keeps every [`Request<T>`] it is given and hands back a
//! [`BatchPart<T>`]; its answer is later taken from the [`BatchResults`]
//! with that handle and decoded by that request's own
//! [`Request::decode_response`], so a batched request gives exactly what it
//! would give on its own: the documented type, or an [`Error::Status`] with
//! the Graph error body, status and headers.
//!
//! ```ignore
//! // With the `client` feature (requests of a generated crate; the runtime's
//! // unit tests run the same calls against a local server):
//! let mut batch = Batch::new();
//! let phone = batch.add(GetItemPhone::me("1"));
//! let phones = batch.add(ListPhones::me().top(5));
//! let mut results = client.send_batch(batch).await;
//! let phone: ItemPhone = results.take(phone)?;
//! let first_page = results.take(phones)?;
//! // The same type throughout: answers in the order given.
//! let phones: Vec<Result<ItemPhone, Error>> =
//!     client.send_all(ids.iter().map(|id| GetItemPhone::me(id))).await;
//! ```
//!
//! Without the client, [`Batch::envelopes`] gives the `POST /$batch`
//! requests to send and [`Batch::into_results`] takes their decoded bodies.

use std::any::Any;
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::marker::PhantomData;
use std::sync::atomic::{AtomicU64, Ordering};

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use http::header::{HeaderName, HeaderValue, CONTENT_TYPE};
use http::{HeaderMap, Method, StatusCode};
use serde::de::{DeserializeOwned, Deserializer};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::edm::STANDARD_IN;
use super::request::has_dot_segment;
use super::{Error, Request, ResponseKind, ResponseValue};

/// Tells the handles of one batch from another's, so that a handle used
/// with the wrong results is an error rather than another request's answer.
static NEXT_BATCH: AtomicU64 = AtomicU64::new(0);

/// Requests of any response types, to be sent together as JSON batches.
///
/// Any number of requests can be added: they are split into envelopes of
/// at most [`Batch::MAX_REQUESTS`], each group of requests that depend on
/// each other ([`Batch::add_after`]) kept in one envelope, in the order
/// they were added.
pub struct Batch {
    id: u64,
    parts: Vec<Part>,
    /// The members of each group of requests linked by dependencies
    /// (emptied when merged into another group).
    groups: Vec<Vec<usize>>,
    /// The requests [`Batch::envelopes`] could not put in an envelope.
    unsent: Vec<(usize, Error)>,
}

struct Part {
    request: Box<dyn AnyRequest>,
    /// The earlier parts this one depends on.
    after: Vec<usize>,
    /// Its group in `Batch::groups`.
    group: usize,
}

/// The typed handle of a request in a [`Batch`]: takes its answer from the
/// [`BatchResults`], decoded as `T`.
pub struct BatchPart<T> {
    id: PartId,
    response: PhantomData<fn() -> T>,
}

/// A request of a [`Batch`], whatever its response type: what
/// [`Batch::add_after`] takes. Displays as its `id` in the envelope.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PartId {
    batch: u64,
    index: usize,
}

impl<T> BatchPart<T> {
    /// The untyped id, for [`Batch::add_after`].
    pub fn id(&self) -> PartId {
        self.id
    }
}

impl<T> From<BatchPart<T>> for PartId {
    fn from(part: BatchPart<T>) -> PartId {
        part.id
    }
}

// Manual impls: derives would require `T: Clone` etc., which a handle needs not.
impl<T> Clone for BatchPart<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for BatchPart<T> {}
impl<T> PartialEq for BatchPart<T> {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id
    }
}
impl<T> Eq for BatchPart<T> {}
impl<T> fmt::Debug for BatchPart<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "BatchPart({})", self.id)
    }
}

impl fmt::Display for PartId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.index + 1)
    }
}

/// The wire id of a part: its position from 1, unique across the whole
/// batch, so that split envelopes and retries keep it.
fn wire_id(index: usize) -> String {
    (index + 1).to_string()
}

impl Default for Batch {
    fn default() -> Self {
        Batch::new()
    }
}

impl fmt::Debug for Batch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Batch").field("requests", &self.parts.len()).finish_non_exhaustive()
    }
}

impl Batch {
    /// The most requests Graph takes in one `$batch` envelope.
    pub const MAX_REQUESTS: usize = 20;

    /// An empty batch.
    pub fn new() -> Self {
        let id = NEXT_BATCH.fetch_add(1, Ordering::Relaxed);
        Batch { id, parts: Vec::new(), groups: Vec::new(), unsent: Vec::new() }
    }

    /// A batch of requests of one type, with their handles in the same
    /// order (for [`BatchResults::take_all`]).
    pub fn of<T: 'static>(requests: impl IntoIterator<Item = Request<T>>) -> (Batch, Vec<BatchPart<T>>) {
        let mut batch = Batch::new();
        let parts = requests.into_iter().map(|request| batch.add(request)).collect();
        (batch, parts)
    }

    /// Adds a request; Graph may run it in any order with the others.
    pub fn add<T: 'static>(&mut self, request: Request<T>) -> BatchPart<T> {
        self.groups.push(Vec::new());
        self.push(request, Vec::new(), self.groups.len() - 1)
    }

    /// Adds a request that Graph runs only after `after` (`dependsOn`),
    /// and only if they succeed: otherwise it is answered `424 Failed
    /// Dependency`. Requests can depend only on requests added before, so
    /// there can be no cycle. Refused when a request of `after` is not of
    /// this batch, or when the requests linked by dependencies would be
    /// more than [`Batch::MAX_REQUESTS`] (they must share one envelope).
    pub fn add_after<T: 'static>(
        &mut self,
        request: Request<T>,
        after: &[PartId],
    ) -> Result<BatchPart<T>, Error> {
        let mut deps: Vec<usize> = Vec::new();
        for dep in after {
            if dep.batch != self.id || dep.index >= self.parts.len() {
                return Err(Error::InvalidRequest(format!("request {dep} is not of this batch")));
            }
            if !deps.contains(&dep.index) {
                deps.push(dep.index);
            }
        }
        let mut groups: Vec<usize> = deps.iter().map(|&dep| self.parts[dep].group).collect();
        groups.sort_unstable();
        groups.dedup();
        let size = 1 + groups.iter().map(|&group| self.groups[group].len()).sum::<usize>();
        if size > Self::MAX_REQUESTS {
            let message = format!(
                "{size} requests would depend on each other, more than the {} of one batch",
                Self::MAX_REQUESTS
            );
            return Err(Error::InvalidRequest(message));
        }
        let Some((&group, others)) = groups.split_first() else { return Ok(self.add(request)) };
        for &other in others {
            let members = std::mem::take(&mut self.groups[other]);
            for &member in &members {
                self.parts[member].group = group;
            }
            self.groups[group].extend(members);
        }
        Ok(self.push(request, deps, group))
    }

    fn push<T: 'static>(&mut self, request: Request<T>, after: Vec<usize>, group: usize) -> BatchPart<T> {
        let index = self.parts.len();
        self.groups[group].push(index);
        self.parts.push(Part { request: Box::new(request), after, group });
        BatchPart { id: PartId { batch: self.id, index }, response: PhantomData }
    }

    /// The number of requests.
    pub fn len(&self) -> usize {
        self.parts.len()
    }

    /// True when no request was added.
    pub fn is_empty(&self) -> bool {
        self.parts.is_empty()
    }

    /// The `POST /$batch` requests that carry the batch to the service root
    /// `base_url`, to be sent in order and their decoded bodies handed to
    /// [`Batch::into_results`]. A request that cannot be sent (a bad
    /// header, a link not under `base_url`) and those that depend on it
    /// are left out: [`BatchResults`] gives their error.
    pub fn envelopes(&mut self, base_url: &str) -> Vec<Request<BatchResponse>> {
        let all: Vec<usize> = (0..self.parts.len()).collect();
        let plan = self.plan(base_url, &all);
        self.unsent = plan.unsent;
        plan.envelopes.into_iter().map(|envelope| envelope.request).collect()
    }

    /// The results, from the decoded bodies of the [`Batch::envelopes`]
    /// (in any order). A request that no response answers (its envelope
    /// failed) gets an [`Error::Transport`]: send the envelopes through
    /// the client to have an envelope's own error given to its requests.
    pub fn into_results(mut self, responses: impl IntoIterator<Item = BatchResponse>) -> BatchResults {
        let unsent = std::mem::take(&mut self.unsent);
        let mut results = BatchResults::unanswered(self);
        let answers = responses.into_iter().flat_map(|response| response.answers).collect();
        let all: Vec<usize> = (0..results.batch.parts.len()).collect();
        results.receive(&all, BatchResponse { answers });
        for (index, error) in unsent {
            results.set(index, Err(error));
        }
        results
    }

    /// The HTTP method of part `index` (for the client's retry decisions).
    #[cfg(feature = "client")]
    pub(crate) fn method(&self, index: usize) -> Option<&Method> {
        Some(self.parts.get(index)?.request.method())
    }

    /// The earlier parts that part `index` depends on.
    #[cfg(feature = "client")]
    pub(crate) fn after(&self, index: usize) -> &[usize] {
        self.parts.get(index).map_or(&[], |part| &part.after)
    }

    /// The envelopes for the parts `pending` (those of a retry round): a
    /// dependency on a part not pending (answered in an earlier round) is
    /// dropped; parts that cannot be sent are returned with their error.
    pub(crate) fn plan(&self, base_url: &str, pending: &[usize]) -> Plan {
        let count = self.parts.len();
        let mut planned = vec![false; count];
        for &index in pending.iter().filter(|&&index| index < count) {
            planned[index] = true;
        }
        let mut entries: Vec<Option<Entry>> = (0..count).map(|_| None).collect();
        let mut unsent = Vec::new();
        // In order, so that a part's dependencies are decided before it.
        for index in (0..count).filter(|&index| planned[index]) {
            let after = &self.parts[index].after;
            let blocked = after.iter().find(|&&dep| planned[dep] && entries[dep].is_none());
            let entry = match blocked {
                Some(&dep) => Err(Error::InvalidRequest(format!(
                    "batch request {} depends on request {}, which cannot be sent",
                    index + 1,
                    dep + 1
                ))),
                None => self.entry(index, base_url, &planned),
            };
            match entry {
                Ok(entry) => entries[index] = Some(entry),
                Err(error) => unsent.push((index, error)),
            }
        }
        let mut envelopes = Vec::new();
        for parts in pack(&self.groups_of(&entries)) {
            let requests: Vec<&Entry> = parts.iter().filter_map(|&index| entries[index].as_ref()).collect();
            let request = Request::new(Method::POST, "/$batch".to_owned(), 200, ResponseKind::Json);
            let request = request.json_body(&Envelope { requests });
            // The envelope is a POST, but resending it repeats only what its
            // requests would repeat.
            let idempotent = parts.iter().all(|&index| self.parts[index].request.is_idempotent());
            let request = if idempotent { request.idempotent() } else { request };
            envelopes.push(PlannedEnvelope { parts, request });
        }
        Plan { envelopes, unsent }
    }

    /// The groups of the parts that have an entry, linked by their
    /// dependencies among them, in the order of their first part.
    fn groups_of(&self, entries: &[Option<Entry>]) -> Vec<Vec<usize>> {
        let mut root: Vec<usize> = (0..entries.len()).collect();
        fn find(root: &mut [usize], mut index: usize) -> usize {
            while root[index] != index {
                root[index] = root[root[index]];
                index = root[index];
            }
            index
        }
        let sent = || (0..entries.len()).filter(|&index| entries[index].is_some());
        for index in sent() {
            for &dep in self.parts[index].after.iter().filter(|&&dep| entries[dep].is_some()) {
                let (a, b) = (find(&mut root, dep), find(&mut root, index));
                root[a.max(b)] = a.min(b);
            }
        }
        let mut groups: Vec<Vec<usize>> = Vec::new();
        let mut group_of_root: HashMap<usize, usize> = HashMap::new();
        for index in sent() {
            let top = find(&mut root, index);
            let group = *group_of_root.entry(top).or_insert_with(|| {
                groups.push(Vec::new());
                groups.len() - 1
            });
            groups[group].push(index);
        }
        groups
    }

    /// The envelope entry of part `index`, or why it cannot be sent.
    fn entry(&self, index: usize, base_url: &str, planned: &[bool]) -> Result<Entry, Error> {
        let part = &self.parts[index];
        let fail = |message: String| Error::InvalidRequest(format!("batch request {}: {message}", index + 1));
        let http = part.request.to_http(base_url).map_err(|error| match error {
            Error::InvalidRequest(message) => fail(message),
            other => other,
        })?;
        let url = relative_url(http.uri(), base_url).map_err(fail)?;
        let mut headers = BTreeMap::new();
        for name in http.headers().keys() {
            let values: Result<Vec<&str>, _> =
                http.headers().get_all(name).iter().map(|v| v.to_str()).collect();
            let values = values.map_err(|_| fail(format!("the {name} header is not visible ASCII")))?;
            headers.insert(name.as_str().to_owned(), values.join(", "));
        }
        let body = match part.request.body() {
            None | Some([]) => None,
            Some(bytes) if headers.get("content-type").is_some_and(|t| is_json(t)) => {
                let json = serde_json::from_slice(bytes);
                Some(json.map_err(|e| fail(format!("the body is not valid JSON: {e}")))?)
            }
            // Graph takes any other body as base64, with its Content-Type.
            Some(bytes) => Some(Value::String(STANDARD.encode(bytes))),
        };
        let depends_on = part.after.iter().filter(|&&dep| planned[dep]).map(|&dep| wire_id(dep)).collect();
        Ok(Entry {
            id: wire_id(index),
            method: http.method().as_str().to_owned(),
            url,
            headers,
            body,
            depends_on,
        })
    }
}

/// Next fit: groups in order, a new envelope when the next group does not
/// fit in the current one; parts in each envelope in the caller's order.
fn pack(groups: &[Vec<usize>]) -> Vec<Vec<usize>> {
    let mut envelopes: Vec<Vec<usize>> = Vec::new();
    for group in groups {
        match envelopes.last_mut() {
            Some(last) if last.len() + group.len() <= Batch::MAX_REQUESTS => last.extend(group),
            _ => envelopes.push(group.clone()),
        }
    }
    for envelope in &mut envelopes {
        envelope.sort_unstable();
    }
    envelopes
}

/// The URL of a batched request, relative to the service root (with its
/// query): what Graph resolves against the root of the `$batch` URL.
fn relative_url(uri: &http::Uri, base_url: &str) -> Result<String, String> {
    let base: http::Uri = base_url.parse().map_err(|e| format!("invalid base URL: {e}"))?;
    let root = base.path().trim_end_matches('/');
    let path = uri.path();
    let rest = path.strip_prefix(root).filter(|rest| rest.is_empty() || rest.starts_with('/'));
    let Some(rest) = rest else { return Err(format!("{path} is not under the service root {base_url}")) };
    if has_dot_segment(path) {
        // The service would resolve it to another target.
        return Err(format!("the path {path} has a dot-segment"));
    }
    let mut url = if rest.is_empty() { "/".to_owned() } else { rest.to_owned() };
    if let Some(query) = uri.query() {
        url.push('?');
        url.push_str(query);
    }
    Ok(url)
}

/// True for `application/json` and `…+json`, whatever the parameters.
fn is_json(content_type: &str) -> bool {
    let essence = content_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    essence == "application/json" || essence.ends_with("+json")
}

/// One request of an envelope, as Graph takes it.
#[derive(Serialize)]
struct Entry {
    id: String,
    method: String,
    url: String,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    headers: BTreeMap<String, String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    body: Option<Value>,
    #[serde(rename = "dependsOn", skip_serializing_if = "Vec::is_empty")]
    depends_on: Vec<String>,
}

#[derive(Serialize)]
struct Envelope<'a> {
    requests: Vec<&'a Entry>,
}

/// The envelopes of a round, with the parts each carries.
pub(crate) struct Plan {
    pub(crate) envelopes: Vec<PlannedEnvelope>,
    pub(crate) unsent: Vec<(usize, Error)>,
}

pub(crate) struct PlannedEnvelope {
    #[cfg_attr(not(feature = "client"), allow(dead_code))]
    pub(crate) parts: Vec<usize>,
    pub(crate) request: Request<BatchResponse>,
}

/// A request of any response type, as a batch keeps it until its answer.
trait AnyRequest: Send + Sync {
    fn to_http(&self, base_url: &str) -> Result<http::Request<Vec<u8>>, Error>;
    #[cfg(feature = "client")]
    fn method(&self) -> &Method;
    fn is_idempotent(&self) -> bool;
    fn body(&self) -> Option<&[u8]>;
    fn as_any(&self) -> &dyn Any;
}

impl<T: 'static> AnyRequest for Request<T> {
    fn to_http(&self, base_url: &str) -> Result<http::Request<Vec<u8>>, Error> {
        Request::to_http(self, base_url)
    }
    #[cfg(feature = "client")]
    fn method(&self) -> &Method {
        Request::method(self)
    }
    fn is_idempotent(&self) -> bool {
        Request::is_idempotent(self)
    }
    fn body(&self) -> Option<&[u8]> {
        Request::body(self)
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// The decoded body of a `$batch` response: the answers, by request id.
/// An answer without an id or a status is skipped (its request then has
/// no answer), so one bad answer spoils no other.
#[derive(Default)]
pub struct BatchResponse {
    answers: Vec<Answer>,
}

struct Answer {
    id: String,
    status: u64,
    headers: Vec<(String, String)>,
    body: Option<Value>,
}

impl fmt::Debug for BatchResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Ids and statuses only: headers and bodies may carry secrets.
        let answers: Vec<_> = self.answers.iter().map(|a| (a.id.as_str(), a.status)).collect();
        f.debug_struct("BatchResponse").field("answers", &answers).finish()
    }
}

impl<'de> Deserialize<'de> for BatchResponse {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Body {
            #[serde(default)]
            responses: Option<Vec<Value>>,
        }
        let body = Body::deserialize(deserializer)?;
        let answers = body.responses.unwrap_or_default().into_iter().filter_map(Answer::from_json).collect();
        Ok(BatchResponse { answers })
    }
}

impl Answer {
    fn from_json(mut value: Value) -> Option<Answer> {
        let text = |value: &Value| match value {
            Value::String(text) => Some(text.clone()),
            Value::Number(number) => Some(number.to_string()),
            Value::Bool(flag) => Some(flag.to_string()),
            _ => None,
        };
        let id = text(value.get("id")?)?;
        let status = value.get("status")?.as_u64()?;
        let headers = match value.get("headers") {
            Some(Value::Object(headers)) => {
                headers.iter().filter_map(|(name, value)| Some((name.clone(), text(value)?))).collect()
            }
            _ => Vec::new(),
        };
        let body = value.get_mut("body").map(Value::take).filter(|body| !body.is_null());
        Some(Answer { id, status, headers, body })
    }

    /// The answer as the HTTP response it stands for: a JSON body as
    /// JSON, a string body of another content type base64-decoded (as
    /// Graph sends it), or as is when it is not base64.
    fn into_http(self) -> Result<http::Response<Vec<u8>>, Error> {
        let status = u16::try_from(self.status).ok().and_then(|s| StatusCode::from_u16(s).ok());
        let Some(status) = status else {
            let message = format!("batch request {}: invalid status {}", self.id, self.status);
            return Err(Error::Transport(message.into()));
        };
        let mut headers = HeaderMap::new();
        for (name, value) in &self.headers {
            if let (Ok(name), Ok(value)) =
                (HeaderName::from_bytes(name.as_bytes()), HeaderValue::from_str(value))
            {
                // Past the map's capacity the rest is dropped, not a panic.
                let _ = headers.try_append(name, value);
            }
        }
        let json = headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(is_json);
        let body = match self.body {
            None => Vec::new(),
            Some(Value::String(text)) if !json => {
                STANDARD_IN.decode(&text).unwrap_or_else(|_| text.into_bytes())
            }
            Some(value) => serde_json::to_vec(&value).unwrap_or_default(),
        };
        let mut response = http::Response::new(body);
        *response.status_mut() = status;
        *response.headers_mut() = headers;
        Ok(response)
    }
}

/// The answers of a sent [`Batch`], taken by handle and decoded by the
/// request each answers.
pub struct BatchResults {
    batch: Batch,
    slots: Vec<Slot>,
}

enum Slot {
    Answered(Result<http::Response<Vec<u8>>, Error>),
    Taken,
}

impl fmt::Debug for BatchResults {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let statuses: Vec<Option<u16>> =
            (0..self.slots.len()).map(|i| self.status(i).map(|s| s.as_u16())).collect();
        f.debug_struct("BatchResults").field("statuses", &statuses).finish_non_exhaustive()
    }
}

impl BatchResults {
    /// Results where no request has an answer yet.
    pub(crate) fn unanswered(batch: Batch) -> Self {
        let slots = (0..batch.parts.len()).map(|index| Slot::Answered(Err(no_answer(index)))).collect();
        BatchResults { batch, slots }
    }

    #[cfg(feature = "client")]
    pub(crate) fn batch(&self) -> &Batch {
        &self.batch
    }

    /// Sets the outcome of part `index`.
    pub(crate) fn set(&mut self, index: usize, outcome: Result<http::Response<Vec<u8>>, Error>) {
        if let Some(slot) = self.slots.get_mut(index) {
            *slot = Slot::Answered(outcome);
        }
    }

    /// Files the answers of an envelope that carried `parts`; a part it
    /// does not answer gets an error (answers to other ids are ignored).
    pub(crate) fn receive(&mut self, parts: &[usize], response: BatchResponse) {
        let mut answers: HashMap<String, Answer> = HashMap::new();
        for answer in response.answers {
            answers.entry(answer.id.clone()).or_insert(answer);
        }
        for &index in parts {
            let outcome = match answers.remove(&wire_id(index)) {
                Some(answer) => answer.into_http(),
                None => Err(no_answer(index)),
            };
            self.set(index, outcome);
        }
    }

    /// The status part `index` was answered with.
    pub(crate) fn status(&self, index: usize) -> Option<StatusCode> {
        match self.slots.get(index)? {
            Slot::Answered(Ok(response)) => Some(response.status()),
            Slot::Answered(Err(_)) | Slot::Taken => None,
        }
    }

    /// The error of part `index` when it was answered 429, 503 or 504,
    /// which may be retried.
    #[cfg(feature = "client")]
    pub(crate) fn retryable(&self, index: usize) -> Option<super::StatusError> {
        let Some(Slot::Answered(Ok(response))) = self.slots.get(index) else { return None };
        let retryable =
            [StatusCode::TOO_MANY_REQUESTS, StatusCode::SERVICE_UNAVAILABLE, StatusCode::GATEWAY_TIMEOUT];
        retryable
            .contains(&response.status())
            .then(|| super::StatusError::new(response.status(), response.headers(), response.body()))
    }

    /// The number of requests.
    pub fn len(&self) -> usize {
        self.slots.len()
    }

    /// True for the results of an empty batch.
    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    /// The answer to `part`, decoded as its request decodes it (see
    /// [`Request::decode`]). Each answer can be taken once.
    pub fn take<T: DeserializeOwned + 'static>(&mut self, part: BatchPart<T>) -> Result<T, Error> {
        self.take_response(part).map(ResponseValue::into_inner)
    }

    /// [`BatchResults::take`], keeping the status and headers of the
    /// success (an `ETag`, the `Location` of a `201`).
    pub fn take_response<T: DeserializeOwned + 'static>(
        &mut self,
        part: BatchPart<T>,
    ) -> Result<ResponseValue<T>, Error> {
        let index = part.id.index;
        let ours = part.id.batch == self.batch.id;
        let request =
            self.batch.parts.get(index).and_then(|p| p.request.as_any().downcast_ref::<Request<T>>());
        let Some(request) = request.filter(|_| ours) else {
            return Err(Error::InvalidRequest(format!("request {} is not of this batch", part.id)));
        };
        match self.slots.get_mut(index).map(|slot| std::mem::replace(slot, Slot::Taken)) {
            Some(Slot::Answered(Ok(response))) => request.decode_response(response),
            Some(Slot::Answered(Err(error))) => Err(error),
            Some(Slot::Taken) | None => {
                Err(Error::InvalidRequest(format!("the answer to request {} was already taken", part.id)))
            }
        }
    }

    /// The answers to `parts`, in their order (see [`Batch::of`]).
    pub fn take_all<T: DeserializeOwned + 'static>(
        &mut self,
        parts: &[BatchPart<T>],
    ) -> Vec<Result<T, Error>> {
        parts.iter().map(|&part| self.take(part)).collect()
    }
}

fn no_answer(index: usize) -> Error {
    Error::Transport(format!("the batch response has no answer for request {}", index + 1).into())
}
