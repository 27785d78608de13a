//! `tests/doc_examples.rs`: the docs' own concrete examples as tests of the
//! generated crate. Response bodies must decode into their type and
//! re-encode to equivalent JSON; request examples must be what the
//! generated request function builds. The examples' JSON texts go to
//! `tests/doc_examples.json`, not into Rust string literals: megabytes of
//! literals are slow to format and to compile. Only the case tables are
//! generated; the checks are the runtime's harness ([`HARNESS`]).

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::{cfg, rust_type};
use super::{ident, Input, Settings};
use crate::layout::paths::Piece;
use crate::layout::Returns;
use crate::model::{Example, ExampleKind};

/// Where the generated `tests/doc_examples.rs` finds the harness (relative
/// to `tests/`): the runtime's `tests/doc_examples/harness.rs`, which emit
/// copies to the same path (`crate_files::RUNTIME_FILES`).
pub const HARNESS: &str = "doc_examples/harness.rs";

/// The concrete examples' JSON texts by location (`api/x.md:12`), which
/// the tests read with `include_str!`.
pub fn examples_json(input: &Input<'_>) -> serde_json::Result<String> {
    let texts: serde_json::Map<String, serde_json::Value> = input
        .api
        .examples
        .iter()
        .filter(|e| !e.json.is_empty())
        .map(|e| (location(e), e.json.clone().into()))
        .collect();
    serde_json::to_string_pretty(&texts).map(|json| json + "\n")
}

pub fn doc_tests(input: &Input<'_>, settings: &Settings) -> TokenStream {
    let krate = ident(&settings.package_name.replace('-', "_"));
    let (api, layout) = (input.api, input.layout);
    let by_name: std::collections::HashMap<&str, usize> =
        api.operations().iter().enumerate().map(|(i, o)| (o.name.as_str(), i)).collect();
    let responses = api.examples.iter().filter_map(|example| {
        let ExampleKind::Response { ty, collection } = &example.kind else { return None };
        let operation = by_name.get(example.operation.as_str()).copied();
        let decoded = rust_type(&layout.example_type(api, operation, ty, *collection));
        let at = location(example);
        let cfg = api.id_of(ty).and_then(|id| cfg(&layout.model(id).cfg));
        Some(quote!(#cfg (#at, round_trip::<#decoded>),))
    });
    let requests = api
        .examples
        .iter()
        .filter_map(|example| request_case(input, *by_name.get(example.operation.as_str())?, example));
    quote! {
        //! The concrete JSON examples of the docs, checked against the
        //! generated types and requests.
        // The helpers serve both tables; either table may be empty.
        #![allow(unused_imports, dead_code)]
        use #krate::{models, requests, support};

        // A test crate's root finds modules beside it, and a `tests/harness.rs`
        // would be a test target of its own.
        #[path = #HARNESS]
        mod harness;
        // Lines short enough that rustfmt leaves prettyplease's text as it is.
        use harness::one_table_at_a_time;
        use harness::with_deep_stack;
        use harness::{check_request, conclude, example, round_trip, RequestCheck, ResponseCheck};

        #[test]
        #[rustfmt::skip]
        fn response_examples_round_trip() {
            let _one_table = one_table_at_a_time();
            let cases: &[(&str, ResponseCheck)] = &[#(#responses)*];
            let results = with_deep_stack(|| cases.iter().map(|(at, check)| (*at, check(example(at)))).collect());
            conclude("response", results);
        }

        #[test]
        #[rustfmt::skip]
        fn request_examples_build_the_documented_request() {
            let _one_table = one_table_at_a_time();
            let cases: &[(&str, RequestCheck)] = &[#(#requests)*];
            let results = with_deep_stack(|| cases.iter().map(|(at, check)| (*at, check())).collect());
            conclude("request", results);
        }
    }
}

fn location(example: &Example) -> String {
    format!("{}:{}", example.source, example.line)
}

/// `(at, || { build the request from the example; compare })`, or `None`
/// when the example's path cannot be mapped onto the template's
/// parameters.
fn request_case(input: &Input<'_>, operation: usize, example: &Example) -> Option<TokenStream> {
    let ExampleKind::Request { method, template, path_and_query, body_type } = &example.kind else {
        return None;
    };
    let request = input.layout.request(operation);
    let path = request.function(template)?;
    let example_segments: Vec<&str> =
        path_and_query.split('?').next().unwrap_or_default().split('/').filter(|s| !s.is_empty()).collect();
    let template_segments: Vec<&str> = template.split('/').filter(|s| !s.is_empty()).collect();
    let mut args = Vec::new();
    for (segment, value) in template_segments.iter().zip(&example_segments) {
        if segment.starts_with('{') && segment.ends_with('}') && segment.matches('{').count() == 1 {
            args.push(percent_decode(value)?);
        } else if segment.contains('{') {
            return None; // a parameter inside a segment: not mapped here
        }
    }
    if args.len() != path.params.len()
        || path.pieces.iter().filter(|p| matches!(p, Piece::Param(_))).count() != args.len()
    {
        return None;
    }
    // Only calls the example's path can fill: string keys, no required
    // query arguments, no byte body.
    let fillable = path.params.iter().all(|p| p.ty == "&str")
        && request.query.is_empty()
        && !matches!(request.returns(), Returns::NeedsContent(_));
    if !fillable {
        return None;
    }
    let modules = request.path.modules.iter().map(|m| ident(m));
    let op_name = ident(&request.path.name);
    let op_ident = quote!(#(#modules::)* #op_name);
    let method = method.as_str();
    let fn_ident = ident(&path.name);
    let at = location(example);
    let expected_path = path_and_query.split('?').next().unwrap_or_default();
    // The body is the request function's own (the example's body type is
    // the operation's).
    let build = match (body_type, request.returns()) {
        (Some(_), Returns::NeedsJson(_, ty)) => {
            let ty = rust_type(ty);
            quote! {
                let json = example(#at);
                let body: #ty = serde_json::from_str(json).map_err(|e| format!("body: {e}"))?;
                check_request(&#op_ident::#fn_ident(#(#args),*).body(&body), #method, #expected_path, Some(json))
            }
        }
        (_, Returns::Request(_)) => quote! {
            check_request(&#op_ident::#fn_ident(#(#args),*), #method, #expected_path, None)
        },
        _ => return None,
    };
    let cfg = cfg(&request.cfg);
    Some(quote!(#cfg (#at, || { #build }),))
}

/// `%2B` → `+`; `None` for text that is not valid percent-encoded UTF-8.
fn percent_decode(segment: &str) -> Option<String> {
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = segment.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}
