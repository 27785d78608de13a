//! emit renders `codegen::layout`; the semver verdict reads the same
//! layout through `codegen::layout::surface`. These tests parse the code emit really
//! writes and require it to hold exactly the items, types and signatures
//! the layout lists, on the project's docs, the tricky fixture and the
//! whole corpus: nothing of the layout is dropped or changed on the way.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use codegen::diagnostics::Diagnostics;
use codegen::emit::Settings;
use codegen::layout::surface::Surface;
use codegen::model::Api;
use quote::ToTokens;

/// Type text without spaces, `crate::` or the trailing commas prettyplease
/// puts in wrapped lines, as both sides are compared.
fn normalize(text: &str) -> String {
    text.split_whitespace().collect::<String>().replace("crate::", "").replace(",>", ">").replace(",)", ")")
}

fn tokens(node: &impl ToTokens) -> String {
    normalize(&node.to_token_stream().to_string())
}

/// Public items of generated code, keyed like `Surface::items`. `file`
/// reads a module file below `dir`: a private module (an area's, re-exported
/// with a glob) adds its items under `prefix`, a public one under its name.
fn scan(
    dir: &str,
    prefix: &str,
    items: &[syn::Item],
    file: &dyn Fn(&str) -> String,
    out: &mut BTreeMap<String, String>,
) {
    for item in items {
        match item {
            syn::Item::Struct(s) => {
                let key = format!("{prefix}::{}", s.ident);
                out.insert(key.clone(), "struct".into());
                for field in &s.fields {
                    let Some(name) = &field.ident else { continue };
                    if name != "additional_properties" {
                        out.insert(format!("{key}.{name}"), tokens(&field.ty));
                    }
                }
            }
            syn::Item::Enum(e) => {
                let key = format!("{prefix}::{}", e.ident);
                out.insert(key.clone(), "enum".into());
                for variant in e.variants.iter().filter(|v| v.ident != "Undocumented") {
                    let payload = match &variant.fields {
                        syn::Fields::Unit => String::new(),
                        fields => tokens(fields),
                    };
                    out.insert(format!("{key}::{}", variant.ident), payload);
                }
            }
            syn::Item::Mod(m) => {
                let public = matches!(m.vis, syn::Visibility::Public(_));
                let inner = if public { format!("{prefix}::{}", m.ident) } else { prefix.to_owned() };
                match &m.content {
                    Some((_, items)) => scan(dir, &inner, items, file, out),
                    None => {
                        let parsed = syn::parse_file(&file(&format!("{dir}/{}.rs", m.ident))).unwrap();
                        scan(dir, &inner, &parsed.items, file, out);
                    }
                }
            }
            syn::Item::Impl(i) if i.trait_.is_none() => {
                let self_ty = tokens(&i.self_ty);
                for member in &i.items {
                    // Private helpers (a large struct's split impls) are not API.
                    let syn::ImplItem::Fn(f) = member else { continue };
                    if !matches!(f.vis, syn::Visibility::Public(_)) {
                        continue;
                    }
                    let inputs: Vec<String> = f
                        .sig
                        .inputs
                        .iter()
                        .map(|arg| match arg {
                            syn::FnArg::Typed(typed) => tokens(&typed.ty),
                            syn::FnArg::Receiver(r) if r.reference.is_some() => "&self".into(),
                            syn::FnArg::Receiver(_) => "self".into(),
                        })
                        .collect();
                    let output = match &f.sig.output {
                        syn::ReturnType::Default => String::new(),
                        syn::ReturnType::Type(_, ty) => tokens(ty),
                    };
                    let signature = format!("fn({})->{output}", inputs.join(","));
                    out.insert(format!("{prefix}::{self_ty}::{}", f.sig.ident), signature);
                }
            }
            _ => {}
        }
    }
}

/// Generates from `docs` and compares the emitted API with the surface of
/// the IR (read back from the crate's own `api.json`).
fn assert_surface_matches(docs: &Path) {
    let mut diagnostics = Diagnostics::default();
    let sources = codegen::source::read_docs(docs, &mut diagnostics).unwrap();
    let generation = codegen::generate(&sources, &Settings::default(), diagnostics);
    assert!(!generation.files.is_empty(), "{}: nothing generated", docs.display());
    let file = |path: &str| {
        let found = generation.files.iter().find(|f| f.path == path);
        found.unwrap_or_else(|| panic!("no {path}")).contents.clone()
    };
    let mut emitted = BTreeMap::new();
    for prefix in ["models", "requests"] {
        let dir = format!("src/{prefix}");
        let parsed = syn::parse_file(&file(&format!("{dir}/mod.rs"))).unwrap();
        scan(&dir, prefix, &parsed.items, &file, &mut emitted);
    }
    let model = Api::from_json(&file("api.json")).unwrap();
    let derived: BTreeMap<String, String> =
        Surface::of(&model).items.into_iter().map(|(key, item)| (key, normalize(&item.signature))).collect();
    // Setters follow their fields (the surface lists the fields): the
    // layout's `Field::setter` names each; every one is emitted, with the
    // setter of unlisted members, and no other `with_` function is.
    let layout = codegen::layout::Layout::new(&model);
    for model in &layout.models {
        let codegen::layout::ModelKind::Struct(structure) = &model.kind else { continue };
        let member_setter = format!("{}::{}", model.path, codegen::layout::Struct::MEMBER_SETTER);
        assert!(emitted.remove(&member_setter).is_some(), "{}: no {member_setter}", docs.display());
        for field in &structure.fields {
            let key = format!("{}::{}", model.path, field.setter());
            assert!(emitted.remove(&key).is_some(), "{}: no setter {key}", docs.display());
        }
    }
    let stray = emitted.keys().find(|k| k.rsplit("::").next().is_some_and(|f| f.starts_with("with_")));
    assert!(stray.is_none(), "{}: {stray:?} sets no field of the layout", docs.display());
    let only_emitted: Vec<_> = emitted.iter().filter(|(k, v)| derived.get(*k) != Some(v)).take(10).collect();
    let only_derived: Vec<_> = derived.iter().filter(|(k, v)| emitted.get(*k) != Some(v)).take(10).collect();
    assert!(
        only_emitted.is_empty() && only_derived.is_empty(),
        "{}: the surface differs from the emitted code\nemitted only: {only_emitted:#?}\nderived only: {only_derived:#?}",
        docs.display()
    );
    assert!(emitted.len() > 10, "{}: too few items to mean anything", docs.display());
}

#[test]
fn surface_matches_the_code_for_docs_input() {
    assert_surface_matches(&common::root().join("docs-input"));
}

#[test]
fn surface_matches_the_code_for_the_tricky_fixture() {
    assert_surface_matches(&common::root().join("codegen/tests/fixtures/tricky"));
}

#[test]
fn surface_matches_the_code_for_the_v1_corpus() {
    let Some(docs) = common::corpus("v1.0") else { return };
    assert_surface_matches(&docs);
}

#[test]
fn surface_matches_the_code_for_the_beta_corpus() {
    let Some(docs) = common::corpus("beta") else { return };
    assert_surface_matches(&docs);
}
