//! `<!-- { ... } -->` annotations. About 0.4% of them are not strict JSON
//! (trailing commas, raw newlines in strings, junk after the brace), so they
//! are parsed in steps: strict, then repaired, then just the `blockType`.

use serde_json::{Map, Value};

/// A parsed annotation object.
#[derive(Clone, Debug, PartialEq)]
pub struct Annotation {
    pub fields: Map<String, Value>,
    /// 1-based line of the `<!--`.
    pub line: u32,
}

impl Annotation {
    pub fn str(&self, key: &str) -> Option<&str> {
        self.fields.get(key).and_then(Value::as_str)
    }

    pub fn block_type(&self) -> Option<&str> {
        self.str("blockType")
    }

    /// A boolean key that some pages write as a string (`"true"`).
    pub fn flag(&self, key: &str) -> Option<bool> {
        match self.fields.get(key)? {
            Value::Bool(b) => Some(*b),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        }
    }
}

/// How an annotation's JSON was read.
#[derive(Debug, PartialEq)]
pub enum Parsed {
    Strict(Map<String, Value>),
    /// Read after repairs; the string says which.
    Repaired(Map<String, Value>, &'static str),
    /// Only `blockType` could be recovered.
    BlockTypeOnly(Map<String, Value>),
}

/// Returns the JSON object inside an HTML comment, or `None` when the
/// comment holds no `{` (an ordinary comment).
pub fn parse_comment(html: &str) -> Option<Parsed> {
    let inner = html.trim().strip_prefix("<!--")?;
    let inner = inner.find("-->").map_or(inner, |end| &inner[..end]);
    let start = inner.find('{')?;
    let end = inner.rfind('}').filter(|&end| end > start)?;
    let json = &inner[start..=end];
    if let Ok(Value::Object(map)) = serde_json::from_str(json) {
        return Some(Parsed::Strict(map));
    }
    let repaired = repair(json);
    if let Ok(Value::Object(map)) = serde_json::from_str(&repaired) {
        return Some(Parsed::Repaired(map, "trailing commas, raw newlines or unquoted keys"));
    }
    let mut map = Map::new();
    if let Some(block_type) = extract_block_type(json) {
        map.insert("blockType".into(), Value::String(block_type));
    }
    Some(Parsed::BlockTypeOnly(map))
}

/// Removes trailing commas, escapes raw newlines inside strings and quotes
/// bare keys: the three repairs that rescue almost every broken annotation.
pub fn repair(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    let mut in_string = false;
    let mut escaped = false;
    let chars: Vec<char> = json.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                '\n' => {
                    out.push_str("\\n");
                    i += 1;
                    continue;
                }
                '\r' | '\t' => {
                    i += 1;
                    continue;
                }
                _ => {}
            }
            out.push(c);
        } else if c == '"' {
            in_string = true;
            out.push(c);
        } else if c == ',' && next_significant(&chars, i + 1).is_none_or(|n| n == '}' || n == ']') {
            // trailing comma: drop it
        } else if (c.is_ascii_alphabetic() || c == '_' || c == '@')
            && previous_significant(&out).is_some_and(|p| p == '{' || p == ',')
        {
            let start = i;
            while i < chars.len() && (chars[i].is_ascii_alphanumeric() || "_@.".contains(chars[i])) {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            out.push('"');
            out.push_str(&word);
            out.push('"');
            continue;
        } else {
            out.push(c);
        }
        i += 1;
    }
    out
}

fn next_significant(chars: &[char], from: usize) -> Option<char> {
    chars[from..].iter().copied().find(|c| !c.is_whitespace())
}

fn previous_significant(out: &str) -> Option<char> {
    out.chars().rev().find(|c| !c.is_whitespace())
}

fn extract_block_type(json: &str) -> Option<String> {
    let after = &json[json.find("\"blockType\"")? + "\"blockType\"".len()..];
    let after = after.trim_start().strip_prefix(':')?.trim_start().strip_prefix('"')?;
    let value = &after[..after.find('"')?];
    Some(value.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(parsed: Option<Parsed>) -> Map<String, Value> {
        match parsed.expect("an annotation") {
            Parsed::Strict(m) | Parsed::Repaired(m, _) | Parsed::BlockTypeOnly(m) => m,
        }
    }

    #[test]
    fn strict_json() {
        let parsed = parse_comment("<!-- {\n  \"blockType\": \"request\",\n  \"name\": \"x\"\n}\n-->");
        assert!(matches!(parsed, Some(Parsed::Strict(_))));
    }

    #[test]
    fn trailing_comma_and_raw_newline_and_bare_key_are_repaired() {
        let parsed =
            parse_comment("<!-- { \"blockType\": \"response\", isCollection: true, \"x\": \"a\nb\", } -->");
        let Some(Parsed::Repaired(map, _)) = parsed else { panic!("{parsed:?}") };
        assert_eq!(map["isCollection"], Value::Bool(true));
        assert_eq!(map["x"], Value::String("a\nb".into()));
    }

    #[test]
    fn junk_after_the_brace_and_odd_closers() {
        let map = fields(parse_comment("<!-- { \"blockType\": \"resource\" }-->s"));
        assert_eq!(map["blockType"], "resource");
    }

    #[test]
    fn hopeless_json_keeps_the_block_type() {
        let parsed = parse_comment("<!-- { \"blockType\": \"request\", \"name\": 'x' ' } -->");
        let Some(Parsed::BlockTypeOnly(map)) = parsed else { panic!("{parsed:?}") };
        assert_eq!(map["blockType"], "request");
    }

    #[test]
    fn plain_comments_are_not_annotations() {
        assert_eq!(parse_comment("<!-- just a note -->"), None);
        assert_eq!(parse_comment("<p>html</p>"), None);
    }
}
