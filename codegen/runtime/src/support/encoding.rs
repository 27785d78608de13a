//! Percent-encoding of paths and query strings: what may reach the wire
//! unescaped.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// Unreserved characters only: used for path segments, where even `.` must
/// be escaped so that an id of `..` cannot become a dot-segment.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'~');
const QUERY_VALUE: &AsciiSet = &SEGMENT.remove(b'.');
const QUERY_NAME: &AsciiSet = &QUERY_VALUE.remove(b'$');

/// Percent-encodes one path segment so that no id can change the target
/// (no `/`, `?`, `#`, `%` or dot-segment survives).
pub fn encode_segment(value: &str) -> String {
    utf8_percent_encode(value, SEGMENT).collect()
}

/// Percent-encodes a OneDrive item path (`root:/{path}:`): each `/`
/// separated part as one segment, so the `/`s stay while no part can be a
/// dot-segment or carry a `:` that would end the path early. Leading and
/// trailing `/`s are dropped, empty parts skipped.
pub fn encode_item_path(path: &str) -> String {
    let parts: Vec<String> = path.split('/').filter(|p| !p.is_empty()).map(encode_segment).collect();
    parts.join("/")
}

/// Percent-encodes the value of a quoted OData function argument
/// (`range(address='…')`): its `'`s doubled as OData requires, then
/// encoded as one segment.
pub fn encode_quoted(value: &str) -> String {
    encode_segment(&value.replace('\'', "''"))
}

/// Appends `name=value`, each encoded (the `$` of OData names kept).
pub(super) fn push_query_param(out: &mut String, name: &str, value: &str) {
    out.extend(utf8_percent_encode(name, QUERY_NAME));
    out.push('=');
    out.extend(utf8_percent_encode(value, QUERY_VALUE));
}
