//! `requests/`: one unit struct per operation, with an associated
//! function per documented path that builds the sans-IO request.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{doc_attributes, doc_line, doc_text};
use super::format::parse;
use super::modules::Directory;
use super::tokens::{cfg, feature_docs, rust_type};
use super::{ident, EmitError, GeneratedFile, Input};
use crate::layout::paths::{encode_literal, Piece};
use crate::layout::{RequestFn, RequestType, ResponseKind, Returns, RustType};
use crate::model::{Operation, Place};

/// `src/requests/`: a file per API area and the `mod.rs` that declares
/// them.
pub fn files(input: &Input<'_>) -> Result<Vec<GeneratedFile>, EmitError> {
    let text = format!(
        " Requests: a module per resource, a type per documented operation,
 named after its docs title (`user::SendMail`). Each function builds a
 [`Request`](crate::support::Request) for one of its endpoints and is found
 by its path (`#[doc(alias = \"POST /me/sendMail\")]`); send it with any
 HTTP client and decode the response with `Request::decode`. A module is
 compiled when the cargo feature of any of its requests' API areas is on.
{}",
        endpoint_table(input)
    );
    let text = doc_text(&text);
    let doc = quote!(#![doc = #text]);
    Directory {
        dir: "requests",
        doc,
        modules: &input.layout.request_modules,
        items: &input.layout.requests,
        module_of: |request: &RequestType| (request.module, request.cfg.clone()),
        render: |request: &RequestType| operation(input, request),
        imports: |requests: &[&RequestType]| imports(input, requests),
    }
    .files()
}

/// Every documented endpoint and the function that serves it, a table per
/// API area (cargo feature).
fn endpoint_table(input: &Input<'_>) -> String {
    let mut by_area: std::collections::BTreeMap<&str, Vec<(String, &str, String)>> = Default::default();
    for request in &input.layout.requests {
        let op = &input.api.operations()[request.operation];
        for function in &request.functions {
            let item = format!("{}::{}", request.path.submodules().join("::"), request.path.name);
            by_area.entry(op.area.as_str()).or_default().push((
                function.template.clone(),
                op.method.as_str(),
                format!("{item}::{}", function.name),
            ));
        }
    }
    let mut text = String::new();
    for (area, mut rows) in by_area {
        rows.sort();
        text.push_str(&format!("\n # `{area}`\n\n | Request | Rust |\n |:--|:--|\n"));
        for (path, method, item) in rows {
            // A table cell cannot hold `|`.
            let path = path.replace('|', "\\|");
            text.push_str(&format!(" | `{method} {path}` | `{item}` |\n"));
        }
    }
    text
}

/// The support items a module's requests use: a module may have no path
/// parameters.
fn imports(_input: &Input<'_>, requests: &[&RequestType]) -> TokenStream {
    let pieces = || requests.iter().flat_map(|r| &r.functions).flat_map(|f| &f.pieces);
    let mut imports = Vec::new();
    if pieces().any(|p| matches!(p, Piece::Param(_))) {
        imports.push(quote!(encode_segment));
    }
    if pieces().any(|p| matches!(p, Piece::ItemPath(_))) {
        imports.push(quote!(encode_item_path));
    }
    if pieces().any(|p| matches!(p, Piece::Quoted(_))) {
        imports.push(quote!(encode_quoted));
    }
    if !requests.is_empty() {
        imports.extend([quote!(Request), quote!(ResponseKind)]);
    }
    if requests.iter().any(|r| !matches!(r.returns(), Returns::Request(_))) {
        imports.push(quote!(NeedsBody));
    }
    if requests.iter().any(|r| matches!(r.returns(), Returns::NeedsContent(_))) {
        imports.push(quote!(RawContent));
    }
    // A request gated by a cfg of its own may be compiled out, and with it
    // the last use of an import.
    quote!(#[allow(unused_imports)] use crate::support::{#(#imports),*};)
}

/// The request type's docs: what the page says, its endpoints, where it
/// is documented, and what the docs say about options and headers.
fn docs(op: &Operation) -> String {
    let endpoints = op.paths().map(|p| format!("- `{} {p}`", op.method)).collect::<Vec<_>>().join("\n");
    let mut text = format!("{}\n\n{}\n\n{endpoints}\n\nSuccess: `{}`.", op.title, op.description, op.status);
    let sources = std::iter::once(&op.source).chain(&op.merged_from).map(|s| format!("`{s}`"));
    text.push_str(&format!("\n\nDocumented in {}.", sources.collect::<Vec<_>>().join(", ")));
    if !op.query_options.is_empty() {
        let options = op.query_options.iter().map(|o| format!("`{o}`")).collect::<Vec<_>>().join(", ");
        text.push_str(&format!("\nThe docs describe the query options {options}."));
    }
    let headers: Vec<String> =
        op.parameters.iter().filter(|p| p.place == Place::Header).map(|p| format!("`{}`", p.name)).collect();
    if !headers.is_empty() {
        text.push_str(&format!("\nDocumented headers: {}.", headers.join(", ")));
    }
    if !op.usage.is_empty() {
        let usage = op.usage.iter().map(|u| format!("- `{u}`")).collect::<Vec<_>>().join("\n");
        text.push_str(&format!("\n\nAlso documented with query options:\n\n{usage}"));
    }
    text
}

fn operation(input: &Input<'_>, request: &RequestType) -> Result<Vec<syn::Item>, EmitError> {
    let op = &input.api.operations()[request.operation];
    let ident = ident(&request.path.name);
    let text = docs(op);
    let fns = request.functions.iter().map(|function| path_fn(op, request, function));
    let cfg = cfg(&input.layout.request_cfg(request));
    let mut items = parse(quote! {
        #cfg
        #[derive(Clone, Copy, Debug)]
        pub struct #ident;

        #cfg
        impl #ident {
            #(#fns)*
        }
    })?;
    // Doc comments are attached as built attributes: parsing their string
    // literals back would be the slowest part of the parse.
    let [syn::Item::Struct(unit), syn::Item::Impl(functions)] = items.as_mut_slice() else {
        return Err(EmitError::Template {
            item: format!("request {}", op.name),
            expected: "a struct and an impl",
        });
    };
    let mut docs = doc_attributes(text.trim());
    docs.extend(body_docs(request.returns()));
    docs.extend(feature_docs(&request.cfg));
    unit.attrs.splice(0..0, docs);
    for (function, path) in functions.items.iter_mut().zip(&request.functions) {
        let syn::ImplItem::Fn(function) = function else {
            return Err(EmitError::Template { item: format!("request {}", op.name), expected: "only fns" });
        };
        function.attrs.insert(0, doc_line(&format!(" `{} {}`", op.method, path.template)));
    }
    Ok(items)
}

/// How the body is given, when there is one: lines the generator writes,
/// so the body type's name can be a link.
fn body_docs(returns: Returns<'_>) -> Vec<syn::Attribute> {
    let line = match returns {
        Returns::Request(_) => return Vec::new(),
        Returns::NeedsJson(_, body) => {
            let path = rust_type(body).to_string().replace(' ', "");
            let name = match body {
                RustType::Model(model) => format!("[`{}`]({path})", model.name),
                _ => format!("`{path}`"),
            };
            format!(
                " The body, {name}, chains on the request: `.body(&value)`, or built in place \
                 with `.body_with(|body| body.with_…(…))`."
            )
        }
        Returns::NeedsContent(_) => {
            " The content chains on the request: `.content(\"text/plain\", bytes)`.".to_owned()
        }
    };
    vec![doc_line(""), doc_line(&line)]
}

fn path_fn(op: &Operation, request: &RequestType, path: &RequestFn) -> TokenStream {
    let name = ident(&path.name);
    let arguments = request.arguments(path).into_iter().map(|argument| {
        let name = ident(argument.name);
        let ty = syn::parse_str::<syn::Type>(argument.ty).map_or_else(|_| quote!(&str), |t| quote!(#t));
        quote!(#name: #ty)
    });
    let query_calls = request.query.iter().map(|q| {
        let (name, wire) = (ident(&q.name), &q.wire);
        quote!(.query(#wire, #name))
    });
    let path_expr = path_expr(path);
    let method = ident(op.method.as_str());
    let status = proc_macro2::Literal::u16_unsuffixed(op.status);
    let response = rust_type(&request.response.ty);
    let kind = match request.response.kind {
        ResponseKind::Json => quote!(ResponseKind::Json),
        ResponseKind::Bytes => quote!(ResponseKind::Bytes),
        ResponseKind::Empty => quote!(ResponseKind::Empty),
    };
    let request_expr = quote! {
        Request::new(http::Method::#method, #path_expr, #status, #kind) #(#query_calls)*
    };
    let (returns, built) = match request.returns() {
        Returns::Request(_) => (quote!(Request<#response>), request_expr),
        Returns::NeedsJson(_, body) => {
            let body = rust_type(body);
            (quote!(NeedsBody<#response, #body>), quote!(NeedsBody::new(#request_expr)))
        }
        Returns::NeedsContent(_) => {
            (quote!(NeedsBody<#response, RawContent>), quote!(NeedsBody::new(#request_expr)))
        }
    };
    // Rustdoc refuses quotes in an alias: `range(address='{a}')` is found
    // as `range(address={a})`.
    let alias: String =
        format!("{} {}", op.method, path.template).chars().filter(|c| !"'\"`\t\n".contains(*c)).collect();
    // `#[inline]`: a library's non-generic functions are compiled with the
    // library; an inline one only in the crate that calls it, so an
    // application pays for the requests it uses, not for all of them.
    quote! {
        #[doc(alias = #alias)]
        #[inline]
        pub fn #name(#(#arguments),*) -> #returns {
            #built
        }
    }
}

/// `"/me/x".to_owned()` or `["/users/", &encode_segment(user_id), "/x"].concat()`:
/// every parameter is percent-encoded for its place (one segment, an item
/// path, a quoted argument).
fn path_expr(path: &RequestFn) -> TokenStream {
    let parts: Vec<TokenStream> = path
        .pieces
        .iter()
        .map(|piece| match piece {
            Piece::Literal(text) => {
                let text = encode_literal(text);
                quote!(#text)
            }
            Piece::Param(name) => {
                let name = ident(name);
                quote!(&encode_segment(#name))
            }
            Piece::ItemPath(name) => {
                let name = ident(name);
                quote!(&encode_item_path(#name))
            }
            Piece::Quoted(name) => {
                let name = ident(name);
                quote!(&encode_quoted(#name))
            }
            Piece::Value(name) => {
                let name = ident(name);
                quote!(&#name.to_string())
            }
        })
        .collect();
    match parts.as_slice() {
        [single] if matches!(path.pieces[0], Piece::Literal(_)) => quote!(#single.to_owned()),
        _ => quote!([#(#parts),*].concat()),
    }
}
