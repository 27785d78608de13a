//! Tokens to text. A file's items are built, parsed and printed chunk by
//! chunk, in parallel (token streams cannot cross threads, so each chunk is
//! built on the thread that prints it); chunks keep their order, so the text
//! is the same whatever the thread count.

use proc_macro2::TokenStream;
use rayon::prelude::*;

/// Parses tokens as a file and prints it with prettyplease.
pub fn unparse(tokens: TokenStream) -> Result<String, String> {
    let file: syn::File = syn::parse2(tokens).map_err(|e| format!("generated tokens do not parse: {e}"))?;
    Ok(prettyplease::unparse(&file))
}

/// `build` for every item, each printed on its own, concatenated in order.
pub fn par_unparse<T: Sync>(items: &[T], build: impl Fn(&T) -> TokenStream + Sync) -> Result<String, String> {
    let parts: Vec<Result<String, String>> = items.par_iter().map(|item| unparse(build(item))).collect();
    parts.into_iter().collect::<Result<Vec<String>, String>>().map(|parts| parts.concat())
}
