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

/// `receiver.method(args)`.
pub fn method_call(receiver: &str, method: &str, args: Vec<syn::Expr>) -> syn::Expr {
    syn::Expr::MethodCall(syn::ExprMethodCall {
        attrs: Vec::new(),
        receiver: Box::new(path_expr(receiver)),
        dot_token: Default::default(),
        method: super::ident(method),
        turbofish: None,
        paren_token: Default::default(),
        args: args.into_iter().collect(),
    })
}

/// A string literal.
pub fn string(text: &str) -> syn::Expr {
    syn::Expr::Lit(syn::ExprLit {
        attrs: Vec::new(),
        lit: syn::Lit::Str(syn::LitStr::new(text, Span::call_site())),
    })
}

/// `&self.field`.
pub fn self_field_ref(field: syn::Ident) -> syn::Expr {
    reference(self_field(field), None)
}

/// `attrs index => function(&mut self.field, map),`: an arm of a `match`
/// on a member's index.
pub fn read_arm(attrs: Vec<syn::Attribute>, index: usize, function: &str, field: syn::Ident) -> syn::Arm {
    let call = syn::Expr::Call(syn::ExprCall {
        attrs: Vec::new(),
        func: Box::new(path_expr(function)),
        paren_token: Default::default(),
        args: [reference(self_field(field), Some(Default::default())), path_expr("map")]
            .into_iter()
            .collect(),
    });
    syn::Arm {
        attrs,
        pat: syn::Pat::Lit(syn::ExprLit {
            attrs: Vec::new(),
            lit: syn::Lit::Int(syn::LitInt::new(&index.to_string(), Span::call_site())),
        }),
        guard: None,
        fat_arrow_token: Default::default(),
        body: Box::new(call),
        comma: Some(Default::default()),
    }
}

fn reference(expr: syn::Expr, mutability: Option<syn::Token![mut]>) -> syn::Expr {
    syn::Expr::Reference(syn::ExprReference {
        attrs: Vec::new(),
        and_token: Default::default(),
        mutability,
        expr: Box::new(expr),
    })
}

/// `self.field`.
fn self_field(field: syn::Ident) -> syn::Expr {
    syn::Expr::Field(syn::ExprField {
        attrs: Vec::new(),
        base: Box::new(syn::Expr::Path(syn::ExprPath {
            attrs: Vec::new(),
            qself: None,
            path: syn::Ident::from(<syn::Token![self]>::default()).into(),
        })),
        dot_token: Default::default(),
        member: syn::Member::Named(field),
    })
}

/// `attrs expr?;`
pub fn try_statement(attrs: Vec<syn::Attribute>, expr: syn::Expr) -> syn::Stmt {
    let expr =
        syn::Expr::Try(syn::ExprTry { attrs, expr: Box::new(expr), question_token: Default::default() });
    syn::Stmt::Expr(expr, Some(Default::default()))
}

fn path_expr(name: &str) -> syn::Expr {
    syn::Expr::Path(syn::ExprPath { attrs: Vec::new(), qself: None, path: path(name) })
}
