//! Resumable uploads to an upload session (`createUploadSession` of a
//! drive item or an attachment), without any HTTP client: which bytes to
//! send next, and what the service's answers mean.
//!
//! The session's URL is pre-authenticated: its requests must not carry the
//! bearer token (the service may refuse them, and the token would go to
//! another host), so none is ever added here.

use std::fmt;
use std::marker::PhantomData;
use std::ops::Range;

use http::header::{HeaderValue, CONTENT_LENGTH, CONTENT_RANGE};
use http::{Method, StatusCode};
use serde::de::DeserializeOwned;
use serde::Deserialize;

use super::request::decode_success;
use super::{Error, ResponseKind, ResponseValue, StatusError};

/// Chunks must be a multiple of 320 KiB, the service says (the last one
/// excepted).
pub const UPLOAD_CHUNK_UNIT: u64 = 320 * 1024;
/// The largest chunk an upload session takes: 60 MiB.
pub const MAX_UPLOAD_CHUNK: u64 = 60 * 1024 * 1024;
/// The default chunk, 10 × 320 KiB (3.125 MiB): under the 4 MiB an
/// attachment session takes per request, fine for drive items too.
pub const DEFAULT_UPLOAD_CHUNK: u64 = 10 * UPLOAD_CHUNK_UNIT;

/// Where an upload to an upload session stands. Send
/// [`ChunkedUpload::chunk_request`] with the bytes of
/// [`ChunkedUpload::next_chunk`], hand the answer to
/// [`ChunkedUpload::read_chunk_response`], and repeat until it is
/// [`UploadStep::Done`]. After a failure, send
/// [`ChunkedUpload::status_request`] and hand its answer to
/// [`ChunkedUpload::read_status_response`], which moves the upload to the
/// bytes the service still expects.
pub struct ChunkedUpload<T> {
    url: http::Uri,
    total: u64,
    chunk_size: u64,
    /// The bytes the service expects next (up to `total` for an open range).
    expected: Range<u64>,
    done: bool,
    response: PhantomData<fn() -> T>,
}

/// What an answer to a chunk means.
#[derive(Debug)]
pub enum UploadStep<T> {
    /// More to send, from [`ChunkedUpload::offset`] on.
    Continue,
    /// The last byte arrived: the drive item, or for an attachment an
    /// empty `201` whose `Location` names it.
    Done(ResponseValue<T>),
}

/// A session's answer to a chunk (`202`) or to a status request.
#[derive(Deserialize)]
struct SessionStatus {
    /// Outlook has been seen to capitalize it.
    #[serde(rename = "nextExpectedRanges", alias = "NextExpectedRanges", default)]
    next_expected_ranges: Vec<String>,
}

impl<T> ChunkedUpload<T> {
    /// An upload of `total` bytes to `upload_url` (the session's
    /// `uploadUrl`) in chunks of `chunk_size` bytes, a multiple of
    /// [`UPLOAD_CHUNK_UNIT`] up to [`MAX_UPLOAD_CHUNK`]. Starts at byte 0;
    /// to go on with an interrupted session, read its status first.
    pub fn new(upload_url: &str, total: u64, chunk_size: u64) -> Result<Self, Error> {
        // `checked_rem`: `is_multiple_of` is newer than the MSRV (1.85).
        let whole_units = chunk_size.checked_rem(UPLOAD_CHUNK_UNIT) == Some(0);
        if chunk_size == 0 || !whole_units || chunk_size > MAX_UPLOAD_CHUNK {
            let message = format!(
                "upload chunk size {chunk_size} is not a multiple of {UPLOAD_CHUNK_UNIT} bytes \
                 (320 KiB) up to {MAX_UPLOAD_CHUNK} (60 MiB)"
            );
            return Err(Error::InvalidRequest(message));
        }
        if total == 0 {
            // `Content-Range: bytes 0--1/0` cannot be said: PUT the content instead.
            let message = "an upload session cannot take an empty file; PUT its content instead";
            return Err(Error::InvalidRequest(message.to_owned()));
        }
        // The URL carries a credential: errors never echo it.
        let url = upload_url
            .parse::<http::Uri>()
            .ok()
            .filter(|uri| matches!(uri.scheme_str(), Some("http" | "https")) && uri.authority().is_some());
        let Some(url) = url else {
            return Err(Error::InvalidRequest("the upload URL is not an absolute http(s) URL".to_owned()));
        };
        Ok(ChunkedUpload { url, total, chunk_size, expected: 0..total, done: false, response: PhantomData })
    }

    /// The size of the whole upload.
    pub fn total(&self) -> u64 {
        self.total
    }

    /// The chunk size the upload was made with.
    pub fn chunk_size(&self) -> u64 {
        self.chunk_size
    }

    /// The first byte the service has not acknowledged (`total` once done).
    pub fn offset(&self) -> u64 {
        if self.done {
            self.total
        } else {
            self.expected.start
        }
    }

    /// True once the service has answered the last chunk with its result.
    pub fn is_done(&self) -> bool {
        self.done
    }

    /// The bytes of the next chunk: at most one chunk from the first byte
    /// the service expects, within the range it expects. `None` once done.
    pub fn next_chunk(&self) -> Option<Range<u64>> {
        if self.done {
            return None;
        }
        let start = self.expected.start;
        Some(start..self.expected.end.min(start.saturating_add(self.chunk_size)))
    }

    /// The `PUT` of `bytes`, the content of [`ChunkedUpload::next_chunk`],
    /// with its `Content-Range` and `Content-Length` (no `Authorization`).
    pub fn chunk_request(&self, bytes: Vec<u8>) -> Result<http::Request<Vec<u8>>, Error> {
        let Some(range) = self.next_chunk() else {
            return Err(Error::InvalidRequest("the upload is already complete".to_owned()));
        };
        if u64::try_from(bytes.len()).ok() != Some(range.end - range.start) {
            let message = format!("a chunk of {} bytes for the range {range:?}", bytes.len());
            return Err(Error::InvalidRequest(message));
        }
        let content_range = format!("bytes {}-{}/{}", range.start, range.end - 1, self.total);
        let content_range = HeaderValue::try_from(content_range)
            .map_err(|_| Error::InvalidRequest("invalid Content-Range".to_owned()))?;
        let mut request = self.request(Method::PUT, bytes);
        request.headers_mut().insert(CONTENT_RANGE, content_range);
        request.headers_mut().insert(CONTENT_LENGTH, HeaderValue::from(range.end - range.start));
        Ok(request)
    }

    /// Reads the answer to the last chunk: `202 Accepted` with the ranges
    /// still expected (the service may have kept only part of the chunk),
    /// or any other 2xx with the result. Another status is
    /// [`Error::Status`] (a `404` means the session is gone); an answer
    /// that makes no progress or whose ranges cannot be read is
    /// [`Error::Decode`].
    pub fn read_chunk_response<B: AsRef<[u8]>>(
        &mut self,
        response: http::Response<B>,
    ) -> Result<UploadStep<T>, Error>
    where
        T: DeserializeOwned,
    {
        let (parts, body) = response.into_parts();
        let (status, body) = (parts.status, body.as_ref());
        if status == StatusCode::ACCEPTED {
            let expected = self.expected_ranges(status, body)?;
            if expected.start <= self.expected.start {
                // Chunks go in order: a service that wants again what it was
                // just sent made no progress, and would be asked forever.
                let message =
                    format!("the upload session accepted nothing from byte {}", self.expected.start);
                return Err(Error::Decode { status, source: message.into(), body: body.to_vec() });
            }
            self.expected = expected;
            return Ok(UploadStep::Continue);
        }
        if !status.is_success() {
            return Err(Error::Status(Box::new(StatusError::new(status, &parts.headers, body))));
        }
        let value = decode_success(ResponseKind::Json, status, parts.headers, body)?;
        self.done = true;
        Ok(UploadStep::Done(value))
    }

    /// The `GET` of the session's status, whose `nextExpectedRanges` says
    /// where to go on after a failure.
    pub fn status_request(&self) -> http::Request<Vec<u8>> {
        self.request(Method::GET, Vec::new())
    }

    /// Reads the answer to [`ChunkedUpload::status_request`] and goes on
    /// from the first byte the service expects, which may be before or
    /// after where the upload was.
    pub fn read_status_response<B: AsRef<[u8]>>(&mut self, response: http::Response<B>) -> Result<(), Error> {
        let (parts, body) = response.into_parts();
        let (status, body) = (parts.status, body.as_ref());
        if !status.is_success() {
            return Err(Error::Status(Box::new(StatusError::new(status, &parts.headers, body))));
        }
        self.expected = self.expected_ranges(status, body)?;
        Ok(())
    }

    /// The `DELETE` that cancels the session (the service answers `204`).
    pub fn cancel_request(&self) -> http::Request<Vec<u8>> {
        self.request(Method::DELETE, Vec::new())
    }

    fn request(&self, method: Method, body: Vec<u8>) -> http::Request<Vec<u8>> {
        let mut request = http::Request::new(body);
        *request.method_mut() = method;
        *request.uri_mut() = self.url.clone();
        request
    }

    /// The first of the ranges a session answer lists: `start-end`,
    /// `start-` or, from Outlook, `start`, within the upload.
    fn expected_ranges(&self, status: StatusCode, body: &[u8]) -> Result<Range<u64>, Error> {
        let fail = |message: String| Error::Decode { status, source: message.into(), body: body.to_vec() };
        let session: SessionStatus =
            serde_json::from_slice(body).map_err(|e| fail(format!("not an upload session status: {e}")))?;
        let Some(first) = session.next_expected_ranges.first() else {
            // With all bytes received the session would have answered with
            // the result (a deferred commit is not supported).
            return Err(fail("the upload session expects no more bytes yet did not complete".to_owned()));
        };
        let (start, end) = first.split_once('-').unwrap_or((first, ""));
        let bound = |text: &str| text.trim().parse::<u64>().ok();
        let range = match (bound(start), end.trim()) {
            (Some(start), "") => Some(start..self.total),
            (Some(start), end) => bound(end).and_then(|end| Some(start..end.checked_add(1)?)),
            (None, _) => None,
        };
        match range {
            Some(range) if range.start < range.end && range.end <= self.total => Ok(range),
            _ => Err(fail(format!("next expected range {first:?} is not within the {} bytes", self.total))),
        }
    }
}

impl<T> fmt::Debug for ChunkedUpload<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The URL's query is the session's credential: leave it out.
        let host = self.url.authority().map_or("", |a| a.as_str());
        f.debug_struct("ChunkedUpload")
            .field("host", &host)
            .field("total", &self.total)
            .field("chunk_size", &self.chunk_size)
            .field("expected", &self.expected)
            .field("done", &self.done)
            .finish_non_exhaustive()
    }
}
