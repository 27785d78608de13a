//! Doc comments from the docs' descriptions.

use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc]` attributes, one per line.
pub fn doc_attrs(text: &str) -> TokenStream {
    let text = escape_brackets(text);
    let lines = text.lines().map(|line| {
        let line = if line.is_empty() { String::new() } else { format!(" {line}") };
        quote!(#[doc = #line])
    });
    quote!(#(#lines)*)
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
