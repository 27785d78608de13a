//! Syntax to text. A file's items are built, parsed and printed chunk by
//! chunk, in parallel (token streams cannot cross threads, so each chunk is
//! built on the thread that prints it); chunks keep their order, so the text
//! is the same whatever the thread count.

use proc_macro2::TokenStream;
use rayon::prelude::*;

use super::EmitError;

/// Parses tokens as a file (inner attributes and items) and prints it with
/// prettyplease.
pub fn unparse(tokens: TokenStream) -> Result<String, EmitError> {
    Ok(prettyplease::unparse(&parse_file(tokens)?))
}

/// The items of tokens built with quote.
pub fn parse(tokens: TokenStream) -> Result<Vec<syn::Item>, EmitError> {
    Ok(parse_file(tokens)?.items)
}

fn parse_file(tokens: TokenStream) -> Result<syn::File, EmitError> {
    Ok(syn::parse2(tokens)?)
}

/// `build` for every element, each printed on its own, concatenated in order.
pub fn par_unparse<T: Sync>(
    elements: &[T],
    build: impl Fn(&T) -> Result<Vec<syn::Item>, EmitError> + Sync,
) -> Result<String, EmitError> {
    let parts: Vec<Result<String, EmitError>> = elements.par_iter().map(|e| build(e).map(print)).collect();
    parts.into_iter().collect::<Result<Vec<String>, EmitError>>().map(|parts| parts.concat())
}

/// Prints items with prettyplease.
pub fn print(items: Vec<syn::Item>) -> String {
    prettyplease::unparse(&syn::File { shebang: None, attrs: Vec::new(), items })
}
