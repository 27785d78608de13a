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
    let features = &cfg.any_feature;
    let predicate = match features.len() {
        0 => return None,
        1 => quote!(#(feature = #features)*),
        _ => quote!(any(#(feature = #features),*)),
    };
    Some(super::syntax::list_attribute("cfg", predicate))
}
