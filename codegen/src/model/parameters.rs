//! The parameters an API page documents outside its request body: the
//! tables under "Path parameters", "Function parameters", "Query
//! parameters" and "Request headers". OData system options (`$top`, ...)
//! are not parameters: every GET takes them (see the runtime's `Request`).

use super::type_expr::{self, TypeName};
use super::{Parameter, Place, Primitive, TypeRef};
use crate::parse::{Block, Page, Table};

/// Headers a request sets itself: the credential and the body's type and
/// length.
const OWN_HEADERS: &[&str] = &["authorization", "content-type", "content-length"];

/// The page's path, query and header parameters, each name once.
pub fn documented(page: &Page) -> Vec<Parameter> {
    let mut out: Vec<Parameter> = Vec::new();
    let sections: [(&str, Place); 4] = [
        ("path parameters", Place::Path),
        ("function parameters", Place::Path),
        ("query parameters", Place::Query),
        ("request headers", Place::Header),
    ];
    for (heading, place) in sections {
        for group in page.groups(|h| h.to_ascii_lowercase().contains(heading)) {
            for table in group.iter().flat_map(|s| &s.blocks).filter_map(|b| match b {
                Block::Table(t) => Some(t),
                _ => None,
            }) {
                for parameter in rows(table, place) {
                    if !out.iter().any(|p| p.place == parameter.place && p.name == parameter.name) {
                        out.push(parameter);
                    }
                }
            }
        }
    }
    out
}

fn rows(table: &Table, place: Place) -> Vec<Parameter> {
    let name_col =
        table.column(&["name", "parameter", "header", "parameter name", "header name"]).unwrap_or(0);
    let type_col = table.column(&["type"]);
    let mut out = Vec::new();
    for row in &table.rows {
        let cell = |col: usize| row.get(col).map_or("", |c| c.text.as_str());
        let name = clean(cell(name_col));
        let valid = !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || "-_.@".contains(c));
        if !valid || name.starts_with('$') {
            continue;
        }
        if place == Place::Header && OWN_HEADERS.contains(&name.to_ascii_lowercase().as_str()) {
            continue;
        }
        let rest: String = row
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != name_col)
            .map(|(_, c)| c.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        let (ty, collection) = match type_col.and_then(|c| row.get(c)) {
            Some(cell) => scalar(cell),
            None => (TypeRef::Primitive(Primitive::String), false),
        };
        out.push(Parameter { name, place, ty, collection, required: place == Place::Path || required(&rest) })
    }
    out
}

/// A parameter's type: a primitive as written, anything else a string
/// (path and query values are text on the wire).
fn scalar(cell: &crate::parse::Inline) -> (TypeRef, bool) {
    let expr = type_expr::parse(cell);
    let ty = match expr.name {
        TypeName::Primitive(name) => TypeRef::from_names(name, None),
        _ => TypeRef::Primitive(Primitive::String),
    };
    let ty = if ty == TypeRef::Json { TypeRef::Primitive(Primitive::String) } else { ty };
    (ty, expr.collection)
}

/// "Required." but not "Optional" or "not required".
fn required(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    lower.contains("required") && !lower.contains("not required") && !lower.contains("optional")
}

/// `**ConsistencyLevel**`, `` `id` ``, `If-Match (optional)` → the bare name.
fn clean(cell: &str) -> String {
    let name = cell.split(" (").next().unwrap_or_default();
    name.trim().trim_matches(|c| c == '*' || c == '`' || c == '_').trim().to_owned()
}

/// The query parameters a documented path spells out with placeholders
/// (`/me/calendarView?startDateTime={start}&endDateTime={end}`): required,
/// or the path would not be documented with them.
pub fn from_query_string(query: &str) -> Vec<Parameter> {
    query
        .split('&')
        .filter_map(|pair| {
            let (name, value) = pair.split_once('=')?;
            let name = name.trim();
            let placeholder = value.contains('{');
            (!name.starts_with('$') && !name.is_empty() && placeholder).then(|| Parameter {
                name: name.to_owned(),
                place: Place::Query,
                ty: TypeRef::Primitive(Primitive::String),
                collection: false,
                required: true,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_strings_with_placeholders_are_required_parameters() {
        let params = from_query_string("startDateTime={start_datetime}&endDateTime={end}&$top=5&x=1");
        let names: Vec<_> = params.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["startDateTime", "endDateTime"]);
        assert!(params.iter().all(|p| p.required && p.place == Place::Query));
    }

    #[test]
    fn required_is_what_the_text_says() {
        assert!(required("Required. The start."));
        assert!(!required("Optional. Not required."));
        assert!(!required("The start."));
    }
}
