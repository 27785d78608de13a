//! API pages as they state their operation: the HTTP request block, the
//! request body, the response section and the query options.

use super::parameters;
use super::type_expr::{split_namespace, target_stem};
use super::types::{rows_typed_by, DraftProperty};
use super::{HttpMethod, Parameter};
use crate::diagnostics::{Code, Diagnostics};
use crate::parse::{Block, Fence, Inline, Page, Section};

/// An operation as one page states it, before its types are resolved.
#[derive(Clone, Debug)]
pub struct DraftOperation {
    pub name: String,
    pub method: HttpMethod,
    /// Path templates with the line each was documented on.
    pub paths: Vec<(String, u32)>,
    pub line: u32,
    pub body: Body,
    /// Rows of the request body table.
    pub body_rows: Vec<DraftProperty>,
    /// Response type name and whether it is a collection, from the
    /// Response section's sentence.
    pub response: Option<(String, bool)>,
    pub status: Option<u16>,
    pub response_line: u32,
    pub title: String,
    pub description: String,
    pub query_options: Vec<String>,
    /// Path, query and header parameters (body parameters are `body_rows`).
    pub parameters: Vec<Parameter>,
    /// Documented lines with a query string of OData options
    /// (`GET /me?$expand=manager`): usage notes, not endpoints.
    pub usage: Vec<String>,
    /// The endpoints are only known from such lines.
    pub endpoints_from_usage: bool,
    /// The raw content (`…/$value`) of what the page's other operation
    /// returns as an object.
    pub raw_value: bool,
    /// The registry key of the resource it acts on (set by the build).
    pub resource: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Body {
    None,
    /// "supply a JSON representation of [x]".
    Named(String),
    /// Only a table of properties or parameters.
    Table,
    /// An action's parameters, as a type defined from the table.
    Parameters(String),
    /// Raw content (a file's bytes).
    Bytes,
}

const QUERY_OPTIONS: &[&str] =
    &["$select", "$filter", "$expand", "$orderby", "$top", "$skip", "$count", "$search"];

/// Whether the page is an API page: it documents `METHOD /path` lines.
pub fn is_api_page(page: &Page) -> bool {
    !http_request_fences(page).is_empty()
}

fn is_http_heading(heading: &str) -> bool {
    let lower = heading.to_ascii_lowercase();
    lower.starts_with("http request") || lower == "requests"
}

/// The fences that document the operation's paths: those under every
/// "HTTP request" heading (pages with several variants have one each), or,
/// on pages without one, fences outside the examples that hold nothing but
/// `METHOD /path` lines.
pub fn http_request_fences(page: &Page) -> Vec<&Fence> {
    let documented: Vec<&Fence> = page.groups(is_http_heading).into_iter().flat_map(fences).collect();
    if !documented.is_empty() {
        return documented;
    }
    let in_examples: Vec<u32> = page
        .groups(|h| {
            let lower = h.to_ascii_lowercase();
            lower.starts_with("example") || lower.starts_with("response") || lower.starts_with("request")
        })
        .into_iter()
        .flat_map(fences)
        .map(|f| f.line)
        .collect();
    page.sections
        .iter()
        .flat_map(|s| &s.blocks)
        .filter_map(|b| match b {
            Block::Fence(f) if !in_examples.contains(&f.line) => Some(f),
            _ => None,
        })
        .filter(|f| {
            let mut lines = f.text.lines().map(str::trim).filter(|l| !l.is_empty()).peekable();
            lines.peek().is_some()
                && lines.all(|l| {
                    method_line(l).is_some()
                        && l.split_whitespace().nth(1).is_some_and(|p| p.starts_with('/'))
                })
        })
        .collect()
}

/// The operations of an API page: one per HTTP method documented in its
/// request blocks (nearly always exactly one).
pub fn operations(page: &Page, diagnostics: &mut Diagnostics) -> Vec<DraftOperation> {
    let stem = target_stem(&page.path);
    let mut by_method: Vec<Documented> = Vec::new();
    let http = http_request_fences(page);
    for fence in &http {
        for (i, line) in fence.text.lines().enumerate() {
            let number = fence.line + 1 + i as u32;
            let trimmed = line.trim();
            if trimmed.is_empty() {
                continue;
            }
            let Some((method, path, query)) = method_line_parts(trimmed) else {
                diagnostics.push(
                    &page.path,
                    number,
                    Code::MalformedHttpBlock,
                    format!("`{trimmed}` is not a `METHOD /path` line; ignored"),
                );
                continue;
            };
            let documented = match by_method.iter_mut().position(|d| d.method == method) {
                Some(at) => &mut by_method[at],
                None => {
                    by_method.push(Documented { method, ..Documented::default() });
                    by_method.last_mut().expect("just pushed")
                }
            };
            let query_params = query.as_deref().map(parameters::from_query_string).unwrap_or_default();
            match query {
                // Only OData options: how to use an endpoint, not one.
                Some(query) if query_params.is_empty() => {
                    documented.usage.push(format!("{method} {path}?{query}"));
                    push_path(&mut documented.usage_paths, path, number);
                }
                _ => {
                    push_path(&mut documented.paths, path, number);
                    for param in query_params {
                        if !documented.query.iter().any(|p| p.name == param.name) {
                            documented.query.push(param);
                        }
                    }
                }
            }
        }
    }
    let line = http.first().map_or(1, |f| f.line);
    if by_method.is_empty() {
        diagnostics.push(
            &page.path,
            line,
            Code::NoOperation,
            "no `METHOD /path` line in the HTTP request section",
        );
        return Vec::new();
    }
    let (body, body_rows) = request_body(page);
    let (response, status, response_line) = response_sentence(page);
    let title = page.title().map(|h| h.text.clone()).unwrap_or_default();
    let description = page
        .sections
        .iter()
        .take_while(|s| s.heading.level <= 1)
        .flat_map(|s| &s.blocks)
        .find_map(|b| match b {
            Block::Paragraph(p) if !p.text.starts_with("Namespace:") && !p.text.starts_with("[!") => {
                Some(p.text.clone())
            }
            _ => None,
        })
        .unwrap_or_default();
    let query_options = query_options(page);
    let documented_parameters = parameters::documented(page);
    // A page that documents an object and its raw content (`/photo` and
    // `/photo/$value`) documents two operations: their responses differ.
    let by_method: Vec<Documented> = by_method.into_iter().flat_map(split_raw_value).collect();
    let several = by_method.iter().filter(|d| !d.raw_value).count() > 1;
    by_method
        .into_iter()
        .map(|documented| {
            let Documented { method, mut paths, query, usage, usage_paths, raw_value } = documented;
            let endpoints_from_usage = paths.is_empty();
            if endpoints_from_usage {
                paths = usage_paths;
            }
            let mut parameters = documented_parameters.clone();
            for param in query {
                if !parameters.iter().any(|p| p.name == param.name) {
                    parameters.push(param);
                }
            }
            let body = match &body {
                Body::None if takes_bytes(method, &paths, page) => Body::Bytes,
                // "Create shift" with no request body section: it sends
                // what it returns.
                Body::None if creates(method, &title, page) => match &response {
                    Some((name, false)) => Body::Named(name.clone()),
                    _ => Body::None,
                },
                body => body.clone(),
            };
            let name = if several {
                format!("{stem}-{}", method.as_str().to_ascii_lowercase())
            } else {
                stem.clone()
            };
            DraftOperation {
                name: if raw_value { format!("{name}-value") } else { name },
                raw_value,
                line: paths[0].1,
                method,
                paths,
                body,
                body_rows: body_rows.clone(),
                response: response.clone(),
                status,
                response_line,
                title: title.clone(),
                description: description.clone(),
                query_options: query_options.clone(),
                parameters,
                usage,
                endpoints_from_usage,
                resource: None,
            }
        })
        .collect()
}

/// What the request blocks document for one method.
#[derive(Default)]
struct Documented {
    method: HttpMethod,
    paths: Vec<(String, u32)>,
    /// Required query parameters spelled out in a path's query string.
    query: Vec<Parameter>,
    usage: Vec<String>,
    /// The paths of the usage lines.
    usage_paths: Vec<(String, u32)>,
    /// Only `…/$value` paths, split from a page that also documents the
    /// object itself.
    raw_value: bool,
}

/// `…/$value` paths apart from the others, when there are both.
fn split_raw_value(documented: Documented) -> Vec<Documented> {
    let (raw, object): (Vec<_>, Vec<_>) =
        documented.paths.iter().cloned().partition(|(p, _)| p.ends_with("/$value"));
    if raw.is_empty() || object.is_empty() {
        return vec![documented];
    }
    let raw = Documented { method: documented.method, paths: raw, raw_value: true, ..Documented::default() };
    vec![Documented { paths: object, ..documented }, raw]
}

fn push_path(paths: &mut Vec<(String, u32)>, path: String, line: u32) {
    if !paths.iter().any(|(p, _)| *p == path) {
        paths.push((path, line));
    }
}

/// A POST titled "Create …" whose page has no request body section.
fn creates(method: HttpMethod, title: &str, page: &Page) -> bool {
    method == HttpMethod::Post
        && title.to_ascii_lowercase().starts_with("create")
        && body_group(page).is_none()
}

/// A write whose page describes no JSON body and that sends content: a
/// `…/content` or `…/$value` path, or a body the page calls binary.
fn takes_bytes(method: HttpMethod, paths: &[(String, u32)], page: &Page) -> bool {
    if !matches!(method, HttpMethod::Put | HttpMethod::Post | HttpMethod::Patch) {
        return false;
    }
    let content_path = paths.iter().any(|(p, _)| {
        let last = p.rsplit('/').next().unwrap_or_default();
        last.eq_ignore_ascii_case("content") || last == "$value"
    });
    let binary_text = body_group(page).is_some_and(|group| {
        paragraphs(group).any(|p| {
            let lower = p.text.to_ascii_lowercase();
            ["binary", "byte stream", "stream of the", "contents of the file", "content of the file", "zip"]
                .iter()
                .any(|w| lower.contains(w))
        })
    });
    content_path || binary_text
}

pub fn fences(sections: &[Section]) -> impl Iterator<Item = &Fence> {
    sections.iter().flat_map(|s| &s.blocks).filter_map(|b| match b {
        Block::Fence(f) => Some(f),
        _ => None,
    })
}

fn paragraphs(sections: &[Section]) -> impl Iterator<Item = &Inline> {
    sections.iter().flat_map(|s| &s.blocks).filter_map(|b| match b {
        Block::Paragraph(p) => Some(p),
        _ => None,
    })
}

/// `GET /users/{id | userPrincipalName}/x?$top=1` → (`GET`,
/// `/users/{id}/x`): alternatives keep their first name, the query is
/// dropped, a full URL loses its host and version.
pub fn method_line(line: &str) -> Option<(HttpMethod, String)> {
    method_line_parts(line).map(|(method, path, _)| (method, path))
}

/// [`method_line`] with the query string, if the line has one.
fn method_line_parts(line: &str) -> Option<(HttpMethod, String, Option<String>)> {
    let line = line.trim_matches('`');
    // `DELETE/identity/...`: a missing space.
    let split_at = line.find(|c: char| c.is_whitespace() || c == '/')?;
    let (method, rest) = line.split_at(split_at);
    let method = HttpMethod::parse(&method.to_ascii_uppercase())?;
    let rest = rest.trim();
    let (mut path, query) = match rest.split_once('?') {
        Some((path, query)) => (path, Some(query.trim()).filter(|q| !q.is_empty()).map(str::to_owned)),
        None => (rest, None),
    };
    if let Some((_, after)) = path.split_once("://").filter(|(scheme, _)| scheme.starts_with("http")) {
        let tail = after.split_once('/').map_or("", |(_, t)| t);
        path = tail.split_once('/').map_or("", |(_, t)| t);
    }
    let path = normalize_template(path);
    (path.len() > 1).then_some((method, path, query))
}

/// Collapses `{id | userPrincipalName}` to `{id}`, removes stray spaces
/// and ensures a leading `/`.
fn normalize_template(path: &str) -> String {
    let mut out = String::from("/");
    let mut chars = path.trim().trim_start_matches('/').chars();
    while let Some(c) = chars.next() {
        if c == '{' {
            let inner: String = chars.by_ref().take_while(|&c| c != '}').collect();
            let first = inner.split('|').next().unwrap_or_default().trim();
            out.push('{');
            out.push_str(first);
            out.push('}');
        } else if !c.is_whitespace() {
            out.push(c);
        }
    }
    // `/users/{id}/?$expand=…`: the same resource as `/users/{id}`.
    while out.len() > 1 && out.ends_with('/') {
        out.pop();
    }
    out
}

/// The request body section, or (for actions documented that way) a
/// "Parameters" section.
fn body_group(page: &Page) -> Option<&[Section]> {
    page.group(|h| h.to_ascii_lowercase().starts_with("request body"))
}

fn request_body(page: &Page) -> (Body, Vec<DraftProperty>) {
    let parameters =
        page.group(|h| ["parameters", "body parameters"].contains(&h.to_ascii_lowercase().as_str()));
    let Some(group) = body_group(page).or(parameters) else {
        return (Body::None, Vec::new());
    };
    let tables = group.iter().chain(parameters.unwrap_or_default());
    let mut rows: Vec<DraftProperty> = Vec::new();
    for table in tables.flat_map(|s| &s.blocks).filter_map(|b| match b {
        Block::Table(t) => Some(t),
        _ => None,
    }) {
        for row in parameter_rows(table, page) {
            if !rows.iter().any(|r| r.name == row.name) {
                rows.push(row);
            }
        }
    }
    let named = paragraphs(group).find_map(|p| {
        let lower = p.text.to_ascii_lowercase();
        let (at, phrase) = ["representation of", "representation for"]
            .iter()
            .find_map(|phrase| Some((lower.find(phrase)?, phrase)))?;
        let after = &p.text[at + phrase.len()..];
        if let Some(link) = p.links.iter().find(|l| after.contains(l.text.as_str())) {
            return Some(split_namespace(&link.text).0);
        }
        after
            .split_whitespace()
            .map(|w| w.trim_matches(|c: char| !c.is_ascii_alphanumeric()))
            .find(|w| !["the", "a", "an", "new"].contains(&w.to_ascii_lowercase().as_str()))
            .map(str::to_owned)
    });
    // "A [teamsTab](…)." / "Provide the new [offerShiftRequest](…) object":
    // the one resource the section links to, unless it says to send nothing.
    let linked = || {
        let says_none = paragraphs(group).any(|p| {
            let lower = p.text.to_ascii_lowercase();
            ["not necessary", "do not supply", "don't supply", "no request body", "not required"]
                .iter()
                .any(|w| lower.contains(w))
        });
        let mut links = paragraphs(group).flat_map(|p| &p.links).filter(|l| l.target.contains("resources/"));
        match (says_none, links.next(), links.next()) {
            (false, Some(link), None) => Some(split_namespace(link.text.trim_matches('`')).0),
            _ => None,
        }
    };
    match named {
        Some(name) if !name.is_empty() => (Body::Named(name), rows),
        _ if !rows.is_empty() => (Body::Table, rows),
        _ => match linked() {
            Some(name) if name.chars().all(|c| c.is_ascii_alphanumeric() || c == '.') => {
                (Body::Named(name), rows)
            }
            _ => (Body::None, rows),
        },
    }
}

/// The rows of a body table: properties or an action's parameters.
fn parameter_rows(table: &crate::parse::Table, page: &Page) -> Vec<DraftProperty> {
    rows_typed_by(table, page, false, &["type", "return type", "value"])
}

/// From "returns a `201 Created` response code and a [x](…) object" or
/// "a collection of [x](…) objects": the type, collection-ness and status.
fn response_sentence(page: &Page) -> (Option<(String, bool)>, Option<u16>, u32) {
    let Some(group) = page.group(|h| h.eq_ignore_ascii_case("response")) else {
        return (annotated_response(page), None, 0);
    };
    let line = group[0].heading.line;
    for p in paragraphs(group) {
        let Some(status) = status_in(&p.text) else { continue };
        let lower = p.text.to_ascii_lowercase();
        let named = p
            .links
            .iter()
            .filter(|l| {
                let target = l.target.to_ascii_lowercase();
                !target.starts_with("http") && !target.starts_with('#') && !target.contains("concepts")
            })
            .map(|l| l.text.trim_matches('`').to_owned())
            .chain(bold_words(&p.text))
            .find(|name| name.chars().all(|c| c.is_ascii_alphanumeric() || c == '.') && !name.is_empty());
        let response = named.map(|name| {
            let after = lower.split(&name.to_ascii_lowercase()).nth(1).unwrap_or_default();
            let after = after.trim_start_matches(['*', ']', ')']).trim_start();
            let collection = lower.contains("collection of") || after.starts_with("collection");
            (split_namespace(&name).0, collection)
        });
        return (response.or_else(|| annotated_response(page)), Some(status), p.line);
    }
    (annotated_response(page), None, line)
}

/// `**word**` spans of a text.
fn bold_words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split("**").skip(1).step_by(2).map(|w| w.trim().to_owned())
}

/// The type a response annotation names (`Collection(microsoft.graph.x)`
/// is a collection), when the Response sentence names none.
fn annotated_response(page: &Page) -> Option<(String, bool)> {
    page.sections.iter().flat_map(|s| &s.blocks).find_map(|b| {
        let Block::Fence(f) = b else { return None };
        let annotation = f.annotation.as_ref().filter(|a| a.block_type() == Some("response"))?;
        let written = annotation.str("@odata.type")?.trim_start_matches('#');
        let (inner, collection) =
            match written.strip_prefix("Collection(").or_else(|| written.strip_prefix("collection(")) {
                Some(rest) => (rest.trim_end_matches(')'), true),
                None => (written, false),
            };
        let collection = collection || annotation.flag("isCollection").unwrap_or(false);
        Some((split_namespace(inner).0, collection))
    })
}

/// The HTTP status a text gives for success: its first 2xx code, else its
/// first code (200-599).
pub fn status_in(text: &str) -> Option<u16> {
    let codes: Vec<u16> = text
        .split(|c: char| !c.is_ascii_digit())
        .filter(|w| w.len() == 3)
        .filter_map(|w| w.parse::<u16>().ok())
        .filter(|s| (200..600).contains(s))
        .collect();
    codes.iter().copied().find(|s| (200..300).contains(s)).or_else(|| codes.first().copied())
}

fn query_options(page: &Page) -> Vec<String> {
    let Some(group) = page.group(|h| h.to_ascii_lowercase().contains("query parameters")) else {
        return Vec::new();
    };
    let mut text = String::new();
    for block in group.iter().flat_map(|s| &s.blocks) {
        match block {
            Block::Paragraph(p) => text.push_str(&p.text),
            Block::Table(t) => t.rows.iter().flatten().for_each(|c| {
                text.push_str(&c.text);
                text.push(' ');
            }),
            Block::Fence(_) => {}
        }
        text.push(' ');
    }
    let lower = text.to_ascii_lowercase();
    // Whole option names: `$skiptoken` does not document `$skip`.
    let words: std::collections::HashSet<&str> =
        lower.split(|c: char| !(c == '$' || c.is_ascii_alphanumeric())).collect();
    QUERY_OPTIONS.iter().filter(|o| words.contains(*o)).map(|o| (*o).to_owned()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_options_are_whole_names() {
        let text = "# X\n\n## Optional query parameters\n\n|Name|Description|\n|:--|:--|\n|$skiptoken|a|\n|$select|b|\n";
        let file = crate::source::SourceFile { path: "api/x.md".into(), text: text.into() };
        let page = crate::parse::parse_page(&file, &mut crate::diagnostics::Diagnostics::default());
        assert_eq!(query_options(&page), ["$select"]);
    }

    #[test]
    fn method_lines() {
        assert_eq!(
            method_line("GET /users/{id | userPrincipalName}/profile/phones"),
            Some((HttpMethod::Get, "/users/{id}/profile/phones".into()))
        );
        assert_eq!(method_line("POST me/x?$top=2"), Some((HttpMethod::Post, "/me/x".into())));
        assert_eq!(
            method_line("GET https://graph.microsoft.com/v1.0/me/x"),
            Some((HttpMethod::Get, "/me/x".into()))
        );
        assert_eq!(method_line("Content-Type: application/json"), None);
        assert_eq!(
            method_line("DELETE/identity/x/{id}/$ref"),
            Some((HttpMethod::Delete, "/identity/x/{id}/$ref".into()))
        );
        assert_eq!(method_line("GET"), None);
        assert_eq!(
            method_line("DELETE /groups/{id}/acceptedSenders/$ref?$id=https://graph.microsoft.com/v1.0/users/{user-id}"),
            Some((HttpMethod::Delete, "/groups/{id}/acceptedSenders/$ref".into()))
        );
    }

    #[test]
    fn statuses() {
        assert_eq!(status_in("returns a `201 Created` response code"), Some(201));
        assert_eq!(status_in("returns `204 No Content`"), Some(204));
        assert_eq!(status_in("no code here 12345"), None);
        assert_eq!(status_in("returns `507 Insufficient Storage` or a `200 OK`"), Some(200));
    }
}
