//! `requests.rs`: one unit struct per operation, with an associated
//! function per documented path that builds the sans-IO request.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::doc_attributes;
use super::format::{par_unparse, parse, unparse};
use super::ident;
use super::paths::{encode_literal, path_fns, PathFn, Piece};
use super::rust_types::TypeSpace;
use super::syntax::doc_attribute;
use crate::model::{Operation, PRIMITIVES};

pub fn requests(space: &TypeSpace<'_>) -> Result<String, String> {
    let ops = &space.api.operations;
    // Import only what is used: a crate may have no operations, or no
    // path parameters.
    let mut imports = Vec::new();
    if ops.iter().any(|op| op.paths.iter().any(|p| p.contains('{'))) {
        imports.push(quote!(encode_segment));
    }
    if !ops.is_empty() {
        imports.extend([quote!(Request), quote!(ResponseKind)]);
    }
    // With some features off, no operation may be compiled.
    let uses =
        (!imports.is_empty()).then(|| quote!(#[allow(unused_imports)] use crate::support::{#(#imports),*};));
    let mut text = unparse(quote! {
        //! Requests: one type per documented operation. Each function builds a
        //! [`Request`](crate::support::Request) for one of its paths; send it
        //! with any HTTP client and decode the response with `Request::decode`.
        #uses
    })?;
    text.push_str(&par_unparse(ops, |op| operation(space, op))?);
    Ok(text)
}

/// What the response decodes into.
pub fn response_type(space: &TypeSpace<'_>, op: &Operation) -> (TokenStream, TokenStream) {
    let is_bytes =
        op.response.as_deref() == Some("Stream") || op.paths.iter().any(|p| p.ends_with("/$value"));
    match &op.response {
        _ if is_bytes => (quote!(crate::support::Bytes), quote!(ResponseKind::Bytes)),
        _ if op.status == 204 => (quote!(crate::support::NoContent), quote!(ResponseKind::Empty)),
        None => (quote!(crate::support::NoContent), quote!(ResponseKind::Empty)),
        Some(name) => (decoded_type(space, name, op.response_collection), quote!(ResponseKind::Json)),
    }
}

/// What a JSON response body of `name` decodes into: a page for a
/// collection, the `Any…` enum for a polymorphic base, and raw JSON for a
/// single primitive (it comes wrapped as `{"value": …}`).
pub fn decoded_type(space: &TypeSpace<'_>, name: &str, collection: bool) -> TokenStream {
    let item = space.value_type(name);
    match (collection, PRIMITIVES.contains(&name)) {
        (true, _) => quote!(crate::support::Page<#item>),
        (false, true) => quote!(serde_json::Value),
        (false, false) => item,
    }
}

fn operation(space: &TypeSpace<'_>, op: &Operation) -> Result<Vec<syn::Item>, String> {
    let ident = ident(op.rust_path.rsplit("::").next().unwrap_or("Operation"));
    let paths = op.paths.iter().map(|p| format!("- `{} {p}`", op.method)).collect::<Vec<_>>().join("\n");
    let mut text = format!(
        "{}\n\n{}\n\n{paths}\n\nSuccess: `{}` (`{}`).",
        op.title, op.description, op.status, op.source
    );
    if !op.query_options.is_empty() {
        text.push_str(&format!(
            "\nSupports the query options {}.",
            op.query_options.iter().map(|o| format!("`{o}`")).collect::<Vec<_>>().join(", ")
        ));
    }
    let paths = path_fns(&op.paths);
    let fns = paths.iter().map(|path| path_fn(space, op, path));
    let cfg = space.features.operation_cfg(op);
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
    if let [syn::Item::Struct(unit), syn::Item::Impl(functions)] = items.as_mut_slice() {
        unit.attrs.splice(0..0, doc_attributes(text.trim()));
        for (function, path) in functions.items.iter_mut().zip(&paths) {
            if let syn::ImplItem::Fn(function) = function {
                function.attrs.insert(0, doc_attribute(&format!(" `{} {}`", op.method, path.template)));
            }
        }
    }
    Ok(items)
}

fn path_fn(space: &TypeSpace<'_>, op: &Operation, path: &PathFn) -> TokenStream {
    let name = ident(&path.name);
    let params = path.params.iter().map(|p| {
        let p = ident(p);
        quote!(#p: &str)
    });
    let path_expr = path_expr(path);
    let method = ident(&op.method);
    let status = proc_macro2::Literal::u16_unsuffixed(op.status);
    let (response, kind) = response_type(space, op);
    let (body_param, body_call) = match op.qualified_request_body().as_deref() {
        Some("Stream") => (quote!(body: Vec<u8>,), quote!(.bytes_body("application/octet-stream", body))),
        Some(name) => {
            let body = space.item_type(name);
            (quote!(body: &#body,), quote!(.json_body(body)))
        }
        None => (quote!(), quote!()),
    };
    let supports = query_options(&op.query_options);
    quote! {
        pub fn #name(#(#params,)* #body_param) -> Request<#response> {
            Request::new(http::Method::#method, #path_expr, #status, #kind) #body_call #supports
        }
    }
}

/// `.supports(QueryOptions::SELECT | QueryOptions::TOP)` for the options
/// the page documents.
fn query_options(options: &[String]) -> TokenStream {
    let flags: Vec<TokenStream> = options
        .iter()
        .filter_map(|option| {
            let flag = match option.as_str() {
                "$select" => "SELECT",
                "$filter" => "FILTER",
                "$expand" => "EXPAND",
                "$orderby" => "ORDER_BY",
                "$top" => "TOP",
                "$skip" => "SKIP",
                "$count" => "COUNT",
                "$search" => "SEARCH",
                _ => return None,
            };
            let flag = ident(flag);
            Some(quote!(crate::support::QueryOptions::#flag))
        })
        .collect();
    if flags.is_empty() {
        quote!()
    } else {
        quote!(.supports(#(#flags)|*))
    }
}

/// `"/me/x".to_owned()` or `["/users/", &encode_segment(user_id), "/x"].concat()`:
/// every parameter is percent-encoded as exactly one segment.
fn path_expr(path: &PathFn) -> TokenStream {
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
        })
        .collect();
    match parts.as_slice() {
        [single] if !matches!(path.pieces[0], Piece::Param(_)) => quote!(#single.to_owned()),
        _ => quote!([#(#parts),*].concat()),
    }
}
