//! Percent-encoding of paths and query strings: what may reach the wire
//! unescaped.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// Everything but the unreserved characters (`.` included, which is left
/// alone only where it cannot form a dot-segment).
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'~').remove(b'.');
const QUERY_VALUE: &AsciiSet = SEGMENT;
const QUERY_NAME: &AsciiSet = &QUERY_VALUE.remove(b'$');

/// Percent-encodes one path segment so that no id can change the target:
/// no `/`, `?`, `#` or `%` survives, and a segment of dots alone (`.`,
/// `..`) is escaped, which the client then refuses to send, since the URL
/// standard reads `%2E%2E` as `..` too. Other dots stay, as in the docs
/// and as Graph's own SDKs send them (`adele@contoso.com` →
/// `adele%40contoso.com`, `notes.txt`).
pub fn encode_segment(value: &str) -> String {
    if !value.is_empty() && value.bytes().all(|b| b == b'.') {
        return "%2E".repeat(value.len());
    }
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
