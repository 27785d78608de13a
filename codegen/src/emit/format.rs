//! Syntax to text. Items are built, parsed and printed one by one, in
//! parallel by the callers (token streams cannot cross threads, so each
//! item is built on the thread that prints it); results keep their order,
//! so the text is the same whatever the thread count.

use super::EmitError;
use proc_macro2::TokenStream;

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

/// Prints items with prettyplease.
pub fn print(items: Vec<syn::Item>) -> String {
    prettyplease::unparse(&syn::File { shebang: None, attrs: Vec::new(), items })
}
