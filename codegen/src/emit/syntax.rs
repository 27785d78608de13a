//! Syntax-tree nodes built directly. Struct fields are most of the output;
//! building them as `syn` nodes, instead of printing tokens and parsing them
//! back, saves the parse (which costs more than prettyplease's printing).

use proc_macro2::{Span, TokenStream};

/// `#[name(tokens)]`. The tokens are kept as they are, as syn keeps them
/// when it parses an attribute.
pub fn list_attribute(name: &str, tokens: TokenStream) -> syn::Attribute {
    attribute(syn::Meta::List(syn::MetaList {
        path: path(name),
        delimiter: syn::MacroDelimiter::Paren(Default::default()),
        tokens,
    }))
}

/// `#[name]`.
pub fn path_attribute(name: &str) -> syn::Attribute {
    attribute(syn::Meta::Path(path(name)))
}

/// `#[doc = "text"]`, which prettyplease prints as `///text`.
pub fn doc_attribute(text: &str) -> syn::Attribute {
    attribute(syn::Meta::NameValue(syn::MetaNameValue {
        path: path("doc"),
        eq_token: Default::default(),
        value: syn::Expr::Lit(syn::ExprLit {
            attrs: Vec::new(),
            lit: syn::Lit::Str(syn::LitStr::new(text, Span::call_site())),
        }),
    }))
}

/// `pub name: ty` with its attributes.
pub fn public_field(attrs: Vec<syn::Attribute>, name: syn::Ident, ty: syn::Type) -> syn::Field {
    syn::Field {
        attrs,
        vis: public(),
        mutability: syn::FieldMutability::None,
        ident: Some(name),
        colon_token: Some(Default::default()),
        ty,
    }
}

/// `pub struct Name { fields }` with its attributes.
pub fn public_struct(attrs: Vec<syn::Attribute>, name: syn::Ident, fields: Vec<syn::Field>) -> syn::Item {
    syn::Item::Struct(syn::ItemStruct {
        attrs,
        vis: public(),
        struct_token: Default::default(),
        ident: name,
        generics: Default::default(),
        fields: syn::Fields::Named(syn::FieldsNamed {
            brace_token: Default::default(),
            named: fields.into_iter().collect(),
        }),
        semi_token: None,
    })
}

fn attribute(meta: syn::Meta) -> syn::Attribute {
    syn::Attribute {
        pound_token: Default::default(),
        style: syn::AttrStyle::Outer,
        bracket_token: Default::default(),
        meta,
    }
}

fn path(name: &str) -> syn::Path {
    super::ident(name).into()
}

fn public() -> syn::Visibility {
    syn::Visibility::Public(Default::default())
}
