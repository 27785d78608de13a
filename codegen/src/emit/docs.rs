//! Doc comments: the one place that turns text (descriptions, and the
//! names and paths the generator quotes) into `#[doc]` attributes, so that
//! rustdoc and rustc read it as plain text.

use super::syntax::doc_attribute;
use crate::text::escape_direction_controls;

/// `#[doc]` attributes for a description, one per line.
pub fn doc_attributes(text: &str) -> Vec<syn::Attribute> {
    doc_text(&escape_brackets(text))
        .lines()
        .map(|line| doc_attribute(&if line.is_empty() { String::new() } else { format!(" {line}") }))
        .collect()
}

/// [`doc_attributes`] as tokens, for items built with quote.
pub fn doc_attrs(text: &str) -> proc_macro2::TokenStream {
    let attrs = doc_attributes(text);
    quote::quote!(#(#attrs)*)
}

/// One `#[doc]` line the generator writes itself (the text is kept as it
/// is, brackets included: it may hold links).
pub fn doc_line(text: &str) -> syn::Attribute {
    doc_attribute(&doc_text(text))
}

/// Text for a `#[doc = ...]` written with quote. Direction controls are
/// escaped: rustc refuses them raw in a doc comment.
pub fn doc_text(text: &str) -> String {
    escape_direction_controls(text).into_owned()
}

/// Descriptions are plain text (the parser keeps only link text), so a
/// bracket left in one must not turn into a broken intra-doc link.
fn escape_brackets(text: &str) -> String {
    text.replace('[', "\\[").replace(']', "\\]")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brackets_do_not_become_intra_doc_links() {
        let docs = doc_attrs("See [x] here.\n\nSecond.").to_string();
        assert!(docs.contains(r#"" See \\[x\\] here.""#), "{docs}");
        assert!(docs.contains(r#"doc = """#), "{docs}");
    }

    #[test]
    fn direction_controls_are_shown_escaped() {
        let docs = doc_attrs("Reads \u{202e}backwards.").to_string();
        assert!(docs.contains(r#"" Reads \\u{202e}backwards.""#), "{docs}");
        let line = doc_line(" `loud\u{2066}`");
        assert!(quote::quote!(#line).to_string().contains(r#"" `loud\\u{2066}`""#));
    }
}
