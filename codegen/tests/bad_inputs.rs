//! A catalogue of hostile pages: each gets its diagnostic code on its line,
//! and none makes the generator panic or emit code that does not parse.

mod common;

use codegen::diagnostics::{Diagnostic, Severity};

const FRONT: &str = "---\ntitle: t\n---\n";

fn run(text: &str) -> codegen::Generation {
    let generation = common::generate(&[("page.md", text)]);
    let bugs: Vec<_> = generation.diagnostics.iter().filter(|d| d.code.as_str() == "GD0900").collect();
    assert!(bugs.is_empty(), "the generator failed on its own output: {bugs:?}");
    for file in generation.files.iter().filter(|f| f.path.ends_with(".rs")) {
        assert!(syn::parse_file(&file.contents).is_ok(), "{} does not parse", file.path);
    }
    generation
}

fn has(diagnostics: &[Diagnostic], code: &str, line: u32) -> bool {
    diagnostics.iter().any(|d| d.code.as_str() == code && d.line == line)
}

#[test]
fn catalogue() {
    let api_page = |http: &str| format!("{FRONT}# Get x\n\n## HTTP request\n\n```http\n{http}\n```\n");
    // Types beyond what rustc's derives take (the fixture `hostile` builds them).
    let many_properties: String = (1..=10_000).map(|i| format!("|p{i}|Int32|x|\n")).collect();
    let many_members: String = (1..=10_000).map(|i| format!("|m{i}|x|\n")).collect();
    let cases: Vec<(&str, String, &str, u32)> = vec![
        ("unterminated front matter", "---\ntitle: x\n# Title\n".into(), "GD0002", 1),
        ("empty file", String::new(), "GD0002", 1),
        ("broken annotation JSON", format!("{FRONT}# x resource type\n\n## Properties\n\n<!-- {{ \"blockType\": 'x' ' }} -->\n```json\n{{}}\n```\n"), "GD0003", 8),
        ("method without a path", api_page("GET\nGET /ok"), "GD0020", 9),
        ("unknown method", api_page("FETCH /x\nGET /ok"), "GD0020", 9),
        ("no usable method line at all", api_page("just text"), "GD0020", 9),
        ("unknown type", format!("{FRONT}# x resource type\n\n## Properties\n\n|Property|Type|Description|\n|:--|:--|:--|\n|a|[ghost](../../../../etc/passwd)|linked outside the docs|\n"), "GD0010", 10),
        ("unreadable type cell", format!("{FRONT}# x resource type\n\n## Properties\n\n|Property|Type|Description|\n|:--|:--|:--|\n|a|string, max 20|x|\n"), "GD0011", 10),
        ("right-to-left override in a property name", format!("{FRONT}# x resource type\n\n## Properties\n\n|Property|Type|Description|\n|:--|:--|:--|\n|label\u{202e}|String|x|\n"), "GD0005", 10),
        ("bidirectional isolate in a description", format!("{FRONT}# x resource type\n\nText \u{2066}isolated\u{2069}.\n"), "GD0005", 6),
        ("ten thousand properties", format!("{FRONT}# x resource type\n\n## Properties\n\n|Property|Type|Description|\n|:--|:--|:--|\n{many_properties}"), "GD0015", 4),
        ("ten thousand enum members", format!("{FRONT}# x resource type\n\n### xKind values\n\n|Member|Description|\n|:--|:--|\n{many_members}"), "GD0015", 6),
        ("invalid example JSON", format!("{FRONT}# Get x\n\n## HTTP request\n\n```http\nGET /x\n```\n\n## Response\n\nReturns `200 OK` and an [x](x.md) object.\n\n### Response\n\n```http\nHTTP/1.1 200 OK\n\n{{\"a\": 1,}}\n```\n"), "GD0027", 21),
    ];
    let mut failures = Vec::new();
    for (name, text, code, line) in &cases {
        let generation = run(text);
        if !has(&generation.diagnostics, code, *line) {
            failures
                .push(format!("{name}: expected {code} on line {line}, got {:?}", generation.diagnostics));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn structural_abuse_does_not_panic() {
    let huge_table: String = (0..10_000).map(|i| format!("|p{i}|String|row {i}|\n")).collect();
    let nested_lists = "- ".repeat(5_000) + "deep\n";
    let nested_quotes = "> ".repeat(5_000) + "deep\n";
    let pages = [
        format!("{FRONT}# t resource type\n\n## Properties\n\n|Property|Type|Description|\n|:--|:--|:--|\n{huge_table}"),
        format!("{FRONT}# t resource type\n\n## Properties\n\n|Property|Type|Description|\n|:--|:--|:--|\n|a|\n|b|String|x|y|z|extra|\n"),
        format!("{FRONT}{nested_lists}{nested_quotes}"),
        format!("{FRONT}# t\n\n## HTTP request\n\n```http\nGET /a/{{id/b}}}}/{{{{c\n"),
        "\u{feff}---\r\ntitle: x\r\n---\r\n# t resource type\r\n\r\n## Properties\r\n\r\n|Property|Type|Description|\r\n|:--|:--|:--|\r\n|a|String|x|\r\n".to_owned(),
    ];
    for text in &pages {
        let generation = run(text);
        assert!(!generation.diagnostics.iter().any(|d| d.code.as_str() == "GD0900"));
    }
    let table = run(&pages[0]);
    assert_eq!(table.api.type_def("t").map(|t| t.properties.len()), Some(10_000));
    let crlf = run(&pages[4]);
    assert_eq!(crlf.api.type_def("t").map(|t| t.properties[0].name.as_str()), Some("a"));
}

#[test]
fn cycles_and_conflicts_name_both_places() {
    let page = |name: &str, base: &str, rows: &str| {
        format!("{FRONT}# {name} resource type\n\nInherits from [{base}]({base}.md).\n\n## Properties\n\n|Property|Type|Description|\n|:--|:--|:--|\n{rows}")
    };
    let generation = common::generate(&[
        ("a.md", &page("alpha", "beta", "|x|String|x|\n")),
        ("b.md", &page("beta", "alpha", "|y|String|y|\n")),
        ("c.md", &page("gamma", "entity", "|z|String|z|\n")),
        ("d.md", &page("gamma", "entity", "|z|Int32|z|\n")),
    ]);
    let cycle = generation.diagnostics.iter().find(|d| d.code.as_str() == "GD0013").expect("a cycle error");
    assert_eq!(cycle.severity(), Severity::Error);
    assert!(
        cycle.message.contains("alpha (a.md)") && cycle.message.contains("beta (b.md)"),
        "{}",
        cycle.message
    );
    let conflict = generation.diagnostics.iter().find(|d| d.code.as_str() == "GD0012").expect("a conflict");
    assert!(conflict.message.contains("c.md") || conflict.file == "c.md", "{conflict}");
    assert!(generation.has_errors());
}
