//! Runtime support for a generated Microsoft Graph client crate.
//!
//! The generator copies this folder verbatim into every crate it generates
//! (from `codegen/runtime/src/support/`, where it is compiled and tested as
//! the `graph-runtime` crate); edit it there, never in a generated crate, or
//! the change is lost on the next generation.
//!
//! Generated code names everything as `crate::support::X`, so every item is
//! re-exported here, whichever module defines it.

mod batch;
mod cloud;
mod decode;
mod delta;
mod edm;
mod encoding;
mod error;
mod field;
mod needs_body;
mod object;
mod page;
mod polymorphic;
mod request;
mod response;
mod upload;
mod wire_enum;

pub use batch::{Batch, BatchPart, BatchResponse, BatchResults, PartId};
pub use cloud::Cloud;
pub use decode::{decode_scalar, Decode};
pub use delta::{Delta, DeltaPage, Removed, RemovedReason};
pub use edm::{Base64, Date, DateTimeOffset, Duration, Guid, TimeOfDay};
pub use encoding::{encode_item_path, encode_quoted, encode_segment};
pub use error::{BoxError, Error, GraphError, StatusError, Unanswered};
pub use field::{mismatched_values, Field};
pub use needs_body::{BodyStart, NeedsBody, RawContent};
#[allow(unused_imports)]
pub(crate) use object::object;
pub use object::{deserialize_object, read_field, JsonObject, Object, ObjectWriter};
pub use page::Page;
#[allow(unused_imports)]
pub(crate) use polymorphic::polymorphic;
pub use polymorphic::{decode_polymorphic, deserialize_polymorphic, mark_derived, read_derived, Polymorphic};
pub use request::{ConsistencyLevel, Request};
pub use response::{Bytes, NoContent, ResponseKind, ResponseValue};
pub use upload::{ChunkedUpload, UploadStep, DEFAULT_UPLOAD_CHUNK, MAX_UPLOAD_CHUNK, UPLOAD_CHUNK_UNIT};
#[allow(unused_imports)]
pub(crate) use wire_enum::wire_enum;
pub use wire_enum::{deserialize_wire, Flags, WireEnum};
