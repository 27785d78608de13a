//! Walks pulldown-cmark's events and groups them into sections and blocks.
//! Annotations are bound to the next code fence of the same H2 section.

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::annotation::{self, Annotation, Parsed};
use super::{Block, Fence, Heading, Inline, Link, Section, Table};
use crate::diagnostics::{Code, Diagnostics};
use crate::source::LineIndex;

/// What the inline content being collected belongs to.
enum Kind {
    Heading { level: u8, is_tab: bool },
    Paragraph,
    Cell,
}

/// The inline content being collected.
struct Target {
    kind: Kind,
    inline: Inline,
}

impl Target {
    fn new(kind: Kind, line: u32) -> Self {
        Target { kind, inline: Inline { line, ..Inline::default() } }
    }
}

struct Walker<'a> {
    path: &'a str,
    diagnostics: &'a mut Diagnostics,
    sections: Vec<Section>,
    target: Option<Target>,
    /// Link starts inside the current inline: (offset in text, target).
    open_links: Vec<(usize, String)>,
    table: Option<Table>,
    row: Vec<Inline>,
    in_head: bool,
    fence: Option<Fence>,
    pending: Option<Annotation>,
    html: String,
    html_line: u32,
}

pub(super) fn sections(
    path: &str,
    text: &str,
    body_offset: usize,
    index: &LineIndex,
    diagnostics: &mut Diagnostics,
) -> Vec<Section> {
    let mut walker = Walker {
        path,
        diagnostics,
        sections: vec![Section::default()],
        target: None,
        open_links: Vec::new(),
        table: None,
        row: Vec::new(),
        in_head: false,
        fence: None,
        pending: None,
        html: String::new(),
        html_line: 0,
    };
    let options = Options::ENABLE_TABLES;
    for (event, range) in Parser::new_ext(&text[body_offset..], options).into_offset_iter() {
        let line = index.line(body_offset + range.start);
        walker.event(event, line);
    }
    walker.flush_paragraph();
    walker.sections.retain(|s| s.heading.level > 0 || !s.blocks.is_empty());
    walker.sections
}

impl Walker<'_> {
    fn event(&mut self, event: Event<'_>, line: u32) {
        match event {
            Event::Start(tag) => self.start(tag, line),
            Event::End(tag) => self.end(tag, line),
            Event::Text(text) => {
                if let Some(fence) = &mut self.fence {
                    fence.text.push_str(&text);
                } else {
                    self.inline(line).text.push_str(&text);
                }
            }
            Event::Code(code) => {
                let inline = self.inline(line);
                inline.text.push('`');
                inline.text.push_str(&code);
                inline.text.push('`');
            }
            Event::SoftBreak | Event::HardBreak => self.inline(line).text.push(' '),
            Event::Html(html) => {
                if self.html.is_empty() {
                    self.html_line = line;
                }
                self.html.push_str(&html);
            }
            Event::InlineHtml(html) => self.inline_html(&html, line),
            _ => {}
        }
    }

    fn start(&mut self, tag: Tag<'_>, line: u32) {
        match tag {
            Tag::Heading { level, .. } => {
                self.flush_paragraph();
                let level = heading_level(level);
                self.target = Some(Target::new(Kind::Heading { level, is_tab: false }, line));
            }
            Tag::Paragraph | Tag::Item => {
                self.flush_paragraph();
                self.target = Some(Target::new(Kind::Paragraph, line));
            }
            Tag::Table(_) => {
                self.flush_paragraph();
                self.table = Some(Table { line, ..Table::default() });
            }
            Tag::TableHead => self.in_head = true,
            Tag::TableRow => self.row.clear(),
            Tag::TableCell => self.target = Some(Target::new(Kind::Cell, line)),
            Tag::CodeBlock(kind) => {
                self.flush_paragraph();
                let info = match kind {
                    CodeBlockKind::Fenced(info) => info.trim().to_ascii_lowercase(),
                    CodeBlockKind::Indented => String::new(),
                };
                let annotation = self.pending.take();
                self.fence = Some(Fence { info, text: String::new(), line, annotation });
            }
            // Bold stays visible (`**chat**`): response sentences name their
            // type that way, and rustdoc renders it.
            Tag::Strong if self.fence.is_none() => self.inline(line).text.push_str("**"),
            Tag::Link { dest_url, .. } => {
                let start = self.inline(line).text.len();
                self.open_links.push((start, dest_url.into_string()));
            }
            Tag::HtmlBlock => {
                self.html.clear();
                self.html_line = line;
            }
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd, line: u32) {
        match tag {
            TagEnd::Heading(_) => {
                if let Some(Target { kind: Kind::Heading { level, is_tab }, inline }) = self.target.take() {
                    // `# [C#](#tab/csharp)` tab headings are UI, not structure.
                    if is_tab {
                        return;
                    }
                    if level <= 2 {
                        self.pending = None;
                    }
                    let text = inline.text.trim().to_owned();
                    self.sections.push(Section {
                        heading: Heading { level, text, line: inline.line },
                        blocks: Vec::new(),
                    });
                }
            }
            TagEnd::Paragraph | TagEnd::Item => self.flush_paragraph(),
            TagEnd::TableCell => {
                if let Some(Target { kind: Kind::Cell, mut inline }) = self.target.take() {
                    inline.text = clean_cell(&inline.text);
                    self.row.push(inline);
                }
            }
            TagEnd::TableHead => {
                if let Some(table) = &mut self.table {
                    table.header = std::mem::take(&mut self.row);
                }
                self.in_head = false;
            }
            TagEnd::TableRow => {
                if let Some(table) = &mut self.table {
                    table.rows.push(std::mem::take(&mut self.row));
                }
            }
            TagEnd::Table => {
                if let Some(table) = self.table.take() {
                    self.push_block(Block::Table(table));
                }
            }
            TagEnd::CodeBlock => {
                if let Some(fence) = self.fence.take() {
                    self.push_block(Block::Fence(fence));
                }
            }
            TagEnd::Strong if self.fence.is_none() => self.inline(line).text.push_str("**"),
            TagEnd::Link => {
                if let Some((start, target)) = self.open_links.pop() {
                    let inline = self.inline(line);
                    let text = inline.text.get(start..).unwrap_or_default().trim().to_owned();
                    if let Some(Target { kind: Kind::Heading { level: 1, is_tab }, .. }) = &mut self.target {
                        *is_tab |= target.starts_with("#tab/");
                    }
                    self.inline(line).links.push(Link { text, target });
                }
            }
            TagEnd::HtmlBlock => {
                let html = std::mem::take(&mut self.html);
                self.annotation(&html, self.html_line);
            }
            _ => {}
        }
    }

    /// Inline HTML: `<br>` is a line break in table cells; a comment inside
    /// a paragraph or list item may be an annotation.
    fn inline_html(&mut self, html: &str, line: u32) {
        let lower = html.trim().to_ascii_lowercase();
        if lower.starts_with("<br") {
            self.inline(line).text.push(' ');
            return;
        }
        if self.html.is_empty() {
            self.html_line = line;
        }
        self.html.push_str(html);
        if self.html.contains("-->") || !self.html.trim_start().starts_with("<!--") {
            let html = std::mem::take(&mut self.html);
            self.annotation(&html, self.html_line);
        }
    }

    fn annotation(&mut self, html: &str, line: u32) {
        let fields = match annotation::parse_comment(html) {
            None => return,
            Some(Parsed::Strict(fields)) => fields,
            Some(Parsed::Repaired(fields, how)) => {
                self.diagnostics.push(
                    self.path,
                    line,
                    Code::AnnotationJson,
                    format!("annotation is not strict JSON; read after repairing {how}"),
                );
                fields
            }
            Some(Parsed::BlockTypeOnly(fields)) => {
                self.diagnostics.push(
                    self.path,
                    line,
                    Code::AnnotationJson,
                    "annotation is not JSON even after repairs; only its blockType is used",
                );
                fields
            }
        };
        // The end-of-page `#page.annotation` binds to nothing.
        if fields.get("type").and_then(|t| t.as_str()) == Some("#page.annotation") {
            return;
        }
        self.pending = Some(Annotation { fields, line });
    }

    /// The inline being collected; loose text starts a paragraph.
    fn inline(&mut self, line: u32) -> &mut Inline {
        &mut self.target.get_or_insert_with(|| Target::new(Kind::Paragraph, line)).inline
    }

    fn flush_paragraph(&mut self) {
        if !matches!(self.target, Some(Target { kind: Kind::Paragraph, .. })) {
            self.open_links.clear();
            return;
        }
        if let Some(Target { mut inline, .. }) = self.target.take() {
            inline.text = inline.text.trim().to_owned();
            if !inline.text.is_empty() {
                self.push_block(Block::Paragraph(inline));
            }
        }
        self.open_links.clear();
    }

    fn push_block(&mut self, block: Block) {
        // `sections` always holds at least the preamble section.
        if let Some(section) = self.sections.last_mut() {
            section.blocks.push(block);
        }
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Non-breaking spaces and runs of white space become one space.
fn clean_cell(text: &str) -> String {
    text.replace('\u{a0}', " ").split_whitespace().collect::<Vec<_>>().join(" ")
}
