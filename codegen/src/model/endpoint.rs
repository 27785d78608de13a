//! A documented path template as typed segments: what each part of a URL
//! is (a literal, a key, a OneDrive item path, a function call with
//! arguments), so that the layout can give each the parameter and the
//! encoding it needs, and so that two spellings of one endpoint
//! (`/users/{id}` and `/users/{user-id}`) are known to be the same.

use std::fmt::Write;

/// One `/`-separated part of a path template.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Segment {
    /// `users`, `$value`, `$ref`, `$count`, a cast `microsoft.graph.user`.
    Literal(String),
    /// `{id}`: a key, percent-encoded as exactly one segment.
    Key(String),
    /// `:/{item-path}:` after `root` or an item key: a path whose `/`s are
    /// kept, each part encoded on its own. `closed` when a `:` ends it
    /// (anything after it continues the path).
    ItemPath { param: String, closed: bool },
    /// `reminderView(startDateTime={start},endDateTime={end})`: an OData
    /// function call with its arguments.
    Function { name: String, args: Vec<FunctionArg> },
    /// Any other mix of text and placeholders in one segment
    /// (`{size}.jpg`): each placeholder encoded on its own.
    Compound(Vec<Text>),
}

/// A function argument: `name={param}`, `name='{param}'` or `name=literal`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct FunctionArg {
    /// Empty for a positional argument (`items('{id}')`).
    pub name: String,
    pub value: ArgValue,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum ArgValue {
    /// A placeholder; `quoted` when the docs put it in `'…'` (a string
    /// literal, whose quotes are doubled when encoded).
    Param { name: String, quoted: bool },
    /// A fixed value, written as documented.
    Literal(String),
}

/// A piece of a [`Segment::Compound`].
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Text {
    Literal(String),
    Param(String),
}

/// `/me/drive/items/{id}:/{path}:/content` → its segments. Never fails:
/// what is not recognised stays literal text.
pub fn parse(template: &str) -> Vec<Segment> {
    let mut segments = Vec::new();
    let parts: Vec<&str> = template.trim_start_matches('/').split('/').filter(|s| !s.is_empty()).collect();
    let mut i = 0;
    while i < parts.len() {
        let part = parts[i];
        // `root:` / `{item-id}:` opens a path that runs to the next `…:`.
        if let Some(head) = part.strip_suffix(':').filter(|h| !h.is_empty() && !h.ends_with(':')) {
            if let Some(param) = placeholder_only(parts.get(i + 1).copied()) {
                segments.push(plain(head));
                let next = parts[i + 1];
                let closed = next.ends_with(':');
                segments.push(Segment::ItemPath { param, closed });
                i += 2;
                continue;
            }
        }
        segments.push(plain(part));
        i += 1;
    }
    segments
}

/// `{item-path}` or `{item-path}:` → `item-path`.
fn placeholder_only(part: Option<&str>) -> Option<String> {
    let inner = part?.trim_end_matches(':').strip_prefix('{')?.strip_suffix('}')?;
    (!inner.contains(['{', '}'])).then(|| inner.trim().to_owned())
}

/// One segment without item-path markers.
fn plain(part: &str) -> Segment {
    if let Some(inner) = part.strip_prefix('{').and_then(|p| p.strip_suffix('}')) {
        if !inner.contains(['{', '}']) {
            return Segment::Key(inner.trim().to_owned());
        }
    }
    if let Some(function) = function(part) {
        return function;
    }
    if !part.contains('{') {
        return Segment::Literal(part.to_owned());
    }
    Segment::Compound(texts(part))
}

/// `name(a={x},b='{y}',c=3)` or `name()`.
fn function(part: &str) -> Option<Segment> {
    let open = part.find('(')?;
    let inner = part[open + 1..].strip_suffix(')')?;
    let name = &part[..open];
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '_') {
        return None;
    }
    let args = split_args(inner)
        .into_iter()
        .map(|arg| {
            let (name, value) = match arg.split_once('=') {
                Some((name, value)) if !name.contains(['\'', '{']) => (name.trim(), value.trim()),
                _ => ("", arg.trim()),
            };
            let quoted = value.len() >= 2 && value.starts_with('\'') && value.ends_with('\'');
            let bare = if quoted { &value[1..value.len() - 1] } else { value };
            let value = match placeholder(bare) {
                Some(param) => ArgValue::Param { name: param, quoted },
                None => ArgValue::Literal(value.to_owned()),
            };
            FunctionArg { name: name.to_owned(), value }
        })
        .collect();
    Some(Segment::Function { name: name.to_owned(), args })
}

/// The placeholder an argument value is: `{x}`, `<x>` or `x-value` (all
/// three spellings occur).
fn placeholder(value: &str) -> Option<String> {
    let inner = value
        .strip_prefix('{')
        .and_then(|v| v.strip_suffix('}'))
        .or_else(|| value.strip_prefix('<').and_then(|v| v.strip_suffix('>')))
        .or_else(|| value.strip_suffix("-value").or_else(|| value.strip_suffix("_value")))?;
    let inner = inner.trim();
    let plain = !inner.is_empty() && inner.chars().all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c));
    plain.then(|| inner.to_owned())
}

/// Arguments split at commas outside quotes.
fn split_args(inner: &str) -> Vec<&str> {
    let mut args = Vec::new();
    let (mut start, mut quoted) = (0, false);
    for (i, c) in inner.char_indices() {
        match c {
            '\'' => quoted = !quoted,
            ',' if !quoted => {
                args.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    args.push(&inner[start..]);
    args.retain(|a| !a.trim().is_empty());
    args
}

fn texts(part: &str) -> Vec<Text> {
    let mut out = Vec::new();
    let mut rest = part;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else { break };
        if open > 0 {
            out.push(Text::Literal(rest[..open].to_owned()));
        }
        out.push(Text::Param(rest[open + 1..open + close].trim().to_owned()));
        rest = &rest[open + close + 1..];
    }
    if !rest.is_empty() {
        out.push(Text::Literal(rest.to_owned()));
    }
    out
}

/// The placeholders of a template's segments, in order (as documented).
pub fn params(segments: &[Segment]) -> Vec<&str> {
    let mut out = Vec::new();
    for segment in segments {
        match segment {
            Segment::Literal(_) => {}
            Segment::Key(p) | Segment::ItemPath { param: p, .. } => out.push(p.as_str()),
            Segment::Function { args, .. } => out.extend(args.iter().filter_map(|a| match &a.value {
                ArgValue::Param { name, .. } => Some(name.as_str()),
                ArgValue::Literal(_) => None,
            })),
            Segment::Compound(texts) => out.extend(texts.iter().filter_map(|t| match t {
                Text::Param(p) => Some(p.as_str()),
                Text::Literal(_) => None,
            })),
        }
    }
    out
}

/// The endpoint a template addresses, whatever its placeholders are
/// called and however its literals are cased: `/Users/{user-id}` and
/// `/users/{id}` are one endpoint, `users/{}`.
pub fn canonical(segments: &[Segment]) -> String {
    let mut out = String::new();
    for segment in segments {
        match segment {
            Segment::Literal(text) => {
                out.push('/');
                out.push_str(&text.to_ascii_lowercase());
            }
            Segment::Key(_) => out.push_str("/{}"),
            Segment::ItemPath { closed, .. } => out.push_str(if *closed { ":/{}:" } else { ":/{}" }),
            Segment::Function { name, args } => {
                let mut names: Vec<String> = args
                    .iter()
                    .map(|a| match &a.value {
                        ArgValue::Param { .. } => a.name.to_ascii_lowercase(),
                        ArgValue::Literal(v) => format!("{}={v}", a.name.to_ascii_lowercase()),
                    })
                    .collect();
                names.sort();
                let _ = write!(out, "/{}({})", name.to_ascii_lowercase(), names.join(","));
            }
            Segment::Compound(texts) => {
                out.push('/');
                for text in texts {
                    match text {
                        Text::Literal(l) => out.push_str(&l.to_ascii_lowercase()),
                        Text::Param(_) => out.push_str("{}"),
                    }
                }
            }
        }
    }
    if out.is_empty() {
        out.push('/');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(name: &str) -> Segment {
        Segment::Key(name.into())
    }
    fn lit(text: &str) -> Segment {
        Segment::Literal(text.into())
    }

    #[test]
    fn keys_and_literals() {
        assert_eq!(
            parse("/users/{id}/messages/$count"),
            [lit("users"), key("id"), lit("messages"), lit("$count")]
        );
        assert_eq!(parse("/me"), [lit("me")]);
    }

    #[test]
    fn item_paths_keep_their_slashes() {
        assert_eq!(
            parse("/me/drive/items/{parent-id}:/{filename}:/content"),
            [
                lit("me"),
                lit("drive"),
                lit("items"),
                key("parent-id"),
                Segment::ItemPath { param: "filename".into(), closed: true },
                lit("content")
            ]
        );
        assert_eq!(
            parse("/me/drive/root:/{item-path}"),
            [
                lit("me"),
                lit("drive"),
                lit("root"),
                Segment::ItemPath { param: "item-path".into(), closed: false }
            ]
        );
    }

    #[test]
    fn functions_keep_their_arguments() {
        let segments = parse("/me/reminderView(startDateTime={start},endDateTime={end})");
        let [_, Segment::Function { name, args }] = segments.as_slice() else { panic!("not a function") };
        assert_eq!(name, "reminderView");
        assert_eq!(
            args.as_slice(),
            [
                FunctionArg {
                    name: "startDateTime".into(),
                    value: ArgValue::Param { name: "start".into(), quoted: false }
                },
                FunctionArg {
                    name: "endDateTime".into(),
                    value: ArgValue::Param { name: "end".into(), quoted: false }
                },
            ]
        );
        let segments = parse("/workbook/worksheets/{id}/range(address='{address}')");
        assert_eq!(
            segments[3],
            Segment::Function {
                name: "range".into(),
                args: vec![FunctionArg {
                    name: "address".into(),
                    value: ArgValue::Param { name: "address".into(), quoted: true }
                }]
            }
        );
        let segments = parse("/me/photo/image(width=640,height={h},fittingMode='fit')");
        let Segment::Function { args, .. } = &segments[2] else { panic!("not a function") };
        assert_eq!(args[0].value, ArgValue::Literal("640".into()));
        assert_eq!(args[2].value, ArgValue::Literal("'fit'".into()));
        assert_eq!(params(&segments), ["h"]);
        assert_eq!(
            parse("/me/drive/root/delta()")[3],
            Segment::Function { name: "delta".into(), args: vec![] }
        );
        let segments = parse(
            "/users/{id}/reminderView(startDateTime=startDateTime-value,endDateTime=endDateTime-value)",
        );
        assert_eq!(params(&segments), ["id", "startDateTime", "endDateTime"]);
        assert_eq!(params(&parse("/worksheets/{id}/range(address='<address>')")), ["id", "address"]);
    }

    #[test]
    fn one_endpoint_whatever_its_placeholders_are_called() {
        assert_eq!(canonical(&parse("/users/{id}/Messages")), canonical(&parse("/users/{user-id}/messages")));
        assert_ne!(canonical(&parse("/users/{id}")), canonical(&parse("/users")));
        assert_eq!(canonical(&parse("/range(address='{a}')")), canonical(&parse("/range(address='{b}')")));
    }

    #[test]
    fn compound_segments() {
        assert_eq!(
            parse("/photos/{size}.jpg")[1],
            Segment::Compound(vec![Text::Param("size".into()), Text::Literal(".jpg".into())])
        );
    }
}
