//! Path templates as Rust: the function name of each documented path of an
//! operation, its parameters, and the `format!` that builds it with every
//! parameter percent-encoded as one segment.

use std::collections::HashSet;

use crate::naming;

/// One piece of a path template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Piece {
    Literal(String),
    /// A `{placeholder}`, with its Rust parameter name.
    Param(String),
}

/// A path template ready to emit.
#[derive(Clone, Debug)]
pub struct PathFn {
    pub template: String,
    /// The associated function's name (`me`, `users`, ...).
    pub name: String,
    pub pieces: Vec<Piece>,
    pub params: Vec<String>,
}

/// Literal words of a template, for naming: `/users/{id}/profile/$ref` →
/// `users`, `profile`, `ref`.
fn literal_words(template: &str) -> Vec<String> {
    template
        .split('/')
        .filter(|s| !s.is_empty() && !s.starts_with('{'))
        .map(|s| {
            let s = s.split('{').next().unwrap_or_default();
            let s = s.rsplit("microsoft.graph.").next().unwrap_or(s);
            naming::snake(s.trim_start_matches('$')).trim_start_matches("r#").to_owned()
        })
        .filter(|s| !s.is_empty() && s != "_")
        .collect()
}

/// Splits a template into literal and placeholder pieces and names the
/// placeholders after the collection they index (`users/{id}` → `user_id`).
fn pieces(template: &str) -> (Vec<Piece>, Vec<String>) {
    let mut pieces = Vec::new();
    let mut params = Vec::new();
    let mut taken = HashSet::new();
    let mut previous_literal = String::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let literal = &rest[..open];
        if !literal.is_empty() {
            pieces.push(Piece::Literal(literal.to_owned()));
            if let Some(word) = literal.trim_end_matches('/').rsplit('/').next().filter(|w| !w.is_empty()) {
                previous_literal = word.to_owned();
            }
        }
        let Some(close) = rest[open..].find('}') else { break };
        let placeholder = rest[open + 1..open + close].trim();
        let base = if placeholder.eq_ignore_ascii_case("id") && !previous_literal.is_empty() {
            format!("{}_id", naming::singular(&naming::snake(&previous_literal)))
        } else {
            naming::snake(placeholder)
        };
        let base = base.trim_start_matches("r#").trim_matches('_');
        let base = if base.is_empty() { "param" } else { base };
        let name = naming::unique(naming::snake(base), &mut taken);
        pieces.push(Piece::Param(name.clone()));
        params.push(name);
        rest = &rest[open + close + 1..];
    }
    if !rest.is_empty() {
        pieces.push(Piece::Literal(rest.to_owned()));
    }
    (pieces, params)
}

/// Names each of an operation's paths by the fewest leading literal words
/// that tell them apart.
pub fn path_fns(templates: &[String]) -> Vec<PathFn> {
    let words: Vec<Vec<String>> = templates.iter().map(|t| literal_words(t)).collect();
    let longest = words.iter().map(Vec::len).max().unwrap_or(0).max(1);
    let name_at = |w: &Vec<String>, k: usize| {
        let joined = w.iter().take(k).cloned().collect::<Vec<_>>().join("_");
        if joined.is_empty() {
            "root".to_owned()
        } else {
            joined
        }
    };
    let k = (1..=longest)
        .find(|&k| {
            let names: HashSet<String> = words.iter().map(|w| name_at(w, k)).collect();
            names.len() == words.len()
        })
        .unwrap_or(1);
    let mut taken = HashSet::new();
    templates
        .iter()
        .zip(&words)
        .map(|(template, w)| {
            let (pieces, params) = pieces(template);
            let name = naming::unique(naming::snake(&name_at(w, k)), &mut taken);
            PathFn { template: template.clone(), name, pieces, params }
        })
        .collect()
}

/// Literal path text as it may appear in a URL: characters outside the
/// RFC 3986 `pchar` set and `/` are percent-encoded.
pub fn encode_literal(literal: &str) -> String {
    percent_encode(literal, b"-._~!$&'()*+,;=:@/")
}

/// Percent-encodes every byte of `text` but ASCII alphanumerics and `keep`.
pub fn percent_encode(text: &str, keep: &[u8]) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || keep.contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_named_by_their_distinct_prefix() {
        let fns = path_fns(&["/me/profile/phones/{id}".into(), "/users/{id}/profile/phones/{id}".into()]);
        assert_eq!(fns[0].name, "me");
        assert_eq!(fns[0].params, ["phone_id"]);
        assert_eq!(fns[1].name, "users");
        assert_eq!(fns[1].params, ["user_id", "phone_id"]);
        assert_eq!(
            fns[1].pieces,
            [
                Piece::Literal("/users/".into()),
                Piece::Param("user_id".into()),
                Piece::Literal("/profile/phones/".into()),
                Piece::Param("phone_id".into())
            ]
        );
    }

    #[test]
    fn longer_prefixes_when_roots_are_shared() {
        let fns = path_fns(&["/me/drive/items/{id}".into(), "/me/drive/root:/{item-path}:".into()]);
        let names: Vec<_> = fns.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["me_drive_items", "me_drive_root"]);
        assert_eq!(fns[1].params, ["item_path"]);
    }

    #[test]
    fn same_literals_get_numbered() {
        let fns = path_fns(&["/users/{id}".into(), "/users/{userPrincipalName}".into()]);
        let names: Vec<_> = fns.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["users", "users_2"]);
    }

    #[test]
    fn literals_are_url_safe() {
        assert_eq!(encode_literal("/a b/$ref"), "/a%20b/$ref");
    }
}
