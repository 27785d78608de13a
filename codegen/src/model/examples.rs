//! Example fences on API pages: `METHOD URL` requests and `HTTP/1.1 NNN`
//! responses with headers and a body, and the checks that tell concrete
//! examples (usable as tests) from placeholder ones.

use super::HttpMethod;
use crate::parse::{Annotation, Fence};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Start {
    Request { method: HttpMethod, url: String },
    Response { status: u16 },
}

/// One example fence, split into its parts.
#[derive(Clone, Debug)]
pub struct HttpExample<'a> {
    pub start: Start,
    pub headers: Vec<(&'a str, &'a str, u32)>,
    /// The body text and the line it starts on.
    pub body: Option<(&'a str, u32)>,
    pub annotation: Option<&'a Annotation>,
    /// Line of the request or status line.
    pub line: u32,
}

/// Reads an example fence; `None` when it is neither a request nor a
/// response (a resource JSON block, a code sample).
pub fn parse(fence: &Fence) -> Option<HttpExample<'_>> {
    let mut lines = fence.text.split('\n').enumerate().map(|(i, l)| (fence.line + 1 + i as u32, l));
    let (line, first) = lines.by_ref().find(|(_, l)| !l.trim().is_empty())?;
    let start = start_line(first.trim())?;
    let mut headers = Vec::new();
    let mut body_start = None;
    for (number, text) in lines {
        if text.trim().is_empty() {
            body_start = Some(number);
            break;
        }
        match text.split_once(':') {
            Some((name, value)) if !name.contains(' ') && !name.starts_with(['{', '[', '"']) => {
                headers.push((name.trim(), value.trim(), number))
            }
            // A body without the blank line before it.
            _ => {
                body_start = Some(number - 1);
                break;
            }
        }
    }
    let body = body_start.and_then(|start| {
        let offset = nth_line_offset(&fence.text, (start - fence.line) as usize)?;
        let text = fence.text[offset..].trim_end();
        let skipped = fence.text[offset..].len() - fence.text[offset..].trim_start().len();
        // `start` is the blank line (or the line before the body).
        let first_line = start + 1 + fence.text[offset..offset + skipped].matches('\n').count() as u32;
        (!text.trim().is_empty()).then(|| (text.trim_start(), first_line))
    });
    Some(HttpExample { start, headers, body, annotation: fence.annotation.as_ref(), line })
}

fn nth_line_offset(text: &str, n: usize) -> Option<usize> {
    if n == 0 {
        return Some(0);
    }
    text.match_indices('\n').nth(n - 1).map(|(i, _)| i + 1)
}

fn start_line(first: &str) -> Option<Start> {
    if let Some(rest) = first.strip_prefix("HTTP/").or_else(|| first.strip_prefix("HTTP ")) {
        let status = rest.split_whitespace().find_map(|w| w.parse::<u16>().ok())?;
        return Some(Start::Response { status });
    }
    let (method, url) = first.split_once(char::is_whitespace)?;
    let method = HttpMethod::parse(&method.to_ascii_uppercase())?;
    Some(Start::Request { method, url: url.trim().to_owned() })
}

/// Splits an example URL into (is it a Graph URL, path and query without
/// host and version).
pub fn split_url(url: &str) -> (bool, String) {
    let url = url.trim();
    let (is_graph, rest) = match url.split_once("://") {
        Some((_, after)) => {
            let (host, path) = after.split_once('/').unwrap_or((after, ""));
            let (version, tail) = path.split_once('/').unwrap_or((path, ""));
            let known_version = version == "v1.0" || version == "beta";
            if host.eq_ignore_ascii_case("graph.microsoft.com") && known_version && !tail.contains('\\') {
                (true, tail.to_owned())
            } else {
                (false, path.replace('\\', "/"))
            }
        }
        None => (false, url.trim_start_matches('/').to_owned()),
    };
    (is_graph, format!("/{rest}"))
}

/// A string value that stands for a type instead of being data:
/// `"String"`, `"Double"`, `"<Prop> value"`, `"String (timestamp)"`.
pub fn is_placeholder(value: &str) -> bool {
    let stand_ins = [
        "String",
        "Boolean",
        "Double",
        "Int32",
        "Int64",
        "DateTimeOffset",
        "Guid",
        "Binary",
        "Date",
        "Duration",
        "TimeOfDay",
        "Single",
        "Decimal",
    ];
    let head = value.split(" (").next().unwrap_or(value);
    if stand_ins.iter().any(|s| s.eq_ignore_ascii_case(head)) {
        return true;
    }
    // `datetime-value`, `id-value`, `{id}`, `<guid>`
    let lowered = value.to_ascii_lowercase();
    if lowered.ends_with("-value") || lowered.ends_with("_value") {
        return true;
    }
    if (value.starts_with('{') && value.ends_with('}')) || (value.starts_with('<') && value.ends_with('>')) {
        return true;
    }
    value.strip_suffix(" value").is_some_and(|prop| {
        !prop.is_empty()
            && prop.starts_with(|c: char| c.is_ascii_uppercase())
            && prop.chars().all(|c| c.is_ascii_alphanumeric() || c == ' ')
    })
}

/// Placeholder string values in a JSON body: (line, column, value), by a
/// scan of its lines (serde_json has no positions).
pub fn placeholders(body: &str, first_line: u32) -> Vec<(u32, u32, String)> {
    let mut found = Vec::new();
    for (i, line) in body.lines().enumerate() {
        let mut rest = line;
        let mut consumed = 0;
        while let Some(colon) = rest.find("\":") {
            let after = &rest[colon + 2..];
            let trimmed = after.trim_start();
            let value_at = consumed + colon + 2 + (after.len() - trimmed.len());
            if let Some(value) = trimmed.strip_prefix('"').and_then(|v| v.split('"').next()) {
                if is_placeholder(value) {
                    found.push((first_line + i as u32, value_at as u32 + 1, value.to_owned()));
                }
            }
            consumed += colon + 2;
            rest = after;
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fence(text: &str) -> Fence {
        Fence { info: "http".into(), text: text.into(), line: 10, annotation: None }
    }

    #[test]
    fn request_with_headers_and_body() {
        let fence = fence("POST https://graph.microsoft.com/v1.0/me/x\nContent-type: application/json\n\n{\n  \"a\": 1\n}\n");
        let example = parse(&fence).unwrap();
        assert_eq!(
            example.start,
            Start::Request { method: HttpMethod::Post, url: "https://graph.microsoft.com/v1.0/me/x".into() }
        );
        assert_eq!(example.line, 11);
        assert_eq!(example.headers, [("Content-type", "application/json", 12)]);
        assert_eq!(example.body, Some(("{\n  \"a\": 1\n}", 14)));
    }

    #[test]
    fn response_status_and_no_body() {
        let no_content = fence("HTTP/1.1 204 No Content\n");
        let example = parse(&no_content).unwrap();
        assert_eq!(example.start, Start::Response { status: 204 });
        assert!(example.body.is_none());
        assert!(parse(&fence("{ \"a\": 1 }")).is_none());
    }

    #[test]
    fn graph_urls() {
        assert_eq!(split_url("https://graph.microsoft.com/beta/me/a?$top=2"), (true, "/me/a?$top=2".into()));
        assert_eq!(split_url("https://graph.microsoft.com/docs\\api/me/a"), (false, "/docs/api/me/a".into()));
        assert_eq!(split_url("/me/a"), (false, "/me/a".into()));
    }

    #[test]
    fn placeholder_values() {
        assert!(is_placeholder("String"));
        assert!(is_placeholder("String (timestamp)"));
        assert!(is_placeholder("Display Name value"));
        assert!(!is_placeholder("Car Phone"));
        assert!(!is_placeholder("value"));
        assert!(is_placeholder("datetime-value"));
        assert!(is_placeholder("{id}"));
        assert!(is_placeholder("<guid>"));
        let body = "{\n  \"a\": \"Double\", \"b\": \"ok\",\n  \"c\": \"Id value\"\n}";
        assert_eq!(placeholders(body, 5), [(6, 8, "Double".into()), (7, 8, "Id value".into())]);
    }
}
