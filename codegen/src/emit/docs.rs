//! Doc comments: the one place that turns text (descriptions, and the
//! names and paths the generator quotes) into `#[doc]` attributes, so that
//! rustdoc and rustc read it as plain text.

use super::syntax::doc_attribute;
use crate::text::escape_direction_controls;

/// `#[doc]` attributes for a description, one per line.
pub fn doc_attributes(text: &str) -> Vec<syn::Attribute> {
    doc_text(&autolink_urls(&escape_brackets(text)))
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

/// A bare URL outside code spans becomes `<url>`, an autolink, which is
/// what rustdoc asks for (its `bare_urls` lint warns on every other).
fn autolink_urls(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_code = false;
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        let starts_url = !in_code
            && (rest.starts_with("https://") || rest.starts_with("http://"))
            && out.chars().next_back().is_none_or(|p| p.is_whitespace() || "(\"'".contains(p));
        if starts_url {
            let end = rest.find(|c: char| c.is_whitespace() || "\"'<>`()".contains(c)).unwrap_or(rest.len());
            let url = rest[..end].trim_end_matches(|c: char| ".,;:!?".contains(c));
            out.push('<');
            out.push_str(url);
            out.push('>');
            rest = &rest[url.len()..];
            continue;
        }
        in_code ^= c == '`';
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
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
    fn bare_urls_become_autolinks_and_code_stays_code() {
        let text =
            "At https://contoso.com, or (http://a.b/c?d=1). Not `https://x.y/{id}`, not <https://k.l>.";
        let expected =
            "At <https://contoso.com>, or (<http://a.b/c?d=1>). Not `https://x.y/{id}`, not <https://k.l>.";
        assert_eq!(autolink_urls(text), expected);
        assert_eq!(autolink_urls("\"https://q.r/s\" ends"), "\"<https://q.r/s>\" ends");
        assert_eq!(autolink_urls("nohttps://x"), "nohttps://x");
    }

    #[test]
    fn direction_controls_are_shown_escaped() {
        let docs = doc_attrs("Reads \u{202e}backwards.").to_string();
        assert!(docs.contains(r#"" Reads \\u{202e}backwards.""#), "{docs}");
        let line = doc_line(" `loud\u{2066}`");
        assert!(quote::quote!(#line).to_string().contains(r#"" `loud\\u{2066}`""#));
    }
}
