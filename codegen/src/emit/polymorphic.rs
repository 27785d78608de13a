//! `Any<Base>` enums: a value typed with a base type that has derived types
//! decodes into the derived type its `@odata.type` names, and into the base
//! (which keeps every member) otherwise.

use std::collections::HashSet;

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::doc_attrs;
use super::ident;
use super::rust_types::TypeSpace;
use crate::model::TypeDef;
use crate::naming;

/// The enum for `base`, if it is decoded polymorphically.
pub fn any_enum(space: &TypeSpace<'_>, base: &TypeDef) -> Option<TokenStream> {
    let qualified = base.qualified();
    let (path, derived) = space.polymorphic.get(&qualified)?;
    let enum_ident = ident(path.rsplit("::").next().unwrap_or(path));
    let mut taken = HashSet::new();
    let mut variant = |def: &TypeDef| ident(&naming::unique(naming::pascal(&def.name), &mut taken));
    let base_variant = variant(base);
    let base_type = space.item_type(&qualified);
    // A derived type whose feature is off is decoded into the base.
    let derived: Vec<(syn::Ident, TokenStream, String, Option<syn::Attribute>)> = derived
        .iter()
        .filter_map(|name| space.api.type_def(name))
        .map(|def| {
            let odata = format!("{}.{}", def.namespace.as_deref().unwrap_or("microsoft.graph"), def.name);
            let cfg = space.features.cfg_within(&qualified, &def.qualified());
            (variant(def), space.item_type(&def.qualified()), odata, cfg)
        })
        .collect();
    let declarations = derived.iter().map(|(variant, ty, odata, cfg)| {
        let doc = format!(" `#{odata}`");
        quote!(#[doc = #doc] #cfg #variant(Box<#ty>),)
    });
    let decoders = derived.iter().map(|(variant, _, odata, cfg)| {
        quote!(#cfg (#odata, |value| serde_json::from_value(value).map(Self::#variant)),)
    });
    let cfg = space.features.type_cfg(&qualified);
    let docs = doc_attrs(&format!(
        "`{qualified}` or a type derived from it, decoded by its `@odata.type`; the base type catches any other value."
    ));
    let base_doc = format!(" `{qualified}` itself, or a derived type these docs do not list.");
    Some(quote! {
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
    })
}
