//! Stage 1: one page's Markdown to a [`Page`]: front matter, sections,
//! paragraphs, tables, code fences and the annotations bound to them, each
//! with its 1-based source line. pulldown-cmark reads the Markdown; this
//! module only groups its events.

mod annotation;
mod front_matter;
mod markdown;

pub use annotation::{repair as repair_json, Annotation};
pub use front_matter::FrontMatter;

use crate::diagnostics::{Code, Diagnostics};
use crate::source::{LineIndex, SourceFile};

/// One parsed page.
#[derive(Clone, Debug, Default)]
pub struct Page {
    /// Path relative to the docs folder.
    pub path: String,
    pub front_matter: FrontMatter,
    /// Sections in page order. Text before the first heading sits in a
    /// section with `level: 0`.
    pub sections: Vec<Section>,
}

#[derive(Clone, Debug, Default)]
pub struct Section {
    pub heading: Heading,
    pub blocks: Vec<Block>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Heading {
    pub level: u8,
    pub text: String,
    pub line: u32,
}

#[derive(Clone, Debug)]
pub enum Block {
    Paragraph(Inline),
    Table(Table),
    Fence(Fence),
}

/// Inline text: code spans are kept with their backticks, links keep their
/// text in `text` and are also listed with their targets.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Inline {
    pub text: String,
    pub links: Vec<Link>,
    pub line: u32,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    pub text: String,
    pub target: String,
}

#[derive(Clone, Debug, Default)]
pub struct Table {
    pub header: Vec<Inline>,
    pub rows: Vec<Vec<Inline>>,
    pub line: u32,
}

impl Table {
    /// The index of the first header cell equal to one of `names`
    /// (case-insensitive, emphasis and spaces ignored).
    pub fn column(&self, names: &[&str]) -> Option<usize> {
        self.header.iter().position(|cell| {
            let text = cell.text.trim().trim_matches('*').trim();
            names.iter().any(|name| text.eq_ignore_ascii_case(name))
        })
    }
}

#[derive(Clone, Debug)]
pub struct Fence {
    /// The info string, lowercased (`http`, `json`, ...).
    pub info: String,
    pub text: String,
    /// Line of the opening fence; the content starts on the next line.
    pub line: u32,
    pub annotation: Option<Annotation>,
}

impl Page {
    /// The first H1 heading (tab headings are never kept).
    pub fn title(&self) -> Option<&Heading> {
        self.sections.iter().map(|s| &s.heading).find(|h| h.level == 1)
    }

    /// Sections grouped under each H2 (or H1) heading: the heading's own
    /// section followed by its sub-sections.
    pub fn h2_groups(&self) -> Vec<&[Section]> {
        let mut groups = Vec::new();
        let mut start = 0;
        for (i, section) in self.sections.iter().enumerate() {
            if i > start && (1..=2).contains(&section.heading.level) {
                groups.push(&self.sections[start..i]);
                start = i;
            }
        }
        if start < self.sections.len() {
            groups.push(&self.sections[start..]);
        }
        groups
    }

    /// Every group whose heading (H2 to H4; pages use all three for the
    /// same section) satisfies `matches`: the heading's section and its
    /// sub-sections.
    pub fn groups(&self, matches: impl Fn(&str) -> bool) -> Vec<&[Section]> {
        let mut found = Vec::new();
        for (start, section) in self.sections.iter().enumerate() {
            let level = section.heading.level;
            if !(2..=4).contains(&level) || !matches(&section.heading.text) {
                continue;
            }
            let rest = &self.sections[start + 1..];
            let end = rest
                .iter()
                .position(|s| s.heading.level <= level)
                .map_or(self.sections.len(), |e| start + 1 + e);
            found.push(&self.sections[start..end]);
        }
        found
    }

    /// The first group whose heading satisfies `matches` (see [`Page::groups`]).
    pub fn group(&self, matches: impl Fn(&str) -> bool) -> Option<&[Section]> {
        self.groups(matches).into_iter().next()
    }

    /// The `Namespace: microsoft.graph.x` line under the title, if any.
    pub fn namespace(&self) -> Option<&str> {
        self.sections.iter().take_while(|s| s.heading.level <= 1).flat_map(|s| &s.blocks).find_map(
            |b| match b {
                Block::Paragraph(p) => p.text.strip_prefix("Namespace:").map(str::trim),
                _ => None,
            },
        )
    }
}

/// Parses one page. Never fails: problems become diagnostics.
pub fn parse_page(file: &SourceFile, diagnostics: &mut Diagnostics) -> Page {
    let text = file.text.as_str();
    // A BOM is dropped by slicing, so byte offsets (and lines) stay true.
    let start = if text.starts_with('\u{feff}') { '\u{feff}'.len_utf8() } else { 0 };
    let index = LineIndex::new(text);
    let (front_matter, body_offset) = match front_matter::split(&text[start..]) {
        front_matter::Split::Found { front_matter, body_offset } => (front_matter, start + body_offset),
        front_matter::Split::Unterminated => {
            diagnostics.push(&file.path, 1, Code::FrontMatter, "front matter `---` is never closed");
            (FrontMatter::default(), start)
        }
        front_matter::Split::Missing => {
            diagnostics.push(&file.path, 1, Code::FrontMatter, "page has no `---` front matter");
            (FrontMatter::default(), start)
        }
    };
    let sections = markdown::sections(&file.path, text, body_offset, &index, diagnostics);
    report_direction_controls(file, diagnostics);
    Page { path: file.path.clone(), front_matter, sections }
}

/// One [`Code::DirectionControl`] per line that holds such characters, at
/// the first one's column (in characters, as editors count).
fn report_direction_controls(file: &SourceFile, diagnostics: &mut Diagnostics) {
    if !file.text.contains(crate::text::is_direction_control) {
        return;
    }
    for (line, text) in (1..).zip(file.text.split('\n')) {
        let mut found = text.chars().enumerate().filter(|(_, c)| crate::text::is_direction_control(*c));
        let Some((column, first)) = found.next() else { continue };
        let more = found.count();
        let others = match more {
            0 => String::new(),
            1 => " and 1 more".to_owned(),
            n => format!(" and {n} more"),
        };
        let message = format!("bidirectional control U+{:04X}{others} in the text", first as u32);
        diagnostics.push_at(&file.path, line, column as u32 + 1, Code::DirectionControl, message);
    }
}

#[cfg(test)]
mod tests;
