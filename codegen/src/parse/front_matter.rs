//! The `---` YAML front matter, read as `key: value` lines. Real pages hold
//! YAML that a strict parser rejects (a bare `:` in a title), and only flat
//! string keys are ever used, so a line reader is both simpler and more
//! tolerant than a YAML parser.

/// `key: value` pairs in page order, quotes removed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FrontMatter {
    pub entries: Vec<(String, String)>,
}

impl FrontMatter {
    pub fn get(&self, key: &str) -> Option<&str> {
        self.entries.iter().find(|(k, _)| k.eq_ignore_ascii_case(key)).map(|(_, v)| v.as_str())
    }
}

/// How the page starts.
#[derive(Debug, PartialEq, Eq)]
pub enum Split {
    /// Front matter found; `body_offset` is where the Markdown starts.
    Found {
        front_matter: FrontMatter,
        body_offset: usize,
    },
    /// The page opens with `---` but never closes it.
    Unterminated,
    Missing,
}

/// Splits `text` (already without BOM) into front matter and body.
pub fn split(text: &str) -> Split {
    // Newer pages open with `--- ` (a trailing space).
    let opens = |rest: &str| rest.trim_start_matches([' ', '\t']).starts_with(['\n', '\r']);
    let Some(rest) = text.strip_prefix("---").filter(|rest| opens(rest)) else {
        return Split::Missing;
    };
    let mut entries = Vec::new();
    // The first item is the end of the opening `---` line.
    for line in rest.split_inclusive('\n').skip(1) {
        let trimmed = line.trim_end_matches(['\r', '\n']);
        if trimmed.trim_end() == "---" {
            let body_offset = text.len() - rest.len() + line_end(rest, line);
            return Split::Found { front_matter: FrontMatter { entries }, body_offset };
        }
        if let Some((key, value)) = trimmed.split_once(':') {
            let key = key.trim();
            if !key.is_empty() && !key.starts_with('#') && !trimmed.starts_with(' ') {
                entries.push((key.to_owned(), unquote(value.trim()).to_owned()));
            }
        }
    }
    Split::Unterminated
}

/// Offset just past `line` within `rest` (`line` is a sub-slice of `rest`).
fn line_end(rest: &str, line: &str) -> usize {
    line.as_ptr() as usize - rest.as_ptr() as usize + line.len()
}

fn unquote(value: &str) -> &str {
    for quote in ['"', '\''] {
        if let Some(inner) = value.strip_prefix(quote).and_then(|v| v.strip_suffix(quote)) {
            return inner;
        }
    }
    value
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_opener_with_trailing_space_still_opens() {
        let text = "--- \r\ntitle: x\r\nms.subservice: outlook\r\n---\r\n# x\n";
        let Split::Found { front_matter, body_offset } = split(text) else { panic!("not found") };
        assert_eq!(front_matter.get("ms.subservice"), Some("outlook"));
        assert_eq!(&text[body_offset..], "# x\n");
        assert_eq!(split("---x\n---\n"), Split::Missing);
    }

    #[test]
    fn reads_keys_and_finds_the_body() {
        let text = "---\ntitle: \"Add: phones\"\ndoc_type: apiPageType\n---\n# Add\n";
        let Split::Found { front_matter, body_offset } = split(text) else { panic!("not found") };
        assert_eq!(front_matter.get("title"), Some("Add: phones"));
        assert_eq!(front_matter.get("DOC_TYPE"), Some("apiPageType"));
        assert_eq!(&text[body_offset..], "# Add\n");
    }

    #[test]
    fn unterminated_and_missing_are_told_apart() {
        assert_eq!(split("---\ntitle: x\n# no end\n"), Split::Unterminated);
        assert_eq!(split("# just a page\n"), Split::Missing);
        assert_eq!(split("----\n"), Split::Missing);
    }

    #[test]
    fn crlf_front_matter() {
        let text = "---\r\ntitle: x\r\n---\r\nbody";
        let Split::Found { front_matter, body_offset } = split(text) else { panic!("not found") };
        assert_eq!(front_matter.get("title"), Some("x"));
        assert_eq!(&text[body_offset..], "body");
    }
}
