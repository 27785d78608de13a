//! Characters of docs text that generated Rust must not hold raw.
//!
//! rustc denies Unicode bidirectional controls in comments and literals
//! (`text_direction_codepoint_in_comment`, `..._in_literal`): they can make
//! code read differently from what it is. The parser reports them
//! ([`Code::DirectionControl`](crate::diagnostics::Code::DirectionControl));
//! the emitter writes them escaped. Literals need nothing more: syn's
//! `LitStr` already escapes them.

use std::borrow::Cow;

/// U+202A–U+202E (embeddings and overrides) and U+2066–U+2069 (isolates).
pub fn is_direction_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `text` with each direction control written as its Rust escape
/// (`\u{202e}`), the spelling the string literals of the same name use:
/// the docs show that the character is there without obeying it.
pub fn escape_direction_controls(text: &str) -> Cow<'_, str> {
    if !text.contains(is_direction_control) {
        return Cow::Borrowed(text);
    }
    let mut escaped = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_direction_control(c) {
            escaped.extend(c.escape_unicode());
        } else {
            escaped.push(c);
        }
    }
    Cow::Owned(escaped)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_are_escaped_and_other_text_kept() {
        assert_eq!(
            escape_direction_controls("a\u{202e}b\u{2066}c\u{2069}"),
            "a\\u{202e}b\\u{2066}c\\u{2069}"
        );
        // Marks and zero-width characters compile as they are.
        let kept = "\u{200f}\u{200b}\u{feff}\t\r größe";
        assert!(matches!(escape_direction_controls(kept), Cow::Borrowed(text) if text == kept));
        assert!(!['\u{2029}', '\u{202f}', '\u{2065}', '\u{206a}'].into_iter().any(is_direction_control));
        assert_eq!(('\u{2000}'..='\u{2100}').filter(|c| is_direction_control(*c)).count(), 9);
    }
}
