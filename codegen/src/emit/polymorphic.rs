//! `Any<Base>` enums: a value typed with a base type that has derived types
//! decodes into the derived type its `@odata.type` names, and into the base
//! (which keeps every member) otherwise.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{doc_attrs, doc_line};
use super::tokens::{self, cfg, rust_type};
use super::{ident, Input};
use crate::layout::{AnyEnum, Field, Model};

/// The enum of a polymorphic base and its decoding impls.
pub fn any_enum(input: &Input<'_>, base: &Model, fields: &[Field], any: &AnyEnum) -> TokenStream {
    let qualified = input.api.get(base.id).qualified();
    let enum_ident = ident(&any.path.name);
    let base_variant = ident(&any.base_variant);
    let base_type = rust_type(&any.base_type);
    // A derived type whose feature is off is decoded into the base.
    let declarations = any.variants.iter().map(|v| {
        let doc = doc_line(&format!(" `#{}`", v.odata_type));
        let (variant, ty, cfg) = (ident(&v.name), rust_type(&v.ty), cfg(&v.cfg));
        quote!(#doc #cfg #variant(Box<#ty>),)
    });
    let derived = any.variants.iter().map(|v| &v.odata_type);
    // `index => read_derived(odata_type, map, Self::Variant),`
    let arms = any.variants.iter().enumerate().map(|(index, v)| {
        let (variant, cfg) = (ident(&v.name), cfg(&v.cfg));
        let index = proc_macro2::Literal::usize_unsuffixed(index);
        quote!(#cfg #index => crate::support::read_derived(odata_type, map, Self::#variant),)
    });
    // A build may compile none of the derived types.
    let fallback = if any.variants.iter().all(|v| !v.cfg.any_feature.is_empty()) {
        quote!(_ => {
            let _ = (odata_type, map);
            Ok(None)
        })
    } else {
        quote!(_ => Ok(None))
    };
    let cfg = cfg(&input.layout.model_cfg(base));
    // `AnyMessage::from(message)`, `message.into()`: the boxing is ours.
    // A derived value built in code gets the `@odata.type` the service
    // needs to tell it from its base.
    let conversions = any.variants.iter().map(|v| {
        let (variant, ty, variant_cfg) = (ident(&v.name), rust_type(&v.ty), tokens::cfg(&v.cfg));
        let odata_type = &v.odata_type;
        quote! {
            #cfg
            #variant_cfg
            impl From<#ty> for #enum_ident {
                fn from(mut value: #ty) -> Self {
                    crate::support::mark_derived(&mut value.additional_properties, #odata_type);
                    Self::#variant(Box::new(value))
                }
            }
        }
    });
    // `value.subject()`: a base property, whatever the variant.
    let variant_cfgs: Vec<_> = any.variants.iter().map(|v| tokens::cfg(&v.cfg)).collect();
    let variant_idents: Vec<syn::Ident> = any.variants.iter().map(|v| ident(&v.name)).collect();
    let accessors = any.accessors.iter().map(|accessor| {
        let field = &fields[accessor.field];
        let (name, ty, base_field) = (ident(&accessor.name), rust_type(&field.ty), ident(&field.name));
        let fields = accessor.variant_fields.iter().map(|f| ident(f));
        let doc = doc_line(&format!(" `{}` of the value, whichever type it is.", field.wire));
        quote! {
            #doc
            pub fn #name(&self) -> &Field<#ty> {
                match self {
                    #(#variant_cfgs Self::#variant_idents(value) => &value.#fields,)*
                    Self::#base_variant(value) => &value.#base_field,
                }
            }
        }
    });
    let accessors = if any.accessors.is_empty() {
        quote!()
    } else {
        quote! {
            #cfg
            impl #enum_ident {
                #(#accessors)*
            }
        }
    };
    let reading = match any.accessors.first() {
        Some(first) => format!(" Its properties read the same from any of them: `value.{}()`.", first.name),
        None => String::new(),
    };
    let docs = doc_attrs(&format!(
        "`{qualified}` or a type derived from it, decoded by its `@odata.type`; the base type catches any other value.{reading}"
    ));
    let feature_docs = tokens::feature_docs(&base.cfg);
    let base_doc = doc_line(&format!(" `{qualified}` itself, or a derived type these docs do not list."));
    quote! {
        #docs
        #(#feature_docs)*
        #cfg
        #[derive(Clone, Debug, PartialEq, serde::Serialize)]
        #[serde(untagged)]
        #[non_exhaustive]
        pub enum #enum_ident {
            #(#declarations)*
            #base_doc
            #base_variant(Box<#base_type>),
        }

        #cfg
        impl crate::support::Polymorphic for #enum_ident {
            type Base = #base_type;
            const DERIVED: &'static [&'static str] = &[#(#derived),*];

            fn base(base: Self::Base) -> Self {
                Self::#base_variant(Box::new(base))
            }

            fn read_derived<'de, A: serde::de::MapAccess<'de>>(
                index: usize,
                odata_type: serde_json::Value,
                map: &mut A,
            ) -> Result<Option<Self>, A::Error> {
                match index {
                    #(#arms)*
                    #fallback
                }
            }
        }

        #cfg
        crate::support::polymorphic!(#enum_ident);

        #cfg
        impl From<#base_type> for #enum_ident {
            fn from(value: #base_type) -> Self {
                Self::#base_variant(Box::new(value))
            }
        }

        #accessors

        #(#conversions)*
    }
}
