//! The layout's Rust types and cfgs as tokens.

use proc_macro2::TokenStream;
use quote::quote;

use super::ident;
use crate::layout::{Cfg, RustType};
use crate::model::RustPath;

/// The type as the generated code writes it, with absolute paths.
pub fn rust_type(ty: &RustType) -> TokenStream {
    match ty {
        RustType::Builtin(name) => {
            let name = ident(name);
            quote!(#name)
        }
        RustType::Support(name) => {
            let name = ident(name);
            quote!(crate::support::#name)
        }
        RustType::Json => quote!(serde_json::Value),
        RustType::Model(path) => rust_path(path),
        RustType::Vec(item) => wrapped(quote!(Vec), item),
        RustType::Box(item) => wrapped(quote!(Box), item),
        RustType::Flags(item) => wrapped(quote!(crate::support::Flags), item),
        RustType::Page(item) => wrapped(quote!(crate::support::Page), item),
        RustType::DeltaPage(item) => wrapped(quote!(crate::support::DeltaPage), item),
    }
}

fn wrapped(outer: TokenStream, item: &RustType) -> TokenStream {
    let item = rust_type(item);
    quote!(#outer<#item>)
}

/// `crate::models::a::B`.
pub fn rust_path(path: &RustPath) -> TokenStream {
    let segments = path.modules.iter().chain([&path.name]).map(|s| ident(s));
    quote!(crate::#(#segments)::*)
}

/// `#[cfg(feature = "a")]`, `#[cfg(any(feature = "a", ...))]`, or nothing.
pub fn cfg(cfg: &Cfg) -> Option<syn::Attribute> {
    Some(super::syntax::list_attribute("cfg", predicate(cfg)?))
}

/// What a user reads of an item's `cfg`, whether the item carries it or its
/// module does: a doc line naming the features (windows-rs's "Required
/// features") and `doc(cfg)` for docs.rs ("Available on crate feature …
/// only"). Nothing for an item always compiled.
pub fn feature_docs(cfg: &Cfg) -> Vec<syn::Attribute> {
    let Some(predicate) = predicate(cfg) else { return Vec::new() };
    let names: Vec<String> = cfg.any_feature.iter().map(|f| format!("`{f}`")).collect();
    let line = match names.as_slice() {
        [one] => format!(" Required feature: {one}."),
        more => format!(" Required feature: one of {}.", more.join(", ")),
    };
    vec![
        super::syntax::doc_attribute(""),
        super::syntax::doc_attribute(&line),
        super::syntax::list_attribute("cfg_attr", quote!(docsrs, doc(cfg(#predicate)))),
    ]
}

fn predicate(cfg: &Cfg) -> Option<TokenStream> {
    let features = &cfg.any_feature;
    match features.len() {
        0 => None,
        1 => Some(quote!(#(feature = #features)*)),
        _ => Some(quote!(any(#(feature = #features),*))),
    }
}
