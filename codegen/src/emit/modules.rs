//! The module files of `models/` and `requests/`: one per module of the
//! layout (split into parts when one would pass [`MAX_FILE_BYTES`]), and
//! the `mod.rs` that declares them, gated at the `mod` line.

use proc_macro2::TokenStream;
use quote::quote;

use rayon::prelude::*;

use super::docs::{doc_line, doc_text};
use super::format::{print, unparse};
use super::tokens::cfg;
use super::{ident, separate_items, EmitError, GeneratedFile, HEADER};
use crate::layout::{Cfg, Module, ModuleKind};

/// No generated file is larger: editors, reviews and rustc's per-file work
/// stay reasonable. A module past it is split into parts (`intune`,
/// `intune_2`, ...), each gated and re-exported the same way.
pub const MAX_FILE_BYTES: usize = 900_000;

/// How a directory module's items are placed and printed.
pub struct Directory<'a, T, M, R, I> {
    /// `models` or `requests`.
    pub dir: &'a str,
    /// The inner docs of `mod.rs`.
    pub doc: TokenStream,
    pub modules: &'a [Module],
    pub items: &'a [T],
    /// The position in `modules` of an item's module, and when the item is
    /// compiled.
    pub module_of: M,
    /// An item's syntax (built on the thread that prints it).
    pub render: R,
    /// The `use` line for the items of one file.
    pub imports: I,
}

impl<T, M, R, I> Directory<'_, T, M, R, I>
where
    T: Sync,
    M: Fn(&T) -> (usize, Cfg),
    R: Fn(&T) -> Result<Vec<syn::Item>, EmitError> + Sync,
    I: Fn(&[&T]) -> TokenStream,
{
    /// `mod.rs` with a declaration per part, and each part with its module
    /// doc, its `use` line and its items. Items are printed in parallel and
    /// kept in order.
    pub fn files(self) -> Result<Vec<GeneratedFile>, EmitError> {
        let mut by_module: Vec<Vec<&T>> = self.modules.iter().map(|_| Vec::new()).collect();
        for item in self.items {
            by_module[(self.module_of)(item).0].push(item);
        }
        let render = &self.render;
        let printed: Vec<Vec<(&T, String)>> = by_module
            .into_par_iter()
            .map(|items| items.into_par_iter().map(|item| Ok((item, print(render(item)?)))).collect())
            .collect::<Result<_, EmitError>>()?;
        let cfg_of = |item: &T| (self.module_of)(item).1;
        directory(self.dir, self.doc, self.modules.iter().zip(printed), &self.imports, &cfg_of)
    }
}

fn directory<'a, T: 'a>(
    dir: &str,
    doc: TokenStream,
    modules: impl Iterator<Item = (&'a Module, Vec<(&'a T, String)>)>,
    imports: &impl Fn(&[&T]) -> TokenStream,
    cfg_of: &impl Fn(&T) -> Cfg,
) -> Result<Vec<GeneratedFile>, EmitError> {
    let mut files = Vec::new();
    let mut declarations = Vec::new();
    for (module, items) in modules {
        if items.is_empty() {
            continue;
        }
        let parts = split(&items);
        for (n, part) in parts.iter().enumerate() {
            let name = if n == 0 { module.name.clone() } else { format!("{}_{}", module.name, n + 1) };
            // A part of `shared` is gated by its own items, so that it is
            // never compiled empty.
            let gate = match module.kind {
                ModuleKind::Shared | ModuleKind::Resource => {
                    Cfg::union(&part.iter().map(|(item, _)| cfg_of(item)).collect::<Vec<_>>())
                }
                _ => module.cfg.clone(),
            };
            let (name_ident, gate) = (ident(&name), cfg(&gate));
            declarations.push(match &module.kind {
                ModuleKind::Namespace(namespace) => {
                    let doc = doc_line(&format!(" Types of the `{namespace}` namespace."));
                    quote!(#doc pub mod #name_ident;)
                }
                ModuleKind::Resource => {
                    let doc = doc_line(&format!(" Requests on `{}`.", module.name));
                    quote!(#gate #doc pub mod #name_ident;)
                }
                ModuleKind::Area(_) | ModuleKind::Shared => quote! {
                    #gate
                    mod #name_ident;
                    #gate
                    pub use #name_ident::*;
                },
            });
            let own: Vec<&T> = part.iter().map(|(item, _)| *item).collect();
            let module_doc = module_doc(&module.kind);
            let imports = imports(&own);
            let mut text = unparse(quote!(#![doc = #module_doc] #imports))?;
            for (_, item) in part.iter() {
                text.push_str(item);
            }
            let path = format!("src/{dir}/{name}.rs");
            files.push(separate_items(GeneratedFile { path, contents: format!("{HEADER}{text}") }));
        }
    }
    let text = unparse(quote!(#doc #(#declarations)*))?;
    files.push(GeneratedFile { path: format!("src/{dir}/mod.rs"), contents: format!("{HEADER}{text}") });
    Ok(files)
}

fn module_doc(kind: &ModuleKind) -> String {
    match kind {
        ModuleKind::Area(area) => format!(" What only the `{area}` area needs (cargo feature `{area}`)."),
        ModuleKind::Shared => {
            " Types several API areas need; each is compiled when any of them is enabled.".into()
        }
        ModuleKind::Namespace(namespace) => doc_text(&format!(" Types of the `{namespace}` namespace.")),
        ModuleKind::Resource => " Requests on one resource: a type per operation.".into(),
    }
}

/// Consecutive runs of items of at most [`MAX_FILE_BYTES`] each (an item
/// larger than that alone).
fn split<'i, T>(items: &'i [(&'i T, String)]) -> Vec<&'i [(&'i T, String)]> {
    let mut parts = Vec::new();
    let (mut start, mut size) = (0, 0);
    for (i, (_, text)) in items.iter().enumerate() {
        if size + text.len() > MAX_FILE_BYTES && i > start {
            parts.push(&items[start..i]);
            (start, size) = (i, 0);
        }
        size += text.len();
    }
    parts.push(&items[start..]);
    parts
}
