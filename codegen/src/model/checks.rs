//! Checks of an API page against its own examples, the defects doc authors
//! most often leave: example URLs that are not Graph URLs, placeholder values, TODO permissions,
//! wrong-case `@odata.type`, wrong Content-Length. Concrete examples are
//! kept for the generated round-trip tests.

use std::collections::BTreeMap;

use super::examples::{self, HttpExample, Start};
use super::resolve_examples::find_template;
use super::type_expr::{qualify, split_namespace};
use super::{Example, ExampleKind, Operation, SkippedExample, TypeKey, TypeRef};
use crate::diagnostics::{Code, Diagnostics};
use crate::parse::{Block, Page};

/// Checks `page`'s examples against the resolved `op` and collects the
/// concrete ones into `out`. Reports only: what the examples settle about
/// the operation was decided by `resolve_examples`.
pub fn check_page(
    page: &Page,
    op: &Operation,
    page_examples: &[HttpExample<'_>],
    types: &BTreeMap<String, TypeKey>,
    out: &mut Vec<Example>,
    skipped: &mut Vec<SkippedExample>,
    diagnostics: &mut Diagnostics,
) {
    check_permissions(page, diagnostics);
    let path = &page.path;
    for example in page_examples {
        let usable_body = check_body(path, example, diagnostics);
        let keep = |kind, json| Example {
            source: path.clone(),
            line: example.line,
            operation: op.name.clone(),
            kind,
            json,
        };
        check_odata_types(path, example, types, diagnostics);
        match &example.start {
            Start::Request { method, url } if *method == op.method => {
                let (is_graph, path_and_query) = examples::split_url(url);
                // `/users/{id}` in an example is a template, not data.
                let is_template = path_and_query.split('?').next().is_some_and(|p| p.contains(['{', '<']));
                if !is_graph {
                    diagnostics.push(
                        path,
                        example.line,
                        Code::ExampleUrl,
                        format!("example URL `{url}` is not a Graph URL"),
                    );
                }
                let Some((template, path_and_query)) = find_template(
                    &op.paths().map(str::to_owned).collect::<Vec<_>>(),
                    is_graph,
                    &path_and_query,
                ) else {
                    continue;
                };
                if is_template {
                    continue;
                }
                let body_type = op.request_body().cloned();
                let json = match (&body_type, usable_body) {
                    (Some(_), Some(json)) => json,
                    (Some(_), None) => continue,
                    (None, _) => String::new(),
                };
                let kind = ExampleKind::Request { method: *method, template, path_and_query, body_type };
                out.push(keep(kind, json));
            }
            Start::Request { .. } => {}
            Start::Response { status } => {
                let has_json = example.body.is_some_and(|(b, _)| b.starts_with(['{', '[']));
                // The author marked it not to be validated.
                let ignored = example.annotation.is_some_and(|a| a.block_type() == Some("ignored"));
                if !(200..300).contains(status) || !has_json || ignored {
                    continue;
                }
                let skip = |reason| SkippedExample { source: path.clone(), line: example.line, reason };
                let Some((ty, collection)) = example_type(example, op, types) else {
                    skipped.push(skip("names no type"));
                    continue;
                };
                let Some(json) = usable_body else {
                    skipped.push(skip(
                        if example
                            .body
                            .is_some_and(|(b, _)| serde_json::from_str::<serde_json::Value>(b).is_ok())
                        {
                            "placeholder values"
                        } else {
                            "not strict JSON"
                        },
                    ));
                    continue;
                };
                let json = unwrap_single_value(json, collection);
                out.push(keep(ExampleKind::Response { ty, collection }, json));
            }
        }
    }
}

/// The type a response example is of: its annotation's `@odata.type` when
/// that names a known type (pages with several examples show several
/// derived types), else the operation's response type.
fn example_type(
    example: &HttpExample<'_>,
    op: &Operation,
    types: &BTreeMap<String, TypeKey>,
) -> Option<(TypeRef, bool)> {
    let annotation = example.annotation;
    let flagged = annotation.and_then(|a| a.flag("isCollection"));
    let annotated = annotation.and_then(|a| a.str("@odata.type")).and_then(|written| {
        let inner = written.trim_start_matches('#');
        let (inner, collection) =
            match inner.strip_prefix("Collection(").or_else(|| inner.strip_prefix("collection(")) {
                Some(rest) => (rest.trim_end_matches(')'), true),
                None => (inner, false),
            };
        let (name, namespace) = split_namespace(inner);
        let found = types.get(&qualify(namespace.as_deref(), &name).to_ascii_lowercase())?;
        Some((TypeRef::Named(found.clone()), collection || flagged.unwrap_or(false)))
    });
    annotated.or_else(|| Some((op.response.clone()?, flagged.unwrap_or(op.response_collection))))
}

/// Some pages wrap a single object in `{"value": {…}}` (beside an
/// `@odata.context` or not) although the service returns the object
/// itself: test the object.
fn unwrap_single_value(json: String, collection: bool) -> String {
    if collection {
        return json;
    }
    match serde_json::from_str::<serde_json::Value>(&json) {
        Ok(serde_json::Value::Object(map))
            if map.get("value").is_some_and(|v| v.is_object())
                && map.keys().all(|key| key == "value" || key.starts_with('@')) =>
        {
            serde_json::to_string_pretty(&map["value"]).unwrap_or(json)
        }
        _ => json,
    }
}

fn check_permissions(page: &Page, diagnostics: &mut Diagnostics) {
    let Some(group) = page.group(|h| h.eq_ignore_ascii_case("permissions")) else { return };
    for block in group.iter().flat_map(|s| &s.blocks) {
        let Block::Table(table) = block else { continue };
        for cell in table.rows.iter().flatten() {
            if cell.text.contains("TODO") {
                diagnostics.push(
                    &page.path,
                    cell.line,
                    Code::TodoPermissions,
                    format!("permissions are not filled in: `{}`", cell.text),
                );
            }
        }
    }
}

/// Reports placeholder values, invalid JSON and a wrong Content-Length;
/// returns the body if it is concrete, strict JSON.
fn check_body(path: &str, example: &HttpExample<'_>, diagnostics: &mut Diagnostics) -> Option<String> {
    let (body, first_line) = example.body?;
    if let Some((length, line)) = example
        .headers
        .iter()
        .find(|(n, ..)| n.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v, line)| Some((v.parse::<usize>().ok()?, *line)))
    {
        if length != body.len() {
            diagnostics.push(
                path,
                line,
                Code::ContentLength,
                format!("Content-Length is {length} but the body has {} bytes", body.len()),
            );
        }
    }
    let placeholders = examples::placeholders(body, first_line);
    for (line, column, value) in &placeholders {
        diagnostics.push_at(
            path,
            *line,
            *column,
            Code::PlaceholderValue,
            format!("placeholder value \"{value}\" in an example"),
        );
    }
    let looks_like_json = body.starts_with(['{', '[']);
    if looks_like_json && serde_json::from_str::<serde_json::Value>(body).is_err() {
        diagnostics.push(path, first_line, Code::ExampleJson, "example body is not valid JSON");
        return None;
    }
    (looks_like_json && placeholders.is_empty()).then(|| body.to_owned())
}

/// `@odata.type` in the annotation and in the body must name a type in
/// its exact case.
fn check_odata_types(
    path: &str,
    example: &HttpExample<'_>,
    types: &BTreeMap<String, TypeKey>,
    diagnostics: &mut Diagnostics,
) {
    let mut named: Vec<(String, u32)> = Vec::new();
    if let Some(annotation) = example.annotation {
        if let Some(value) = annotation.str("@odata.type") {
            named.push((value.to_owned(), annotation.line));
        }
    }
    if let Some((body, first_line)) = example.body {
        for (i, line) in body.lines().enumerate() {
            if let Some(rest) = line.trim_start().strip_prefix("\"@odata.type\"") {
                let value = rest.trim_start_matches([' ', ':']).trim_matches([' ', ',', '"']);
                named.push((value.to_owned(), first_line + i as u32));
            }
        }
    }
    for (value, line) in named {
        let inner = value.trim_start_matches('#');
        let inner = inner
            .strip_prefix("Collection(")
            .or_else(|| inner.strip_prefix("collection("))
            .and_then(|v| v.strip_suffix(')'))
            .unwrap_or(inner);
        let (name, namespace) = split_namespace(inner);
        let written = qualify(namespace.as_deref(), &name);
        if let Some(canonical) = types.get(&written.to_ascii_lowercase()).map(TypeKey::qualified) {
            if canonical != written {
                diagnostics.push(
                    path,
                    line,
                    Code::ODataTypeCase,
                    format!("`@odata.type` `{value}` names `{canonical}` in the wrong case"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::operations::status_in;

    #[test]
    fn a_single_wrapped_object_is_unwrapped() {
        let wrapped = r#"{"value": {"id": "1"}}"#.to_owned();
        assert_eq!(unwrap_single_value(wrapped.clone(), false), "{\n  \"id\": \"1\"\n}");
        assert_eq!(unwrap_single_value(wrapped.clone(), true), wrapped);
        let page = r#"{"value": [{"id": "1"}]}"#.to_owned();
        assert_eq!(unwrap_single_value(page.clone(), false), page);
    }

    #[test]
    fn status_sentences() {
        assert_eq!(status_in("`201 Created`"), Some(201));
    }
}
