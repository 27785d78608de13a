//! `requests/`: one unit struct per operation, with an associated
//! function per documented path that builds the sans-IO request.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::doc_attributes;
use super::format::parse;
use super::modules::Directory;
use super::syntax::doc_attribute;
use super::tokens::{cfg, rust_type};
use super::{ident, EmitError, GeneratedFile, Input};
use crate::layout::paths::{encode_literal, Piece};
use crate::layout::{RequestBody, RequestFn, RequestType, ResponseKind};
use crate::model::Operation;

/// `src/requests/`: a file per API area and the `mod.rs` that declares
/// them.
pub fn files(input: &Input<'_>) -> Result<Vec<GeneratedFile>, EmitError> {
    let doc = quote! {
        //! Requests: one type per documented operation. Each function builds a
        //! [`Request`](crate::support::Request) for one of its paths; send it
        //! with any HTTP client and decode the response with `Request::decode`.
        //! Each type is defined in the module of its API area, compiled with
        //! that area's cargo feature, and re-exported here.
    };
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

/// The support items a module's requests use: a module may have no path
/// parameters.
fn imports(input: &Input<'_>, requests: &[&RequestType]) -> TokenStream {
    let ops = input.api.operations();
    let mut imports = Vec::new();
    if requests.iter().any(|r| ops[r.operation].paths.iter().any(|p| p.contains('{'))) {
        imports.push(quote!(encode_segment));
    }
    if !requests.is_empty() {
        imports.extend([quote!(Request), quote!(ResponseKind)]);
    }
    quote!(use crate::support::{#(#imports),*};)
}

fn operation(input: &Input<'_>, request: &RequestType) -> Result<Vec<syn::Item>, EmitError> {
    let op = &input.api.operations()[request.operation];
    let ident = ident(&request.path.name);
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
    unit.attrs.splice(0..0, doc_attributes(text.trim()));
    for (function, path) in functions.items.iter_mut().zip(&request.functions) {
        let syn::ImplItem::Fn(function) = function else {
            return Err(EmitError::Template { item: format!("request {}", op.name), expected: "only fns" });
        };
        function.attrs.insert(0, doc_attribute(&format!(" `{} {}`", op.method, path.template)));
    }
    Ok(items)
}

fn path_fn(op: &Operation, request: &RequestType, path: &RequestFn) -> TokenStream {
    let name = ident(&path.name);
    let params = path.params.iter().map(|p| {
        let p = ident(p);
        quote!(#p: &str)
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
    let (body_param, body_call) = match &request.body {
        Some(RequestBody::Bytes) => {
            (quote!(body: Vec<u8>,), quote!(.bytes_body("application/octet-stream", body)))
        }
        Some(RequestBody::Json(ty)) => {
            let body = rust_type(ty);
            (quote!(body: &#body,), quote!(.json_body(body)))
        }
        None => (quote!(), quote!()),
    };
    let supports = query_options(&request.query_options);
    quote! {
        pub fn #name(#(#params,)* #body_param) -> Request<#response> {
            Request::new(http::Method::#method, #path_expr, #status, #kind) #body_call #supports
        }
    }
}

/// `.supports(QueryOptions::SELECT | QueryOptions::TOP)` for the options
/// the page documents.
fn query_options(flags: &[&str]) -> TokenStream {
    if flags.is_empty() {
        return quote!();
    }
    let flags = flags.iter().map(|flag| {
        let flag = ident(flag);
        quote!(crate::support::QueryOptions::#flag)
    });
    quote!(.supports(#(#flags)|*))
}

/// `"/me/x".to_owned()` or `["/users/", &encode_segment(user_id), "/x"].concat()`:
/// every parameter is percent-encoded as exactly one segment.
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
        })
        .collect();
    match parts.as_slice() {
        [single] if !matches!(path.pieces[0], Piece::Param(_)) => quote!(#single.to_owned()),
        _ => quote!([#(#parts),*].concat()),
    }
}
