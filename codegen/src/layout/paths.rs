//! Endpoints as Rust: the parameters of each request function (named after
//! what they index: `users/{id}` → `user_id`), and the pieces its path is
//! built from, each placeholder with the encoding its segment needs.

use std::collections::HashSet;

use crate::model::{ArgValue, Endpoint, Parameter, Place, Primitive, Segment, Text, TypeRef};
use crate::naming;

/// One piece of a path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Piece {
    /// Text as documented (percent-encoded where the URL needs it).
    Literal(String),
    /// A key or a part of a segment: `encode_segment`.
    Param(String),
    /// A OneDrive item path: `encode_item_path` keeps its `/`s.
    ItemPath(String),
    /// A quoted function argument: `encode_quoted` doubles its quotes.
    Quoted(String),
    /// An unquoted typed function argument (a number or a flag), written
    /// with `Display`.
    Value(String),
}

/// A path parameter of a request function.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PathParam {
    /// The Rust name.
    pub name: String,
    /// The documented placeholder.
    pub placeholder: String,
    /// `&str`, or a primitive for a typed function argument.
    pub ty: &'static str,
}

/// An endpoint ready to emit.
#[derive(Clone, Debug)]
pub struct PathFn {
    pub template: String,
    pub name: String,
    pub pieces: Vec<Piece>,
    pub params: Vec<PathParam>,
}

/// The Rust type of an unquoted function argument: what the docs type it
/// with, else text.
fn argument_type(placeholder: &str, parameters: &[Parameter]) -> &'static str {
    let stated = parameters.iter().find(|p| p.place == Place::Path && p.name == placeholder);
    match stated.map(|p| &p.ty) {
        Some(TypeRef::Primitive(
            Primitive::Int32 | Primitive::Int16 | Primitive::Byte | Primitive::SByte,
        )) => "i32",
        Some(TypeRef::Primitive(Primitive::Int64)) => "i64",
        Some(TypeRef::Primitive(Primitive::Boolean)) => "bool",
        Some(TypeRef::Primitive(Primitive::Double | Primitive::Single | Primitive::Decimal)) => "f64",
        _ => "&str",
    }
}

/// The function for one endpoint (named by `naming` in the model).
pub fn path_fn(endpoint: &Endpoint, parameters: &[Parameter]) -> PathFn {
    let mut builder = Builder::default();
    let mut previous_literal = String::new();
    for segment in &endpoint.segments {
        match segment {
            Segment::Literal(text) => {
                builder.literal(&format!("/{text}"));
                previous_literal = text.clone();
            }
            Segment::Key(placeholder) => {
                builder.literal("/");
                let name = builder.param(placeholder, &previous_literal, "&str");
                builder.pieces.push(Piece::Param(name));
            }
            Segment::ItemPath { param, closed } => {
                builder.literal(":/");
                let name = builder.param(param, "", "&str");
                builder.pieces.push(Piece::ItemPath(name));
                if *closed {
                    builder.literal(":");
                }
            }
            Segment::Function { name, args } => {
                builder.literal(&format!("/{name}("));
                for (i, arg) in args.iter().enumerate() {
                    let separator = if i > 0 { "," } else { "" };
                    let label = if arg.name.is_empty() { String::new() } else { format!("{}=", arg.name) };
                    builder.literal(&format!("{separator}{label}"));
                    match &arg.value {
                        ArgValue::Literal(text) => builder.literal(text),
                        ArgValue::Param { name, quoted: true } => {
                            builder.literal("'");
                            let rust = builder.param(name, "", "&str");
                            builder.pieces.push(Piece::Quoted(rust));
                            builder.literal("'");
                        }
                        ArgValue::Param { name, quoted: false } => {
                            let ty = argument_type(name, parameters);
                            let rust = builder.param(name, "", ty);
                            builder.pieces.push(if ty == "&str" {
                                Piece::Param(rust)
                            } else {
                                Piece::Value(rust)
                            });
                        }
                    }
                }
                builder.literal(")");
            }
            Segment::Compound(texts) => {
                builder.literal("/");
                for text in texts {
                    match text {
                        Text::Literal(l) => builder.literal(l),
                        Text::Param(p) => {
                            let name = builder.param(p, "", "&str");
                            builder.pieces.push(Piece::Param(name));
                        }
                    }
                }
            }
        }
    }
    if builder.pieces.is_empty() {
        builder.literal("/");
    }
    PathFn {
        template: endpoint.template.clone(),
        name: endpoint.rust_fn.clone(),
        pieces: builder.pieces,
        params: builder.params,
    }
}

#[derive(Default)]
struct Builder {
    pieces: Vec<Piece>,
    params: Vec<PathParam>,
    taken: HashSet<String>,
}

impl Builder {
    fn literal(&mut self, text: &str) {
        match self.pieces.last_mut() {
            Some(Piece::Literal(last)) => last.push_str(text),
            _ => self.pieces.push(Piece::Literal(text.to_owned())),
        }
    }

    /// A placeholder's Rust name: `{id}` after `users` is `user_id`.
    fn param(&mut self, placeholder: &str, previous_literal: &str, ty: &'static str) -> String {
        let base = if placeholder.eq_ignore_ascii_case("id") && !previous_literal.is_empty() {
            format!("{}_id", naming::singular(&naming::snake(previous_literal)))
        } else {
            naming::snake(placeholder)
        };
        let base = base.trim_start_matches("r#").trim_matches('_');
        let base = if base.is_empty() { "param" } else { base };
        let name = naming::unique(naming::snake(base), &mut self.taken);
        self.params.push(PathParam { name: name.clone(), placeholder: placeholder.to_owned(), ty });
        name
    }
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

    fn endpoint(template: &str) -> Endpoint {
        Endpoint::new(template.to_owned(), String::new())
    }

    #[test]
    fn keys_are_named_after_their_collection() {
        let f = path_fn(&endpoint("/users/{id}/profile/phones/{id}"), &[]);
        let names: Vec<_> = f.params.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["user_id", "phone_id"]);
        assert_eq!(
            f.pieces,
            [
                Piece::Literal("/users/".into()),
                Piece::Param("user_id".into()),
                Piece::Literal("/profile/phones/".into()),
                Piece::Param("phone_id".into())
            ]
        );
    }

    #[test]
    fn item_paths_and_function_arguments() {
        let f = path_fn(&endpoint("/me/drive/items/{parent-id}:/{filename}:/content"), &[]);
        assert_eq!(
            f.pieces,
            [
                Piece::Literal("/me/drive/items/".into()),
                Piece::Param("parent_id".into()),
                Piece::Literal(":/".into()),
                Piece::ItemPath("filename".into()),
                Piece::Literal(":/content".into()),
            ]
        );
        let width = Parameter {
            name: "w".into(),
            place: Place::Path,
            ty: TypeRef::Primitive(Primitive::Int32),
            collection: false,
            required: true,
        };
        let f = path_fn(&endpoint("/me/photo/image(width={w},fittingMode='{mode}')"), &[width]);
        assert_eq!(
            f.pieces,
            [
                Piece::Literal("/me/photo/image(width=".into()),
                Piece::Value("w".into()),
                Piece::Literal(",fittingMode='".into()),
                Piece::Quoted("mode".into()),
                Piece::Literal("')".into()),
            ]
        );
        assert_eq!(f.params[0].ty, "i32");
    }

    #[test]
    fn literals_are_url_safe() {
        assert_eq!(encode_literal("/a b/$ref"), "/a%20b/$ref");
    }
}
