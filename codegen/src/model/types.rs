//! Type definitions as pages state them: resource pages (Properties and
//! Relationships tables, the resource annotation, the `Inherits from`
//! sentence), enum tables, and property rows with inline enum lists.

use std::collections::{BTreeSet, HashSet};

use super::type_expr::{self, split_namespace, TypeExpr};
use super::DefinedBy;
use crate::diagnostics::{Code, Diagnostics};
use crate::parse::{Block, Inline, Page, Section, Table};

/// A type as one page states it, before cross-page resolution.
#[derive(Clone, Debug)]
pub struct DraftType {
    pub name: String,
    pub namespace: Option<String>,
    pub is_enum: bool,
    /// A flags enum: a value combines members with commas (`"a,b"`).
    pub is_flags: bool,
    pub members: Vec<String>,
    /// Base type candidates with where they come from, strongest first.
    pub bases: Vec<(String, &'static str)>,
    pub properties: Vec<DraftProperty>,
    pub source: String,
    pub line: u32,
    pub description: String,
    pub is_abstract: bool,
    pub has_key: bool,
    pub defined_by: DefinedBy,
    /// Names of every row the page lists, inherited ones included: evidence
    /// when the page's base type candidates disagree.
    pub stated: BTreeSet<String>,
    /// Other pages whose statements were merged into this definition.
    pub merged_from: Vec<String>,
}

impl DraftType {
    /// The name the model knows the type by (see [`type_expr::qualify`]).
    pub fn qualified(&self) -> String {
        type_expr::qualify(self.namespace.as_deref(), &self.name)
    }

    pub fn new(name: &str, source: &str, line: u32, defined_by: DefinedBy) -> Self {
        let (name, namespace) = split_namespace(name);
        DraftType {
            name,
            namespace,
            is_enum: false,
            is_flags: false,
            members: Vec::new(),
            bases: Vec::new(),
            properties: Vec::new(),
            source: source.to_owned(),
            line,
            description: String::new(),
            is_abstract: false,
            has_key: false,
            defined_by,
            stated: BTreeSet::new(),
            merged_from: Vec::new(),
        }
    }
}

/// One row of a property table.
#[derive(Clone, Debug)]
pub struct DraftProperty {
    pub name: String,
    pub expr: TypeExpr,
    pub navigation: bool,
    pub description: String,
    /// Values of a "Possible values are: `a`, `b`" list.
    pub inline_members: Vec<String>,
    /// The type named by an `Inherited from [x]` note.
    pub inherited_from: Option<String>,
    pub line: u32,
    pub source: String,
    /// The sub-namespace of the page the row is on: names resolve there first.
    pub namespace: Option<String>,
}

/// Reads the rows of a property or parameter table (Name | Type |
/// Description, in any of their header spellings). A row with neither type
/// nor name of its own is the hard-wrapped rest of the row above.
pub fn property_rows(table: &Table, page: &Page, navigation: bool) -> Vec<DraftProperty> {
    rows_typed_by(table, page, navigation, &["type", "return type"])
}

/// The rows of a table whose type is in the first of `type_columns` it
/// has (parameter tables of actions may call it `Value`).
pub fn rows_typed_by(
    table: &Table,
    page: &Page,
    navigation: bool,
    type_columns: &[&str],
) -> Vec<DraftProperty> {
    let Some(type_col) = type_columns.iter().find_map(|c| table.column(&[c])) else { return Vec::new() };
    let name_col =
        table.column(&["property", "name", "parameter", "relationship", "property name"]).unwrap_or(0);
    let description_col = table.column(&["description"]);
    let namespace = sub_namespace(page);
    let mut rows: Vec<DraftProperty> = Vec::new();
    for row in &table.rows {
        let cell = |col: usize| row.get(col).map_or("", |c| c.text.as_str());
        let name = clean_name(cell(name_col));
        let type_text = cell(type_col).trim();
        if let (Some(previous), true) = (rows.last_mut(), type_text.is_empty()) {
            let rest: Vec<&str> = row.iter().map(|c| c.text.trim()).filter(|t| !t.is_empty()).collect();
            previous.description = format!("{} {}", previous.description, rest.join(" ")).trim().to_owned();
            previous.inline_members = possible_values(&previous.description);
            continue;
        }
        let (Some(type_cell), false) = (row.get(type_col), name.is_empty()) else { continue };
        let description = description_col.and_then(|c| row.get(c));
        rows.push(DraftProperty {
            name,
            expr: type_expr::parse(type_cell),
            navigation,
            description: description.map(|d| clean_description(&d.text)).unwrap_or_default(),
            inline_members: description.map(|d| possible_values(&d.text)).unwrap_or_default(),
            inherited_from: description.and_then(inherited_from),
            line: type_cell.line,
            source: page.path.clone(),
            namespace: namespace.clone(),
        });
    }
    rows
}

/// The page's sub-namespace (`microsoft.graph.callRecords`), if it has one.
pub fn sub_namespace(page: &Page) -> Option<String> {
    let ns = page.namespace()?.trim_end_matches('.');
    (ns.len() > "microsoft.graph.".len() && ns.to_ascii_lowercase().starts_with("microsoft.graph."))
        .then(|| ns.to_owned())
}

/// `**displayName**`, `` `id` ``, `name (deprecated)` → the bare name.
fn clean_name(cell: &str) -> String {
    let name = cell.split(" (").next().unwrap_or_default();
    name.trim().trim_matches(|c| c == '*' || c == '`').trim().to_owned()
}

/// The description without its `Inherited from [x].` note (the IR says
/// where a property is declared) and stray leading punctuation.
fn clean_description(text: &str) -> String {
    let mut text = text.to_owned();
    if let Some(at) = text.to_ascii_lowercase().find("inherited from") {
        let end = text[at..].find(". ").map_or(text.len(), |e| at + e + 1);
        text.replace_range(at..end, "");
    }
    let text = text.trim().trim_start_matches(['.', ',', ';']);
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The type a link names: its text, or its target's file name when the
/// text is prose (`[Conditional Access Session Control](x.md)`).
fn link_type_name(link: &crate::parse::Link) -> String {
    let text = link.text.trim().trim_matches('`');
    if !text.is_empty() && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '_') {
        split_namespace(text).0
    } else {
        type_expr::target_stem(&link.target)
    }
}

/// The link text after "Inherited from" in a description.
fn inherited_from(description: &Inline) -> Option<String> {
    let lower = description.text.to_ascii_lowercase();
    let at = lower.find("inherited from")?;
    let after = &description.text[at + "inherited from".len()..];
    let link = description.links.iter().find(|link| after.contains(link.text.as_str()))?;
    Some(link_type_name(link))
}

/// Backticked values after "possible values", "valid values" or
/// "supported values", up to the end of that list.
pub fn possible_values(description: &str) -> Vec<String> {
    let lower = description.to_ascii_lowercase();
    let Some(start) = ["possible values", "valid values", "supported values", "allowed values"]
        .iter()
        .filter_map(|phrase| lower.find(phrase))
        .min()
    else {
        return Vec::new();
    };
    let mut values = Vec::new();
    let mut rest = &description[start..];
    while let Some(open) = rest.find('`') {
        let between = &rest[..open];
        // A sentence break between two values ends the list.
        if !values.is_empty() && (between.contains(". ") || between.contains(": ")) {
            break;
        }
        let Some(close) = rest[open + 1..].find('`') else { break };
        let value = rest[open + 1..open + 1 + close].trim();
        if !value.is_empty() && !values.iter().any(|v| v == value) {
            values.push(value.to_owned());
        }
        rest = &rest[open + close + 2..];
    }
    if values.len() < 2 {
        values.clear();
    }
    values
}

/// The paragraphs between the title and the first section.
fn preamble(page: &Page) -> impl Iterator<Item = &Inline> {
    page.sections.iter().take_while(|s| s.heading.level <= 1).flat_map(|s| &s.blocks).filter_map(
        |b| match b {
            Block::Paragraph(p) => Some(p),
            _ => None,
        },
    )
}

/// The first paragraph of the page that says what the type is (not the
/// namespace line, an include or a note), without the inheritance sentence
/// (the IR states the base); a paragraph that is only that sentence is
/// passed over.
fn description(page: &Page) -> String {
    preamble(page)
        .filter(|p| {
            let lower = p.text.to_ascii_lowercase();
            !p.text.starts_with("Namespace:")
                && !p.text.starts_with("[!")
                && !lower.starts_with("**note")
                && !lower.starts_with("**important")
        })
        .map(|p| without_inheritance_sentence(&p.text))
        .find(|text| !text.is_empty())
        .unwrap_or_default()
}

/// "This is an abstract type and can't be used directly": newer pages say
/// it in a `> [!TIP]` note, some older ones in their description.
fn states_abstract(page: &Page) -> bool {
    preamble(page).any(|p| p.text.to_ascii_lowercase().contains("is an abstract type"))
}

/// The text without its sentences that name the base type
/// ("Inherits from [entity].").
fn without_inheritance_sentence(text: &str) -> String {
    let mut kept = Vec::new();
    let mut rest = text.trim();
    while !rest.is_empty() {
        let end = rest.find(". ").map_or(rest.len(), |i| i + 1);
        let (sentence, after) = rest.split_at(end);
        if !sentence.to_ascii_lowercase().contains("inherits from") {
            kept.push(sentence.trim());
        }
        rest = after.trim_start();
    }
    kept.join(" ")
}

fn first_table(sections: &[Section]) -> Option<&Table> {
    sections.iter().flat_map(|s| &s.blocks).find_map(|block| match block {
        Block::Table(t) if t.column(&["type"]).is_some() => Some(t),
        _ => None,
    })
}

/// More properties or enum members than any real type has (the corpus's
/// largest has under 300). A page above it is reported, and its struct is
/// emitted without the derives rustc cannot compile at that size.
pub const LARGE_TYPE: usize = 1000;

/// Reports a type whose page lists more than [`LARGE_TYPE`] properties or
/// members.
pub fn check_size(page: &Page, draft: &DraftType, diagnostics: &mut Diagnostics) {
    let (count, what) =
        if draft.is_enum { (draft.members.len(), "members") } else { (draft.properties.len(), "properties") };
    if count > LARGE_TYPE {
        let message = format!("`{}` lists {count} {what}, more than {LARGE_TYPE}", draft.name);
        diagnostics.push(&page.path, draft.line, Code::LargeType, message);
    }
}

/// A resource page: a Properties table or a JSON representation.
pub fn resource(page: &Page) -> Option<DraftType> {
    let properties = page.group(|h| h.eq_ignore_ascii_case("properties"));
    let json = page.group(|h| h.to_ascii_lowercase().starts_with("json representation"));
    if properties.is_none() && json.is_none() {
        return None;
    }
    let annotation = page.sections.iter().flat_map(|s| &s.blocks).find_map(|block| match block {
        Block::Fence(f) => f.annotation.as_ref().filter(|a| a.block_type() == Some("resource")),
        _ => None,
    });
    let title = page.title();
    let title_name = title.map(|h| title_name(&h.text));
    // The annotation names the namespace; the title often has the better
    // casing (`orgcontact` vs `orgContact`).
    let name = match (annotation.and_then(|a| a.str("@odata.type")), title_name) {
        (Some(qualified), Some(title)) => {
            let (name, namespace) = split_namespace(qualified);
            let name = if name.eq_ignore_ascii_case(&title) { better_casing(name, title) } else { name };
            namespace.map_or(name.clone(), |ns| format!("{ns}.{name}"))
        }
        (Some(qualified), None) => qualified.to_owned(),
        (None, title) => title?,
    };
    let line = title.map_or(1, |h| h.line);
    let mut draft = DraftType::new(&name, &page.path, line, DefinedBy::Page);
    if draft.namespace.is_none() {
        draft.namespace = sub_namespace(page);
    }
    draft.description = description(page);
    if let Some(base) = inherits_sentence(page) {
        draft.bases.push(base);
    }
    if let Some(annotation) = annotation {
        if let Some(base) = annotation.str("baseType") {
            draft.bases.push((split_namespace(base).0, "annotation"));
        }
        draft.has_key = annotation.fields.contains_key("keyProperty");
        draft.is_abstract = annotation.flag("abstract").unwrap_or(false);
    }
    draft.is_abstract |= states_abstract(page);
    if let Some(table) = properties.and_then(first_table) {
        draft.properties = property_rows(table, page, false);
    }
    let relationships = page.group(|h| h.eq_ignore_ascii_case("relationships"));
    if let Some(table) = relationships.and_then(first_table) {
        draft.properties.extend(property_rows(table, page, true));
    }
    draft.stated = draft.properties.iter().map(|p| p.name.clone()).collect();
    Some(draft)
}

/// Of two spellings of one name, the one in Graph's casing: camelCase
/// with a lowercase first letter (`identitySet` over `IdentitySet`) and its
/// humps (`orgContact` over `orgcontact`).
fn better_casing(a: String, b: String) -> String {
    let score = |s: &str| {
        (s.starts_with(|c: char| c.is_ascii_lowercase()), s.chars().filter(char::is_ascii_uppercase).count())
    };
    if score(&b) > score(&a) {
        b
    } else {
        a
    }
}

/// `itemPhone resource type` → `itemPhone`.
fn title_name(title: &str) -> String {
    title.split_whitespace().next().unwrap_or_default().trim_matches('`').to_owned()
}

/// The base an "Inherits from [x](…)", "Derived from [x](…)" or "derives
/// from [x](…)" sentence names, in the page's opening or before its
/// Properties table. Without a link, "inherits from base policy
/// type" names `policyBase`: the origin says the name was not linked, so
/// that resolution takes it only if some page defines it.
fn inherits_sentence(page: &Page) -> Option<(String, &'static str)> {
    // Before the first section, or opening the Properties section
    // (`chatMessageHostedContent derives from …` sits there).
    let preamble = page.sections.iter().take_while(|s| s.heading.level <= 1);
    let properties = page.sections.iter().filter(|s| s.heading.text.eq_ignore_ascii_case("properties"));
    let mut paragraphs = preamble
        .chain(properties)
        .flat_map(|s| s.blocks.iter().take_while(|b| !matches!(b, Block::Table(_))));
    paragraphs.find_map(|block| {
        let Block::Paragraph(p) = block else { return None };
        let lower = p.text.to_ascii_lowercase();
        let (at, phrase) = ["inherits from", "derived from", "derives from"]
            .into_iter()
            .find_map(|phrase| Some((lower.find(phrase)?, phrase)))?;
        let after = &p.text[at..];
        if let Some(link) = p.links.iter().find(|l| after.contains(l.text.as_str())) {
            return Some((link_type_name(link), "sentence"));
        }
        let words: Vec<&str> = after[phrase.len()..]
            .split(|c: char| c.is_ascii_punctuation() || c.is_whitespace())
            .filter(|w| !w.is_empty())
            .take(4)
            .collect();
        match words.as_slice() {
            ["base", name, "type" | "class", ..] | ["the", "base", name, "type" | "class", ..] => {
                Some((format!("{name}Base"), UNLINKED_SENTENCE))
            }
            _ => None,
        }
    })
}

/// The origin of a base that a sentence names without linking it.
pub const UNLINKED_SENTENCE: &str = "unlinked sentence";

/// Enum tables: `### <name> values` sections and enum pages (`# <name>
/// enum type` with a Members table).
pub fn enums(page: &Page, diagnostics: &mut Diagnostics) -> Vec<DraftType> {
    let mut found = Vec::new();
    let page_enum = page.title().and_then(|h| {
        let lower = h.text.to_ascii_lowercase();
        (lower.ends_with(" enum type") || lower.ends_with(" enumeration type") || lower.ends_with(" enum"))
            .then(|| title_name(&h.text))
    });
    // "Flag enum to determine …": the page says its values combine.
    let page_is_flags = page_enum.is_some()
        && preamble(page).any(|p| {
            let text = p.text.to_ascii_lowercase();
            text.contains("flag enum") || text.contains("flags enum")
        });
    for section in &page.sections {
        let heading = &section.heading.text;
        let name = heading
            .strip_suffix(" values")
            .or_else(|| heading.strip_suffix(" Values"))
            .filter(|n| !n.contains(' '))
            .map(|n| n.trim_matches('`').to_owned())
            .or_else(|| page_enum.clone().filter(|_| heading.eq_ignore_ascii_case("members")));
        let Some(name) = name else { continue };
        let table = section.blocks.iter().find_map(|b| match b {
            Block::Table(t) => Some(t),
            _ => None,
        });
        let Some(table) = table else { continue };
        let column = table.column(&["member", "value", "name"]).unwrap_or(0);
        let mut members: Vec<String> = Vec::new();
        let mut seen = HashSet::new();
        for cell in table.rows.iter().filter_map(|row| row.get(column)) {
            let member = cell.text.trim().trim_matches('`');
            if member.is_empty() {
                continue;
            }
            if !seen.insert(member) {
                let message = format!("enum `{name}` lists `{member}` twice; the repeat is dropped");
                diagnostics.push(&page.path, cell.line, Code::DuplicateEnumMember, message);
                continue;
            }
            members.push(member.to_owned());
        }
        if members.is_empty() {
            let message = format!("enum `{name}` lists no members");
            diagnostics.push(&page.path, section.heading.line, Code::EmptyEnum, message);
        }
        let mut draft = DraftType::new(&name, &page.path, section.heading.line, DefinedBy::EnumTable);
        if draft.namespace.is_none() {
            draft.namespace = sub_namespace(page);
        }
        draft.is_enum = true;
        draft.is_flags = page_is_flags && page_enum.as_deref() == Some(name.as_str());
        draft.members = members;
        found.push(draft);
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn possible_values_lists() {
        assert_eq!(
            possible_values("Inherited. Possible values are: `me`, `family`, `everyone`."),
            ["me", "family", "everyone"]
        );
        assert_eq!(
            possible_values(". Possible values are: `home`, `business`. See `x`."),
            ["home", "business"]
        );
        assert!(possible_values("Possible values are: `one`.").is_empty());
        assert!(possible_values("The `id` and `name`.").is_empty());
    }

    #[test]
    fn descriptions_lose_only_the_inheritance_sentence() {
        assert_eq!(
            without_inheritance_sentence("Represents a user account. Inherits from [directoryObject]."),
            "Represents a user account."
        );
        assert_eq!(without_inheritance_sentence("Inherits from entity."), "");
        assert_eq!(
            without_inheritance_sentence("A member. Inherits from x. Supports delta."),
            "A member. Supports delta."
        );
    }

    #[test]
    fn descriptions_lose_inheritance_notes() {
        assert_eq!(
            clean_description("The audiences. Inherited from itemFacet. Possible values: x."),
            "The audiences. Possible values: x."
        );
        assert_eq!(clean_description(" Inherited from entity"), "");
        assert_eq!(clean_description(". Possible values are: `a`."), "Possible values are: `a`.");
    }

    #[test]
    fn clean_names() {
        assert_eq!(clean_name("**displayName**"), "displayName");
        assert_eq!(clean_name("`id`"), "id");
        assert_eq!(clean_name("oldName (deprecated)"), "oldName");
    }
}
