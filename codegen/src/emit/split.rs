//! The impls of a struct too large for derives ([`Struct::is_large`]).
//! rustc compiles a derived `PartialEq` on thousands of fields as one `&&`
//! chain deep enough to overflow its stack, and borrow-checks a long
//! function in time that grows faster than its length. So above the limit
//! the comparison, `Debug`, the encoder's `put`s and the decoder's arms are
//! split into private helpers of [`CHUNK`] fields each, which the trait
//! methods call in turn. Behaviour is the derives': fields in order, then
//! `additional_properties`.
//!
//! [`Struct::is_large`]: crate::layout::Struct::is_large

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::format::parse;
use super::EmitError;

/// Fields (or members) per helper function.
pub const CHUNK: usize = 250;

/// What the helpers need of one field.
pub struct SplitField {
    pub name: syn::Ident,
    pub cfg: Option<syn::Attribute>,
}

/// The large struct's code, split: the statements and arms that
/// `serialize` and `read_member` hold in place of one per field, and the
/// items to add (`PartialEq`, `Debug` and the helpers).
pub struct Split {
    pub puts: Vec<syn::Stmt>,
    pub arms: Vec<syn::Arm>,
    pub items: Vec<syn::Item>,
}

/// `puts` are the encoder's statements in field order; `arms` the
/// decoder's, each with its member index, sorted by it.
pub fn split(
    type_ident: &syn::Ident,
    cfg: &Option<syn::Attribute>,
    fields: &[SplitField],
    puts: Vec<syn::Stmt>,
    arms: Vec<(usize, syn::Arm)>,
) -> Result<Split, EmitError> {
    let label = type_ident.to_string();
    let mut helpers: Vec<TokenStream> = Vec::new();

    let mut comparisons = Vec::new();
    let mut debugs = Vec::new();
    for (chunk, fields) in fields.chunks(CHUNK).enumerate() {
        let eq = format_ident!("eq_{chunk}");
        let debug = format_ident!("debug_{chunk}");
        let compared = fields
            .iter()
            .map(|SplitField { name, cfg }| quote!(#cfg if self.#name != other.#name { return false; }));
        let printed = fields.iter().map(|SplitField { name, cfg }| {
            let label = name.to_string().trim_start_matches("r#").to_owned();
            quote!(#cfg s.field(#label, &self.#name);)
        });
        helpers.push(quote! {
            fn #eq(&self, other: &Self) -> bool {
                #(#compared)*
                true
            }

            fn #debug(&self, s: &mut std::fmt::DebugStruct<'_, '_>) {
                #(#printed)*
            }
        });
        comparisons.push(quote!(self.#eq(other)));
        debugs.push(quote!(self.#debug(&mut s);));
    }

    let mut put_calls = Vec::new();
    for (chunk, puts) in puts.chunks(CHUNK).enumerate() {
        let put = format_ident!("put_{chunk}");
        helpers.push(quote! {
            fn #put<M: serde::ser::SerializeMap>(
                &self,
                object: &mut crate::support::ObjectWriter<M>,
            ) -> Result<(), M::Error> {
                #(#puts)*
                Ok(())
            }
        });
        put_calls.push(quote!(self.#put(object)?;));
    }

    // Arms are sorted by member index: chunk k reads members k*CHUNK.. .
    let mut dispatch = Vec::new();
    let mut arms = arms.into_iter().peekable();
    while let Some((first, _)) = arms.peek() {
        let (low, high) = (first / CHUNK * CHUNK, first / CHUNK * CHUNK + CHUNK - 1);
        let mut these = Vec::new();
        while let Some((_, arm)) = arms.next_if(|(index, _)| *index <= high) {
            these.push(arm);
        }
        let read = format_ident!("read_{}", dispatch.len());
        helpers.push(quote! {
            fn #read<'de, A: serde::de::MapAccess<'de>>(
                &mut self,
                index: usize,
                map: &mut A,
            ) -> Result<bool, A::Error> {
                match index {
                    #(#these)*
                    _ => Ok(false),
                }
            }
        });
        let [low, high] = [low, high].map(Literal::usize_unsuffixed);
        dispatch.push(quote!(#low..=#high => self.#read(index, map),));
    }

    let items = parse(quote! {
        #cfg
        impl PartialEq for #type_ident {
            fn eq(&self, other: &Self) -> bool {
                #(#comparisons &&)* self.additional_properties == other.additional_properties
            }
        }

        #cfg
        impl std::fmt::Debug for #type_ident {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                let mut s = f.debug_struct(#label);
                #(#debugs)*
                s.field("additional_properties", &self.additional_properties);
                s.finish()
            }
        }

        // A helper's fields may all be compiled out with a build's features.
        #cfg
        #[allow(unused_variables)]
        impl #type_ident {
            #(#helpers)*
        }
    })?;
    let puts = syn::parse2::<syn::Block>(quote!({ #(#put_calls)* }))?.stmts;
    let arms = syn::parse2::<syn::ExprMatch>(quote!(match index { #(#dispatch)* }))?.arms;
    Ok(Split { puts, arms, items })
}
