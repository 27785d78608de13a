//! Large files to an upload session, chunk by chunk, resuming after
//! throttling and failures (the sans-IO part is
//! [`ChunkedUpload`](crate::support::ChunkedUpload)).

use std::fmt;
use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};

use serde::de::DeserializeOwned;

use super::Client;
use crate::support::{ChunkedUpload, Error, ResponseValue, UploadStep, DEFAULT_UPLOAD_CHUNK};

/// What an upload reads its bytes from: in-memory bytes (`&[u8]`,
/// `&Vec<u8>`, `Vec<u8>`) or a [`File`]. Reads are blocking and one chunk
/// at a time, so only a chunk is ever in memory.
pub trait UploadSource {
    /// The number of bytes to upload.
    fn size(&mut self) -> io::Result<u64>;
    /// Fills `buf` with the bytes from `offset` on (an error if there are
    /// not that many).
    fn read_at(&mut self, offset: u64, buf: &mut [u8]) -> io::Result<()>;
}

impl<S: AsRef<[u8]> + ?Sized> UploadSource for &S {
    fn size(&mut self) -> io::Result<u64> {
        Ok(self.as_ref().len() as u64)
    }
    fn read_at(&mut self, offset: u64, buf: &mut [u8]) -> io::Result<()> {
        read_slice(self.as_ref(), offset, buf)
    }
}

impl UploadSource for Vec<u8> {
    fn size(&mut self) -> io::Result<u64> {
        Ok(self.len() as u64)
    }
    fn read_at(&mut self, offset: u64, buf: &mut [u8]) -> io::Result<()> {
        read_slice(self, offset, buf)
    }
}

impl UploadSource for File {
    fn size(&mut self) -> io::Result<u64> {
        Ok(self.metadata()?.len())
    }
    fn read_at(&mut self, offset: u64, buf: &mut [u8]) -> io::Result<()> {
        self.seek(SeekFrom::Start(offset))?;
        self.read_exact(buf)
    }
}

impl<S: UploadSource + ?Sized> UploadSource for &mut S {
    fn size(&mut self) -> io::Result<u64> {
        (**self).size()
    }
    fn read_at(&mut self, offset: u64, buf: &mut [u8]) -> io::Result<()> {
        (**self).read_at(offset, buf)
    }
}

fn read_slice(bytes: &[u8], offset: u64, buf: &mut [u8]) -> io::Result<()> {
    let start = usize::try_from(offset).ok();
    let range = start.and_then(|start| Some(start..start.checked_add(buf.len())?));
    match range.and_then(|range| bytes.get(range)) {
        Some(part) => {
            buf.copy_from_slice(part);
            Ok(())
        }
        None => Err(io::ErrorKind::UnexpectedEof.into()),
    }
}

/// How [`Client::upload`] goes about it: the chunk size, a progress
/// callback, and whether to ask the session first where to start.
pub struct UploadOptions<'a> {
    chunk_size: u64,
    resume: bool,
    progress: Option<Box<dyn FnMut(u64, u64) + Send + 'a>>,
}

impl Default for UploadOptions<'_> {
    fn default() -> Self {
        UploadOptions { chunk_size: DEFAULT_UPLOAD_CHUNK, resume: false, progress: None }
    }
}

impl<'a> UploadOptions<'a> {
    /// Chunks of [`DEFAULT_UPLOAD_CHUNK`], from byte 0, no callback.
    pub fn new() -> Self {
        UploadOptions::default()
    }

    /// Chunks of `bytes`: a multiple of 320 KiB up to 60 MiB, or the
    /// upload fails before sending anything.
    #[must_use]
    pub fn chunk_size(mut self, bytes: u64) -> Self {
        self.chunk_size = bytes;
        self
    }

    /// Asks the session where to start instead of starting at byte 0: to
    /// go on with an upload interrupted earlier (a restart), whose session
    /// has not expired.
    #[must_use]
    pub fn resume(mut self) -> Self {
        self.resume = true;
        self
    }

    /// Calls `progress(acknowledged, total)` whenever the service has
    /// acknowledged more bytes; the values never decrease and end at
    /// `total`.
    #[must_use]
    pub fn on_progress(mut self, progress: impl FnMut(u64, u64) + Send + 'a) -> Self {
        self.progress = Some(Box::new(progress));
        self
    }
}

impl fmt::Debug for UploadOptions<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UploadOptions")
            .field("chunk_size", &self.chunk_size)
            .field("resume", &self.resume)
            .field("progress", &self.progress.is_some())
            .finish()
    }
}

impl Client {
    /// Uploads `source` to an upload session's `uploadUrl` (from a
    /// `createUploadSession` request) and decodes the last answer as `T`:
    /// a drive item, or for an attachment [`NoContent`](crate::support::NoContent)
    /// (an empty `201` whose `Location` names it).
    ///
    /// The URL is pre-authenticated, so no request carries the token.
    /// After a 429, 416, any 5xx or a transport error the upload waits
    /// (`Retry-After`, else the [`RetryPolicy`](super::RetryPolicy)
    /// backoff), asks the session which bytes it still expects and goes on
    /// from there, for up to `max_retries` failures in a row. A 404 (the
    /// session expired or was cancelled) and other statuses are returned.
    pub async fn upload<T: DeserializeOwned>(
        &self,
        upload_url: &str,
        mut source: impl UploadSource,
        options: UploadOptions<'_>,
    ) -> Result<ResponseValue<T>, Error> {
        let UploadOptions { chunk_size, resume, mut progress } = options;
        let total = source.size().map_err(Error::Io)?;
        let mut upload = ChunkedUpload::<T>::new(upload_url, total, chunk_size)?;
        let mut reported = 0;
        let mut report = |acknowledged: u64| {
            if acknowledged > reported {
                reported = acknowledged;
                if let Some(progress) = progress.as_mut() {
                    progress(acknowledged, total);
                }
            }
        };
        let mut failures = 0;
        if resume {
            self.resume(&mut upload, None, &mut failures).await?;
            report(upload.offset());
        }
        loop {
            let Some(range) = upload.next_chunk() else {
                return Err(Error::InvalidRequest("the upload is already complete".to_owned()));
            };
            // At most 60 MiB, so it fits in memory and in a usize.
            let length = usize::try_from(range.end - range.start)
                .map_err(|_| Error::InvalidRequest("chunk too large".to_owned()))?;
            let mut bytes = vec![0; length];
            source.read_at(range.start, &mut bytes).map_err(Error::Io)?;
            let answer = self.send_plain(upload.chunk_request(bytes)?).await;
            let error = match answer.and_then(|response| upload.read_chunk_response(response)) {
                Ok(UploadStep::Done(value)) => {
                    report(total);
                    return Ok(value);
                }
                Ok(UploadStep::Continue) => {
                    failures = 0;
                    report(upload.offset());
                    continue;
                }
                Err(error) => error,
            };
            self.resume(&mut upload, Some(error), &mut failures).await?;
            report(upload.offset());
        }
    }

    /// Cancels an upload session: the service drops the bytes it received
    /// (its answer is a `204`). Sent without the token.
    pub async fn cancel_upload(&self, upload_url: &str) -> Result<(), Error> {
        // The size and chunk only matter to chunks, of which there are none.
        let mut upload = ChunkedUpload::<()>::new(upload_url, 1, DEFAULT_UPLOAD_CHUNK)?;
        let response = self.send_plain(upload.cancel_request()).await?;
        if response.status().is_success() {
            return Ok(());
        }
        // A failure reads as the status error, with the Graph error body.
        upload.read_status_response(response)
    }

    /// After `error` (none when resuming an earlier upload), waits as the
    /// policy says and reads the session's status, until it answers or
    /// the failures in a row exceed the policy's `max_retries`.
    async fn resume<T>(
        &self,
        upload: &mut ChunkedUpload<T>,
        mut error: Option<Error>,
        failures: &mut u32,
    ) -> Result<(), Error> {
        loop {
            if let Some(error) = error.take() {
                let Some(wait) = self.retry.upload_delay(&error, *failures) else { return Err(error) };
                *failures += 1;
                tokio::time::sleep(wait).await;
            }
            let answer = self.send_plain(upload.status_request()).await;
            match answer.and_then(|response| upload.read_status_response(response)) {
                Ok(()) => return Ok(()),
                Err(failure) => error = Some(failure),
            }
        }
    }
}
