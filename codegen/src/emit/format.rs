//! Syntax to text. A file's items are built, parsed and printed chunk by
//! chunk, in parallel (token streams cannot cross threads, so each chunk is
//! built on the thread that prints it); chunks keep their order, so the text
//! is the same whatever the thread count.

use proc_macro2::TokenStream;
use rayon::prelude::*;

/// Parses tokens as a file (inner attributes and items) and prints it with
/// prettyplease.
pub fn unparse(tokens: TokenStream) -> Result<String, String> {
    Ok(prettyplease::unparse(&parse_file(tokens)?))
}

/// The items of tokens built with quote.
pub fn parse(tokens: TokenStream) -> Result<Vec<syn::Item>, String> {
    Ok(parse_file(tokens)?.items)
}

fn parse_file(tokens: TokenStream) -> Result<syn::File, String> {
    syn::parse2(tokens).map_err(|e| format!("generated tokens do not parse: {e}"))
}

/// `build` for every element, each printed on its own, concatenated in order.
pub fn par_unparse<T: Sync>(
    elements: &[T],
    build: impl Fn(&T) -> Result<Vec<syn::Item>, String> + Sync,
) -> Result<String, String> {
    let parts: Vec<Result<String, String>> = elements.par_iter().map(|e| build(e).map(print)).collect();
    parts.into_iter().collect::<Result<Vec<String>, String>>().map(|parts| parts.concat())
}

/// Prints items with prettyplease.
pub fn print(items: Vec<syn::Item>) -> String {
    prettyplease::unparse(&syn::File { shebang: None, attrs: Vec::new(), items })
}
