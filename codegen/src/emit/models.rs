//! `models/`: one struct per entity or complex type (its base chain
//! flattened into it), one open enum per enum type.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{doc_attributes, doc_line};
use super::format::parse;
use super::modules::Directory;
use super::split::{split, Split, SplitField};
use super::syntax::{
    list_attribute, method_call, path_attribute, public_field, public_struct, read_arm, self_field_ref,
    string, try_statement,
};
use super::tokens::{cfg, feature_docs, rust_type};
use super::{ident, EmitError, GeneratedFile, Input};
use crate::layout::{Enum, Field, Model, ModelKind, SetterInput, Struct};
use crate::model::{TypeDef, TypeKind};

/// `src/models/`: a file per module of the layout and the `mod.rs` that
/// declares them.
pub fn files(input: &Input<'_>) -> Result<Vec<GeneratedFile>, EmitError> {
    let doc = quote! {
        //! Model types: one per resource, complex and enum type of the docs.
        //! Each is defined in the module of the API area that needs it,
        //! compiled with that area's cargo feature, or in `shared` when
        //! several areas need it, and re-exported here.
    };
    Directory {
        dir: "models",
        doc,
        modules: &input.layout.model_modules,
        items: &input.layout.models,
        module_of: |model: &Model| (model.module, model.cfg.clone()),
        render: |model: &Model| item(input, model),
        imports: |models: &[&Model]| imports(input, models),
    }
    .files()
}

/// The support items a module's types use.
fn imports(input: &Input<'_>, models: &[&Model]) -> TokenStream {
    let defs: Vec<&TypeDef> = models.iter().map(|m| input.api.get(m.id)).collect();
    let has_enums = defs.iter().any(|t| t.kind == TypeKind::Enum);
    let has_structs = defs.iter().any(|t| t.kind != TypeKind::Enum);
    let mut imports = Vec::new();
    if has_structs {
        imports.extend([quote!(read_field), quote!(Field), quote!(JsonObject)]);
    }
    if has_enums {
        imports.push(quote!(WireEnum));
    }
    if imports.is_empty() {
        return quote!();
    }
    // With some features off, a module may compile none of its types.
    quote!(#[allow(unused_imports)] use crate::support::{#(#imports),*};)
}

/// A type's items: the struct (with its `Any…` enum) or the enum.
fn item(input: &Input<'_>, model: &Model) -> Result<Vec<syn::Item>, EmitError> {
    match &model.kind {
        ModelKind::Enum(open) => enum_item(input, model, open),
        ModelKind::Struct(structure) => {
            let mut items = struct_items(input, model, structure)?;
            if let Some(any) = &structure.any {
                items.extend(parse(super::polymorphic::any_enum(input, model, &structure.fields, any))?);
            }
            Ok(items)
        }
    }
}

/// The struct and its serde impls: one `put` per field, by wire name
/// (`support::ObjectWriter`), and one arm of `read_member` per member
/// (`support::Object`).
fn struct_items(input: &Input<'_>, model: &Model, structure: &Struct) -> Result<Vec<syn::Item>, EmitError> {
    let api = input.api;
    let def = api.get(model.id);
    let mut fields = Vec::new();
    let mut puts = Vec::new();
    let members = Members::of(structure);
    let mut arms = Vec::new();
    let mut split_fields = Vec::new();
    let mut setters = Vec::new();
    for (position, field) in structure.fields.iter().enumerate() {
        let mut doc = field.description.clone();
        if field.declared_by != model.id {
            doc = format!("{doc}\n\nDeclared by `{}`.", api.get(field.declared_by).name).trim().to_owned();
        }
        let mut attrs = doc_attributes(&doc);
        let cfg = cfg(&field.cfg);
        attrs.extend(cfg.clone());
        let value = rust_type(&field.ty);
        let ty = syn::parse2(quote!(Field<#value>))?;
        let name = ident(&field.name);
        let wire = &field.wire;
        // `object.put("wire", &self.field)?;` and `index => read_field(&mut self.field, map),`
        puts.push(try_statement(
            cfg.clone().into_iter().collect(),
            method_call("object", "put", vec![string(wire), self_field_ref(name.clone())]),
        ));
        if let Some(index) = members.index_of(position) {
            arms.push((
                index,
                read_arm(cfg.clone().into_iter().collect(), index, "read_field", name.clone()),
            ));
        }
        setters.push(setter(field, cfg.clone()));
        split_fields.push(SplitField { name: name.clone(), cfg });
        fields.push(public_field(attrs, name, ty));
    }
    arms.sort_by_key(|(index, _)| *index);
    let catch_all = doc_attributes(
        "Members the docs do not list, and `@odata` annotations: kept so\nthat decoding and re-encoding loses nothing.",
    );
    fields.push(public_field(catch_all, ident("additional_properties"), syn::parse2(quote!(JsonObject))?));

    let kind = match def.kind {
        TypeKind::Entity => "Entity type",
        _ => "Complex type",
    };
    let qualified = def.qualified();
    let mut summary = format!("{kind} `{qualified}`");
    if let Some(base) = &def.base {
        summary.push_str(&format!(", derived from `{}`", base.name));
    }
    summary.push_str(&format!(" (`{}`).", def.source));
    if def.opaque {
        summary.push_str(" No page defines its properties: every member is kept in `additional_properties`.");
    }
    let mut attrs = doc_attributes(format!("{}\n\n{summary}", def.description).trim());
    attrs.extend(feature_docs(&model.cfg));
    let cfg = cfg(&input.layout.model_cfg(model));
    attrs.extend(cfg.clone());
    let type_ident = ident(&model.path.name);
    let (derives, puts, arms, split_items) = if structure.is_large() {
        let Split { puts, arms, items } = split(&type_ident, &cfg, &split_fields, puts, arms)?;
        (quote!(Clone, Default), puts, arms, items)
    } else {
        let arms = arms.into_iter().map(|(_, arm)| arm).collect();
        (quote!(Clone, Debug, Default, PartialEq), puts, arms, Vec::new())
    };
    attrs.push(list_attribute("derive", derives));
    attrs.push(path_attribute("non_exhaustive"));
    let mut items = vec![public_struct(attrs, type_ident.clone(), fields)];
    items.extend(serde_impls(&qualified, &type_ident, cfg.clone(), puts, members.sorted, arms)?);
    items.extend(split_items);
    let member_setter = ident(Struct::MEMBER_SETTER);
    items.extend(parse(quote! {
        /// Chainable setters: one per property, and one for members the docs
        /// do not list (see [Building values](crate#building-values)).
        #cfg
        impl #type_ident {
            #(#[must_use] #setters)*
            /// Sets a member the docs do not list, such as an instance
            /// annotation (`@microsoft.graph.conflictBehavior`).
            #[must_use]
            pub fn #member_setter(mut self, name: impl Into<String>, value: impl Into<serde_json::Value>) -> Self {
                self.additional_properties.insert(name.into(), value.into());
                self
            }
        }
    })?);
    Ok(items)
}

/// `with_name(value)`, chainable, taking what the layout says.
fn setter(field: &Field, cfg: Option<syn::Attribute>) -> TokenStream {
    let (name, setter) = (ident(&field.name), ident(&field.setter()));
    let (parameter, value) = match field.setter_input() {
        SetterInput::Each(item) => {
            let item = rust_type(item);
            (
                quote!(impl IntoIterator<Item = impl Into<#item>>),
                quote!(value.into_iter().map(Into::into).collect()),
            )
        }
        SetterInput::Boxed(item) => {
            let item = rust_type(item);
            (quote!(impl Into<#item>), quote!(Box::new(value.into())))
        }
        SetterInput::Value(ty) => {
            let ty = rust_type(ty);
            (quote!(impl Into<#ty>), quote!(value.into()))
        }
        SetterInput::Field(ty) => {
            let ty = rust_type(ty);
            return quote! {
                #cfg
                pub fn #setter(mut self, value: impl Into<Field<#ty>>) -> Self {
                    self.#name = value.into();
                    self
                }
            };
        }
    };
    quote! {
        #cfg
        pub fn #setter(mut self, value: #parameter) -> Self {
            self.#name = Field::Value(#value);
            self
        }
    }
}

/// A struct's members as the decoder looks them up: wire names sorted
/// (`Object::MEMBERS`, searched by bisection), each field's index among
/// them. A wire name that two fields share is read into the first.
struct Members<'a> {
    sorted: Vec<&'a str>,
    index_of_field: Vec<Option<usize>>,
}

impl<'a> Members<'a> {
    fn of(structure: &'a Struct) -> Self {
        let mut sorted: Vec<&str> = structure.fields.iter().map(|f| f.wire.as_str()).collect();
        sorted.sort_unstable();
        sorted.dedup();
        let mut claimed = vec![false; sorted.len()];
        let index_of_field = structure
            .fields
            .iter()
            .map(|field| {
                let index = sorted.binary_search(&field.wire.as_str()).ok()?;
                (!std::mem::replace(&mut claimed[index], true)).then_some(index)
            })
            .collect();
        Members { sorted, index_of_field }
    }

    fn index_of(&self, field: usize) -> Option<usize> {
        self.index_of_field[field]
    }
}

/// `Serialize` writing the `puts` then `additional_properties`;
/// `support::Object` reading each member by its index in `members` (the
/// `arms`), the rest going to `additional_properties`; `Deserialize` and
/// `Decode` from `support::object!`. The impls are parsed without their
/// fields, which are inserted as built nodes (see `syntax`); a template of
/// another shape is an error, never a silent drop.
fn serde_impls(
    qualified: &str,
    type_ident: &syn::Ident,
    cfg: Option<syn::Attribute>,
    puts: Vec<syn::Stmt>,
    members: Vec<&str>,
    arms: Vec<syn::Arm>,
) -> Result<Vec<syn::Item>, EmitError> {
    // A build may compile none of the fields.
    let fallback = if arms.iter().all(|arm| !arm.attrs.is_empty()) {
        quote!(_ => {
            let _ = map;
            Ok(false)
        })
    } else {
        quote!(_ => Ok(false))
    };
    let mut impls = parse(quote! {
        #cfg
        impl serde::Serialize for #type_ident {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let rest = &self.additional_properties;
                let object = &mut crate::support::ObjectWriter::typed(serializer, rest)?;
                object.end(rest)
            }
        }

        #cfg
        impl crate::support::Object for #type_ident {
            const MEMBERS: &'static [&'static str] = &[];

            fn read_member<'de, A: serde::de::MapAccess<'de>>(
                &mut self,
                index: usize,
                map: &mut A,
            ) -> Result<bool, A::Error> {
                match index {
                    #fallback
                }
            }

            fn additional_properties(&mut self) -> &mut JsonObject {
                &mut self.additional_properties
            }
        }

        #cfg
        crate::support::object!(#type_ident);
    })?;
    let shape = |expected| EmitError::Template { item: format!("serde impls of {qualified}"), expected };
    let [syn::Item::Impl(serialize), syn::Item::Impl(object), _] = impls.as_mut_slice() else {
        return Err(shape("two impls and a macro call"));
    };
    let Some(syn::ImplItem::Fn(function)) = serialize.items.first_mut() else {
        return Err(shape("a `serialize` fn"));
    };
    function.block.stmts.splice(2..2, puts);
    if members.is_empty() {
        // The trait's defaults: no members, every one kept raw.
        object.items.drain(..2);
        return Ok(impls);
    }
    let [syn::ImplItem::Const(table), syn::ImplItem::Fn(read), _] = object.items.as_mut_slice() else {
        return Err(shape("`MEMBERS`, `read_member` and `additional_properties`"));
    };
    let syn::Expr::Reference(syn::ExprReference { expr: array, .. }) = &mut table.expr else {
        return Err(shape("`MEMBERS = &[]`"));
    };
    let syn::Expr::Array(array) = array.as_mut() else {
        return Err(shape("`MEMBERS = &[]`"));
    };
    array.elems = members.into_iter().map(string).collect();
    let Some(syn::Stmt::Expr(syn::Expr::Match(matching), None)) = read.block.stmts.first_mut() else {
        return Err(shape("a `match` in `read_member`"));
    };
    matching.arms.splice(0..0, arms);
    Ok(impls)
}

fn enum_item(input: &Input<'_>, model: &Model, open: &Enum) -> Result<Vec<syn::Item>, EmitError> {
    let def = input.api.get(model.id);
    let type_ident = ident(&model.path.name);
    let variants: Vec<syn::Ident> = open.variants.iter().map(|v| ident(&v.name)).collect();
    let members = open.variants.iter().zip(&variants).map(|(v, variant)| {
        let wire = &v.wire;
        quote!((Self::#variant, #wire),)
    });
    let cfg = cfg(&input.layout.model_cfg(model));
    // An enum without members has only the catch-all variant.
    let as_undocumented = if variants.is_empty() {
        quote!(let Self::Undocumented(value) = self; Some(value))
    } else {
        quote!(match self {
            Self::Undocumented(value) => Some(value),
            _ => None,
        })
    };
    let mut items = parse(quote! {
        #cfg
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #type_ident {
            #(#variants,)*
            /// A value the docs do not list, kept verbatim.
            Undocumented(String),
        }

        #cfg
        impl WireEnum for #type_ident {
            const MEMBERS: &'static [(Self, &'static str)] = &[#(#members)*];

            fn undocumented(value: String) -> Self {
                Self::Undocumented(value)
            }

            fn as_undocumented(&self) -> Option<&str> {
                #as_undocumented
            }
        }

        #cfg
        crate::support::wire_enum!(#type_ident);
    })?;
    // Doc comments are attached as built attributes (see `requests`).
    let Some(syn::Item::Enum(item)) = items.first_mut() else {
        return Err(EmitError::Template {
            item: format!("enum {}", def.qualified()),
            expected: "an enum first",
        });
    };
    let mut docs = doc_attributes(&format!("Enum `{}` (`{}`).", def.qualified(), def.source));
    docs.extend(feature_docs(&model.cfg));
    item.attrs.splice(0..0, docs);
    for (variant, declared) in item.variants.iter_mut().zip(&open.variants) {
        variant.attrs.insert(0, doc_line(&format!(" `{}`", declared.wire)));
    }
    Ok(items)
}
