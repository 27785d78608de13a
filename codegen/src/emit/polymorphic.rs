//! `Any<Base>` enums: a value typed with a base type that has derived types
//! decodes into the derived type its `@odata.type` names, and into the base
//! (which keeps every member) otherwise.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::doc_attrs;
use super::tokens::{cfg, rust_type};
use super::{ident, Input};
use crate::layout::{AnyEnum, Model};

/// The enum of a polymorphic base and its decoding impls.
pub fn any_enum(input: &Input<'_>, base: &Model, any: &AnyEnum) -> TokenStream {
    let qualified = input.api.get(base.id).qualified();
    let enum_ident = ident(&any.path.name);
    let base_variant = ident(&any.base_variant);
    let base_type = rust_type(&any.base_type);
    // A derived type whose feature is off is decoded into the base.
    let declarations = any.variants.iter().map(|v| {
        let doc = format!(" `#{}`", v.odata_type);
        let (variant, ty, cfg) = (ident(&v.name), rust_type(&v.ty), cfg(&v.cfg));
        quote!(#[doc = #doc] #cfg #variant(Box<#ty>),)
    });
    let decoders = any.variants.iter().map(|v| {
        let (variant, odata, cfg) = (ident(&v.name), &v.odata_type, cfg(&v.cfg));
        quote!(#cfg (#odata, |value| serde_json::from_value(value).map(Self::#variant)),)
    });
    let cfg = cfg(&input.layout.model_cfg(base));
    let docs = doc_attrs(&format!(
        "`{qualified}` or a type derived from it, decoded by its `@odata.type`; the base type catches any other value."
    ));
    let base_doc = format!(" `{qualified}` itself, or a derived type these docs do not list.");
    quote! {
        #docs
        #cfg
        #[derive(Clone, Debug, PartialEq, serde::Serialize)]
        #[serde(untagged)]
        #[non_exhaustive]
        pub enum #enum_ident {
            #(#declarations)*
            #[doc = #base_doc]
            #base_variant(Box<#base_type>),
        }

        #cfg
        impl crate::support::Polymorphic for #enum_ident {
            const VARIANTS: &'static [(&'static str, crate::support::Decoder<Self>)] = &[#(#decoders)*];

            fn fallback(value: serde_json::Value) -> serde_json::Result<Self> {
                serde_json::from_value(value).map(Self::#base_variant)
            }
        }

        #cfg
        crate::support::polymorphic!(#enum_ident);
    }
}
