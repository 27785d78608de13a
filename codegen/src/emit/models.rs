//! `models.rs`: one struct per entity or complex type (its base chain
//! flattened into it), one open enum per enum type.

use std::collections::{BTreeMap, HashSet};

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::doc_attributes;
use super::format::{par_unparse, parse, print, unparse};
use super::ident;
use super::rust_types::TypeSpace;
use super::syntax::{
    doc_attribute, field_value, list_attribute, method_call, path_attribute, public_field, public_struct,
    self_field_ref, string, try_statement,
};
use crate::model::{TypeDef, TypeKind};
use crate::naming;

pub fn models(space: &TypeSpace<'_>) -> Result<String, String> {
    let mut modules: BTreeMap<String, Vec<&TypeDef>> = BTreeMap::new();
    for def in &space.api.types {
        modules.entry(def.module()).or_default().push(def);
    }
    let root = modules.remove("").unwrap_or_default();
    let mut text = unparse(quote! {
        //! Model types: one per resource, complex and enum type of the docs.
    })?;
    text.push_str(&unparse(imports(&root))?);
    text.push_str(&par_unparse(&root, |def| item(space, def))?);
    for (module, defs) in &modules {
        let ident = ident(module);
        let imports = imports(defs);
        let doc = format!(" Types of the `{}` namespace.", defs[0].namespace.as_deref().unwrap_or_default());
        let mut items = parse(quote! {
            #[doc = #doc]
            pub mod #ident {
                #imports
            }
        })?;
        if let Some(syn::Item::Mod(syn::ItemMod { content: Some((_, module_items)), .. })) = items.first_mut()
        {
            for def in defs {
                module_items.extend(item(space, def)?);
            }
        }
        text.push_str(&print(items));
    }
    Ok(text)
}

/// The support items a module's types use.
fn imports(defs: &[&TypeDef]) -> TokenStream {
    let has_enums = defs.iter().any(|t| t.kind == TypeKind::Enum);
    let has_structs = defs.iter().any(|t| t.kind != TypeKind::Enum);
    let mut imports = Vec::new();
    if has_structs {
        imports.extend([quote!(Field), quote!(JsonObject)]);
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
fn item(space: &TypeSpace<'_>, def: &TypeDef) -> Result<Vec<syn::Item>, String> {
    match def.kind {
        TypeKind::Enum => enum_item(space, def),
        TypeKind::Entity | TypeKind::Complex => {
            let mut items = struct_items(space, def)?;
            if let Some(any) = super::polymorphic::any_enum(space, def) {
                items.extend(parse(any)?);
            }
            Ok(items)
        }
    }
}

/// The struct and its serde impls: one `put` and one `take` per field, by
/// wire name (`support::ObjectWriter`, `support::ObjectReader`).
fn struct_items(space: &TypeSpace<'_>, def: &TypeDef) -> Result<Vec<syn::Item>, String> {
    let qualified = def.qualified();
    let mut taken: HashSet<String> = HashSet::from(["additional_properties".to_owned()]);
    let lineage = space.api.lineage(&qualified);
    let mut fields = Vec::new();
    let (mut puts, mut takes) = (Vec::new(), Vec::new());
    for (owner, property) in
        lineage.iter().flat_map(|owner| owner.properties.iter().map(move |p| (*owner, p)))
    {
        let name = naming::unique(naming::snake(&property.name), &mut taken);
        let wire = &property.name;
        let value = space.property_type(&qualified, property);
        let mut doc = property.description.clone();
        if !std::ptr::eq(owner, def) {
            doc = format!("{doc}\n\nDeclared by `{}`.", owner.name).trim().to_owned();
        }
        let mut attrs = doc_attributes(&doc);
        let cfg = space.features.cfg_within(&qualified, &property.qualified_type());
        attrs.extend(cfg.clone());
        let ty = syn::parse2(quote!(Field<#value>)).map_err(|e| format!("field type of {qualified}: {e}"))?;
        let field = ident(&name);
        // `object.put("wire", &self.field)?;` and `field: object.take("wire")`
        puts.push(try_statement(
            cfg.clone().into_iter().collect(),
            method_call("object", "put", vec![string(wire), self_field_ref(field.clone())]),
        ));
        takes.push(field_value(
            cfg.into_iter().collect(),
            field.clone(),
            method_call("object", "take", vec![string(wire)]),
        ));
        fields.push(public_field(attrs, field, ty));
    }
    let catch_all = doc_attributes(
        "Members the docs do not list, and `@odata` annotations: kept so\nthat decoding and re-encoding loses nothing.",
    );
    let json_object = syn::parse2(quote!(JsonObject)).map_err(|e| e.to_string())?;
    fields.push(public_field(catch_all, ident("additional_properties"), json_object));

    let kind = match def.kind {
        TypeKind::Entity => "Entity type",
        _ => "Complex type",
    };
    let mut summary = format!("{kind} `{qualified}`");
    if let Some(base) = &def.base {
        summary.push_str(&format!(", derived from `{base}`"));
    }
    summary.push_str(&format!(" (`{}`).", def.source));
    if def.opaque {
        summary.push_str(" No page defines its properties: every member is kept in `additional_properties`.");
    }
    let mut attrs = doc_attributes(format!("{}\n\n{summary}", def.description).trim());
    let cfg = space.features.type_cfg(&qualified);
    attrs.extend(cfg.clone());
    attrs.push(list_attribute("derive", quote!(Clone, Debug, Default, PartialEq)));
    attrs.push(path_attribute("non_exhaustive"));
    let type_ident = space.ident(&qualified).unwrap_or_else(|| ident("Unnamed"));
    let mut items = vec![public_struct(attrs, type_ident.clone(), fields)];
    items.extend(serde_impls(&qualified, &type_ident, cfg, puts, takes)?);
    Ok(items)
}

/// `Serialize` writing the `puts` then `additional_properties`;
/// `Deserialize` building the struct from the `takes`, the rest going to
/// `additional_properties`. The impls are parsed without their fields,
/// which are inserted as built nodes (see `syntax`).
fn serde_impls(
    qualified: &str,
    type_ident: &syn::Ident,
    cfg: Option<syn::Attribute>,
    puts: Vec<syn::Stmt>,
    takes: Vec<syn::FieldValue>,
) -> Result<Vec<syn::Item>, String> {
    let mut impls = parse(quote! {
        #cfg
        impl serde::Serialize for #type_ident {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let object = &mut crate::support::ObjectWriter::new(serializer)?;
                object.end(&self.additional_properties)
            }
        }

        #cfg
        impl<'de> serde::Deserialize<'de> for #type_ident {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let object = &mut crate::support::ObjectReader::new(deserializer)?;
                Ok(Self { additional_properties: object.rest() })
            }
        }
    })?;
    let [syn::Item::Impl(serialize), syn::Item::Impl(deserialize)] = impls.as_mut_slice() else {
        return Err(format!("the serde impls of {qualified} did not parse as two impls"));
    };
    if let Some(syn::ImplItem::Fn(function)) = serialize.items.first_mut() {
        function.block.stmts.splice(1..1, puts);
    }
    if let Some(syn::ImplItem::Fn(function)) = deserialize.items.first_mut() {
        if let Some(syn::Stmt::Expr(syn::Expr::Call(ok), _)) = function.block.stmts.get_mut(1) {
            if let Some(syn::Expr::Struct(value)) = ok.args.first_mut() {
                let rest = std::mem::take(&mut value.fields);
                value.fields = takes.into_iter().chain(rest).collect();
            }
        }
    }
    Ok(impls)
}

fn enum_item(space: &TypeSpace<'_>, def: &TypeDef) -> Result<Vec<syn::Item>, String> {
    let type_ident = space.ident(&def.qualified());
    let mut taken: HashSet<String> = HashSet::from(["Undocumented".to_owned()]);
    let variants: Vec<(syn::Ident, &String)> = def
        .members
        .iter()
        .map(|member| (ident(&naming::unique(naming::pascal(member), &mut taken)), member))
        .collect();
    let declarations = variants.iter().map(|(variant, _)| variant);
    let members = variants.iter().map(|(variant, wire)| quote!((Self::#variant, #wire),));
    let cfg = space.features.type_cfg(&def.qualified());
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
            #(#declarations,)*
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
    if let Some(syn::Item::Enum(item)) = items.first_mut() {
        item.attrs.splice(0..0, doc_attributes(&format!("Enum `{}` (`{}`).", def.qualified(), def.source)));
        for (variant, (_, wire)) in item.variants.iter_mut().zip(&variants) {
            variant.attrs.insert(0, doc_attribute(&format!(" `{wire}`")));
        }
    }
    Ok(items)
}
