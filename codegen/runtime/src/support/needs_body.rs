//! `NeedsBody<T, B>`: a request whose documented body is still to come.
//! The body chains on the request value like its query options and
//! headers, and a request without it does not compile: only
//! [`NeedsBody::body`], [`NeedsBody::body_with`] or [`NeedsBody::content`]
//! make it a [`Request`] that can be sent.

use std::fmt;
use std::marker::PhantomData;

use serde::Serialize;

use super::{Object, Request};

/// A request that needs its body of type `B` before it is a
/// [`Request<T>`]: `user::SendMail::me().body(&mail)`, or built in place
/// with `body_with(|mail| mail.with_save_to_sent_items(false))`, which
/// needs no import of the body's type. Query options and headers chain on
/// the `Request` that comes back.
#[must_use = "a request needs its body: call .body(..) or .body_with(..)"]
pub struct NeedsBody<T, B> {
    request: Request<T>,
    body: PhantomData<fn(&B)>,
}

/// The body type of a request that sends raw content (a file's bytes)
/// given with [`NeedsBody::content`].
#[derive(Clone, Copy, Debug)]
#[non_exhaustive]
pub struct RawContent;

impl<T, B> NeedsBody<T, B> {
    /// A request whose body of type `B` is still to come.
    pub fn new(request: Request<T>) -> Self {
        NeedsBody { request, body: PhantomData }
    }
}

impl<T, B: Serialize> NeedsBody<T, B> {
    /// Sends `body` as JSON; a serialization failure surfaces from
    /// [`Request::to_http`].
    pub fn body(self, body: &B) -> Request<T> {
        self.request.json_body(body)
    }

    /// Builds the body from its default (every property absent) with its
    /// `with_…` setters, and sends it as JSON. A body that is an `Any…`
    /// enum is built as its base type; a derived one is given with
    /// [`NeedsBody::body`] (`.body(&file_attachment.into())`).
    pub fn body_with(self, build: impl FnOnce(B::Start) -> B::Start) -> Request<T>
    where
        B: BodyStart,
    {
        self.body(&B::from_start(build(B::Start::default())))
    }
}

/// What [`NeedsBody::body_with`] builds a body from: the body's own type,
/// or for an `Any…` enum its base type (implemented by `polymorphic!`).
pub trait BodyStart {
    type Start: Default;
    fn from_start(start: Self::Start) -> Self;
}

impl<T: Object> BodyStart for T {
    type Start = T;
    fn from_start(start: T) -> T {
        start
    }
}

impl<T> NeedsBody<T, RawContent> {
    /// Sends `content` as it is, with its `Content-Type` (`text/plain`);
    /// an invalid content type is an error from [`Request::to_http`].
    pub fn content(self, content_type: &str, content: impl Into<Vec<u8>>) -> Request<T> {
        self.request.bytes_body(content_type, content)
    }
}

impl<T, B> fmt::Debug for NeedsBody<T, B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NeedsBody")
            .field("request", &self.request)
            .field("body", &std::any::type_name::<B>())
            .finish()
    }
}
