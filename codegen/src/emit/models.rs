//! `models.rs`: one struct per entity or complex type (its base chain
//! flattened into it), one open enum per enum type.

use std::collections::{BTreeMap, HashSet};

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::doc_attrs;
use super::format::{par_unparse, unparse};
use super::ident;
use super::rust_types::TypeSpace;
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
        let items = defs.iter().map(|def| item(space, def));
        let doc = format!(" Types of the `{}` namespace.", defs[0].namespace.as_deref().unwrap_or_default());
        text.push_str(&unparse(quote! {
            #[doc = #doc]
            pub mod #ident {
                #imports
                #(#items)*
            }
        })?);
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
fn item(space: &TypeSpace<'_>, def: &TypeDef) -> TokenStream {
    match def.kind {
        TypeKind::Enum => enum_item(space, def),
        TypeKind::Entity | TypeKind::Complex => {
            let any = super::polymorphic::any_enum(space, def);
            let item = struct_item(space, def);
            quote!(#item #any)
        }
    }
}

fn struct_item(space: &TypeSpace<'_>, def: &TypeDef) -> TokenStream {
    let qualified = def.qualified();
    let type_ident = space.ident(&qualified);
    let mut taken: HashSet<String> = HashSet::from(["additional_properties".to_owned()]);
    let lineage = space.api.lineage(&qualified);
    let fields = lineage.iter().flat_map(|owner| owner.properties.iter().map(move |p| (*owner, p))).map(
        |(owner, property)| {
            let name = naming::unique(naming::snake(&property.name), &mut taken);
            let field = ident(&name);
            let wire = &property.name;
            let value = space.property_type(&qualified, property);
            let cfg = space.features.cfg_within(&qualified, &property.qualified_type());
            let mut doc = property.description.clone();
            if !std::ptr::eq(owner, def) {
                doc = format!("{doc}\n\nDeclared by `{}`.", owner.name).trim().to_owned();
            }
            let docs = doc_attrs(&doc);
            quote! {
                #docs
                #cfg
                #[serde(rename = #wire, skip_serializing_if = "Field::is_absent")]
                pub #field: Field<#value>,
            }
        },
    );
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
    let docs = doc_attrs(format!("{}\n\n{summary}", def.description).trim());
    let cfg = space.features.type_cfg(&qualified);
    quote! {
        #docs
        #cfg
        #[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
        #[serde(default)]
        #[non_exhaustive]
        pub struct #type_ident {
            #(#fields)*
            /// Members the docs do not list, and `@odata` annotations: kept so
            /// that decoding and re-encoding loses nothing.
            #[serde(flatten)]
            pub additional_properties: JsonObject,
        }
    }
}

fn enum_item(space: &TypeSpace<'_>, def: &TypeDef) -> TokenStream {
    let type_ident = space.ident(&def.qualified());
    let mut taken: HashSet<String> = HashSet::from(["Undocumented".to_owned()]);
    let variants: Vec<(syn::Ident, &String)> = def
        .members
        .iter()
        .map(|member| (ident(&naming::unique(naming::pascal(member), &mut taken)), member))
        .collect();
    let declarations = variants.iter().map(|(variant, wire)| {
        let doc = format!(" `{wire}`");
        quote!(#[doc = #doc] #variant,)
    });
    let members = variants.iter().map(|(variant, wire)| quote!((Self::#variant, #wire),));
    let docs = doc_attrs(&format!("Enum `{}` (`{}`).", def.qualified(), def.source));
    let cfg = space.features.type_cfg(&def.qualified());
    quote! {
        #docs
        #cfg
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #type_ident {
            #(#declarations)*
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
                match self {
                    Self::Undocumented(value) => Some(value),
                    _ => None,
                }
            }
        }

        #cfg
        crate::support::wire_enum!(#type_ident);
    }
}
