//! Doc comments from the docs' descriptions.

use super::syntax::doc_attribute;

/// `#[doc]` attributes, one per line.
pub fn doc_attributes(text: &str) -> Vec<syn::Attribute> {
    escape_brackets(text)
        .lines()
        .map(|line| doc_attribute(&if line.is_empty() { String::new() } else { format!(" {line}") }))
        .collect()
}

/// [`doc_attributes`] as tokens, for items built with quote.
pub fn doc_attrs(text: &str) -> proc_macro2::TokenStream {
    let attrs = doc_attributes(text);
    quote::quote!(#(#attrs)*)
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
}
