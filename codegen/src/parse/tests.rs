use super::*;
use crate::source::SourceFile;

fn parse(text: &str) -> (Page, Vec<crate::diagnostics::Diagnostic>) {
    let mut diagnostics = Diagnostics::default();
    let file = SourceFile { path: "t.md".into(), text: text.into() };
    let page = parse_page(&file, &mut diagnostics);
    (page, diagnostics.into_sorted())
}

const PAGE: &str = "---
title: \"Get thing\"
doc_type: apiPageType
---

# Get thing

Intro with a [link](../resources/thing.md) and `code`.

## HTTP request
<!-- { \"blockType\": \"ignored\" } -->

```http
GET /things/{id}
```

# [C#](#tab/csharp)
Tab text.

## Properties
|Property|Type|Description|
|:---|:---|:---|
|name|[identitySet](identityset.md) collection|Possible values are: `a`, `b`.<br>More&nbsp;text|

## Response
<!-- {
  \"blockType\": \"response\",
  \"@odata.type\": \"microsoft.graph.thing\",
}
-->
```http
HTTP/1.1 200 OK
```
";

#[test]
fn sections_blocks_and_lines() {
    let (page, diagnostics) = parse(PAGE);
    assert_eq!(page.front_matter.get("title"), Some("Get thing"));
    let headings: Vec<_> =
        page.sections.iter().map(|s| (s.heading.level, s.heading.text.as_str(), s.heading.line)).collect();
    assert_eq!(
        headings,
        [(1, "Get thing", 6), (2, "HTTP request", 10), (2, "Properties", 20), (2, "Response", 25)]
    );
    let Block::Paragraph(intro) = &page.sections[0].blocks[0] else { panic!() };
    assert_eq!(intro.text, "Intro with a link and `code`.");
    assert_eq!(intro.line, 8);
    assert_eq!(intro.links, [Link { text: "link".into(), target: "../resources/thing.md".into() }]);
    // The tab heading is dropped, its text stays in the HTTP request section.
    assert_eq!(page.sections[1].blocks.len(), 2);
    // One warning: the response annotation has a trailing comma.
    assert_eq!(diagnostics.len(), 1);
    assert_eq!((diagnostics[0].line, diagnostics[0].code), (26, Code::AnnotationJson));
}

#[test]
fn annotations_bind_to_the_next_fence() {
    let (page, _) = parse(PAGE);
    let Block::Fence(request) = &page.sections[1].blocks[0] else { panic!() };
    assert_eq!(request.info, "http");
    assert_eq!(request.text, "GET /things/{id}\n");
    assert_eq!(request.line, 13);
    assert_eq!(request.annotation.as_ref().and_then(|a| a.block_type()), Some("ignored"));
    let Block::Fence(response) = &page.sections[3].blocks[0] else { panic!() };
    let annotation = response.annotation.as_ref().unwrap();
    assert_eq!(annotation.str("@odata.type"), Some("microsoft.graph.thing"));
    assert_eq!(annotation.line, 26);
}

#[test]
fn tables_keep_links_and_clean_cells() {
    let (page, _) = parse(PAGE);
    let Block::Table(table) = &page.sections[2].blocks[0] else { panic!() };
    assert_eq!(table.column(&["type"]), Some(1));
    assert_eq!(table.line, 21);
    let row = &table.rows[0];
    assert_eq!(row[1].text, "identitySet collection");
    assert_eq!(row[1].links[0].target, "identityset.md");
    assert_eq!(row[2].text, "Possible values are: `a`, `b`. More text");
    assert_eq!(row[2].line, 23);
}

#[test]
fn annotation_does_not_cross_an_h2() {
    let (page, _) =
        parse("---\nt: x\n---\n## A\n<!-- { \"blockType\": \"request\" } -->\n## B\n```http\nGET /x\n```\n");
    let Block::Fence(fence) = &page.sections[1].blocks[0] else { panic!() };
    assert!(fence.annotation.is_none());
}

#[test]
fn bom_crlf_and_missing_front_matter() {
    let (page, diagnostics) = parse("\u{feff}# Title\r\n\r\n## Properties\r\n");
    assert_eq!(page.sections[1].heading.line, 3);
    assert_eq!(diagnostics[0].code, Code::FrontMatter);
}

#[test]
fn direction_controls_are_reported_once_per_line_at_their_column() {
    let text = "---\nt: x\n---\n# T\n\nplain \u{200f}mark, größe\u{202e}x\u{2066}y\u{2069}\n\n|a\u{202a}|\n";
    let (page, diagnostics) = parse(text);
    let found: Vec<_> = diagnostics.iter().map(|d| (d.line, d.column, d.message.as_str())).collect();
    assert_eq!(
        found,
        [
            (6, 19, "bidirectional control U+202E and 2 more in the text"),
            (8, 3, "bidirectional control U+202A in the text"),
        ]
    );
    assert!(diagnostics.iter().all(|d| d.code == Code::DirectionControl));
    // The text itself is kept: names must stay exact.
    let Block::Paragraph(paragraph) = &page.sections[0].blocks[0] else { panic!() };
    assert!(paragraph.text.contains("größe\u{202e}x"));
}
