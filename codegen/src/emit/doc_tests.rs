//! `tests/doc_examples.rs`: the docs' own concrete examples as tests of the
//! generated crate. Response bodies must decode into their type and
//! re-encode to equivalent JSON; request examples must be what the
//! generated request function builds. The examples' JSON texts go to
//! `tests/doc_examples.json`, not into Rust string literals: megabytes of
//! literals are slow to format and to compile.

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::{cfg, rust_type};
use super::{ident, Input, Settings};
use crate::layout::paths::Piece;
use crate::model::{Example, ExampleKind};

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
        let decoded = rust_type(&layout.decoded_type(api, ty, *collection));
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
        use serde_json::Value;

        /// The examples' JSON texts, by location.
        static EXAMPLES: &str = include_str!("doc_examples.json");

        #[rustfmt::skip]
        fn example(at: &str) -> &'static str {
            static PARSED: std::sync::OnceLock<std::collections::HashMap<String, String>> = std::sync::OnceLock::new();
            let examples = PARSED.get_or_init(|| serde_json::from_str(EXAMPLES).expect("doc_examples.json"));
            examples.get(at).map(String::as_str).unwrap_or_else(|| panic!("no example {at}"))
        }

        /// Checks one response example.
        type ResponseCheck = fn(&str) -> Result<(), String>;

        /// Builds one request example and compares it with the docs.
        type RequestCheck = fn() -> Result<(), String>;

        #[rustfmt::skip]
        /// Decodes `json` as `T`, re-encodes it and compares.
        fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(json: &str) -> Result<(), String> {
            let original: Value = serde_json::from_str(json).map_err(|e| format!("not JSON: {e}"))?;
            let mismatched = support::mismatched_values();
            let decoded: T = serde_json::from_str(json).map_err(|e| format!("decode: {e}"))?;
            let kept_raw = support::mismatched_values() - mismatched;
            let encoded = serde_json::to_value(&decoded).map_err(|e| format!("encode: {e}"))?;
            equivalent(&original, &encoded, "$")?;
            match kept_raw {
                0 => Ok(()),
                n => Err(format!("kept raw: {n} value(s) not of their documented type")),
            }
        }

        #[rustfmt::skip]
        /// JSON equality with numbers compared by value, timestamps by
        /// instant, times of day by value and GUIDs ignoring case.
        fn equivalent(a: &Value, b: &Value, at: &str) -> Result<(), String> {
            match (a, b) {
                (Value::Object(x), Value::Object(y)) => {
                    for key in x.keys().chain(y.keys()) {
                        let (Some(xv), Some(yv)) = (x.get(key), y.get(key)) else {
                            return Err(format!("{at}.{key}: present on one side only"));
                        };
                        equivalent(xv, yv, &format!("{at}.{key}"))?;
                    }
                    Ok(())
                }
                (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
                    x.iter().zip(y).enumerate().try_for_each(|(i, (xv, yv))| equivalent(xv, yv, &format!("{at}[{i}]")))
                }
                (Value::Number(x), Value::Number(y)) if x.as_f64() == y.as_f64() => Ok(()),
                (Value::String(x), Value::String(y)) if same_string(x, y) => Ok(()),
                _ if a == b => Ok(()),
                _ => Err(format!("{at}: {a} became {b}")),
            }
        }

        #[rustfmt::skip]
        fn same_string(x: &str, y: &str) -> bool {
            if x == y {
                return true;
            }
            if let (Ok(x), Ok(y)) = (x.parse::<support::DateTimeOffset>(), y.parse::<support::DateTimeOffset>()) {
                return x == y;
            }
            if let (Ok(x), Ok(y)) = (x.parse::<support::Guid>(), y.parse::<support::Guid>()) {
                return x == y;
            }
            if let (Ok(x), Ok(y)) = (x.parse::<support::TimeOfDay>(), y.parse::<support::TimeOfDay>()) {
                return x == y;
            }
            false
        }

        #[rustfmt::skip]
        /// A path's segments, percent-decoded and lowercased (Graph paths
        /// are case-insensitive): equal lists mean the same target, however
        /// each side chose to encode.
        fn segments(path: &str) -> Vec<String> {
            let path = path.split('?').next().unwrap_or_default().trim_end_matches('/');
            path.split('/').map(|s| percent_encoding::percent_decode_str(s).decode_utf8_lossy().to_lowercase()).collect()
        }

        #[rustfmt::skip]
        fn check_request<T>(request: &support::Request<T>, method: &str, path: &str, body: Option<&str>) -> Result<(), String> {
            if request.method().as_str() != method {
                return Err(format!("method {} instead of {method}", request.method()));
            }
            if segments(request.path()) != segments(path) {
                return Err(format!("path {} instead of {path}", request.path()));
            }
            match (body, request.body()) {
                (None, None) => Ok(()),
                (Some(expected), Some(actual)) => {
                    let expected: Value = serde_json::from_str(expected).map_err(|e| e.to_string())?;
                    let actual: Value = serde_json::from_slice(actual).map_err(|e| e.to_string())?;
                    equivalent(&expected, &actual, "$")
                }
                (expected, actual) => Err(format!("body {actual:?} instead of {expected:?}")),
            }
        }

        /// Fails with every failure listed or, when `DOC_EXAMPLES_REPORT`
        /// names a file, appends one line per case to it (`cargo xtask
        /// examples` reads it) and passes.
        #[rustfmt::skip]
        fn conclude(kind: &str, results: Vec<(&str, Result<(), String>)>) {
            if let Some(path) = std::env::var_os("DOC_EXAMPLES_REPORT") {
                let mut report = String::new();
                for (at, result) in &results {
                    let outcome = result.as_ref().err().map_or("ok", String::as_str);
                    report.push_str(&format!("{kind}\t{at}\t{}\n", outcome.replace(['\t', '\n'], " ")));
                }
                let mut file = std::fs::OpenOptions::new().create(true).append(true).open(path).expect("report file");
                std::io::Write::write_all(&mut file, report.as_bytes()).expect("report written");
                return;
            }
            let total = results.len();
            let failures: Vec<String> =
                results.into_iter().filter_map(|(at, r)| r.err().map(|e| format!("{at}: {e}"))).collect();
            assert!(failures.is_empty(), "{} of {total} failed:\n{}", failures.len(), failures.join("\n"));
        }

        #[test]
        #[rustfmt::skip]
        fn response_examples_round_trip() {
            let cases: &[(&str, ResponseCheck)] = &[#(#responses)*];
            conclude("response", cases.iter().map(|(at, check)| (*at, check(example(at)))).collect());
        }

        #[test]
        #[rustfmt::skip]
        fn request_examples_build_the_documented_request() {
            let cases: &[(&str, RequestCheck)] = &[#(#requests)*];
            conclude("request", cases.iter().map(|(at, check)| (*at, check())).collect());
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
    let op_ident = ident(&request.path.name);
    let method = method.as_str();
    let fn_ident = ident(&path.name);
    let at = location(example);
    let expected_path = path_and_query.split('?').next().unwrap_or_default();
    let build = match body_type {
        Some(body) => {
            let ty = rust_type(&input.layout.item_type(input.api, body));
            quote! {
                let json = example(#at);
                let body: #ty = serde_json::from_str(json).map_err(|e| format!("body: {e}"))?;
                check_request(&requests::#op_ident::#fn_ident(#(#args,)* &body), #method, #expected_path, Some(json))
            }
        }
        None => quote! {
            check_request(&requests::#op_ident::#fn_ident(#(#args),*), #method, #expected_path, None)
        },
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
