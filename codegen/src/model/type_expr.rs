//! The Type column of a property table, in all the forms the docs use:
//! Edm names in any case, `Edm.X`, `X collection`, links (the name comes
//! from the link text), `Collection(X)`, `microsoft.graph.X`, bare names,
//! and `Enumeration`.

use crate::parse::Inline;

/// What a Type cell names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TypeName {
    Primitive(&'static str),
    Named {
        name: String,
        namespace: Option<String>,
    },
    /// `Enumeration`: the members are in the description.
    Enumeration,
    /// Not readable; the raw cell text.
    Unknown(String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TypeExpr {
    pub name: TypeName,
    pub collection: bool,
}

/// The Edm primitive for `word` (any case, optional `Edm.`), with the
/// spellings the docs use besides the Edm ones.
pub fn primitive(word: &str) -> Option<&'static str> {
    let word = word.trim();
    let word = word.strip_prefix("Edm.").or_else(|| word.strip_prefix("edm.")).unwrap_or(word);
    let lower = word.to_ascii_lowercase();
    let alias = match lower.as_str() {
        "int" | "integer" => "Int32",
        "long" => "Int64",
        "bool" => "Boolean",
        "float" => "Single",
        "datetime" => "DateTimeOffset",
        "timespan" => "Duration",
        "uuid" => "Guid",
        "json object" | "object" => "Json",
        _ => "",
    };
    if !alias.is_empty() {
        return Some(alias);
    }
    let json = super::TypeRef::JSON;
    super::Primitive::ALL.iter().map(|p| p.name()).chain([json]).find(|p| p.eq_ignore_ascii_case(&lower))
}

/// Splits `microsoft.graph.callRecords.session` into (`session`,
/// `Some("microsoft.graph.callRecords")`); `microsoft.graph.user` has no
/// sub-namespace.
pub fn split_namespace(qualified: &str) -> (String, Option<String>) {
    let qualified = qualified.trim().trim_start_matches('#');
    let Some(rest) =
        qualified.strip_prefix("microsoft.graph.").or_else(|| qualified.strip_prefix("Microsoft.Graph."))
    else {
        return (qualified.to_owned(), None);
    };
    match rest.rsplit_once('.') {
        Some((ns, name)) => (name.to_owned(), Some(format!("microsoft.graph.{ns}"))),
        None => (rest.to_owned(), None),
    }
}

/// The name a type is known by inside this model: `callRecords.session`
/// for a sub-namespace type, `user` for one of `microsoft.graph`.
pub fn qualify(namespace: Option<&str>, name: &str) -> String {
    match namespace.and_then(|ns| ns.get("microsoft.graph.".len()..)).filter(|short| !short.is_empty()) {
        Some(short) => format!("{short}.{name}"),
        None => name.to_owned(),
    }
}

fn is_identifier(word: &str) -> bool {
    word.starts_with(|c: char| c.is_ascii_alphabetic())
        && word.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
}

/// Reads a Type cell.
pub fn parse(cell: &Inline) -> TypeExpr {
    let raw = cell.text.trim();
    let mut text = raw.replace(['`', '*'], "");
    let mut collection = false;
    let lower = text.to_ascii_lowercase();
    if let Some(inner) = lower.strip_prefix("collection(").and_then(|r| r.strip_suffix(')')) {
        text = text[11..11 + inner.len()].to_owned();
        collection = true;
    } else if lower.ends_with(" collection") {
        text.truncate(text.len() - " collection".len());
        collection = true;
    }
    let text = text.trim();
    if let Some(link) = cell.links.first() {
        let label = link.text.replace('`', "");
        let label = label.trim();
        let name = if is_identifier(label) { label.to_owned() } else { target_stem(&link.target) };
        return TypeExpr { name: named_or_primitive(&name), collection };
    }
    let name = if text.eq_ignore_ascii_case("enumeration") || text.eq_ignore_ascii_case("enum") {
        TypeName::Enumeration
    } else if let Some(p) = primitive(text) {
        TypeName::Primitive(p)
    } else if is_identifier(text) {
        named_or_primitive(text)
    } else {
        TypeName::Unknown(raw.to_owned())
    };
    TypeExpr { name, collection }
}

fn named_or_primitive(name: &str) -> TypeName {
    if let Some(p) = primitive(name) {
        return TypeName::Primitive(p);
    }
    let (name, namespace) = split_namespace(name);
    TypeName::Named { name, namespace }
}

/// `../resources/itemphone.md#x` → `itemphone`.
pub fn target_stem(target: &str) -> String {
    let path = target.split(['#', '?']).next().unwrap_or_default();
    let file = path.rsplit('/').next().unwrap_or_default();
    file.strip_suffix(".md").unwrap_or(file).to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::Link;

    fn cell(text: &str, link: Option<(&str, &str)>) -> TypeExpr {
        let links = link
            .map(|(text, target)| Link { text: text.into(), target: target.into() })
            .into_iter()
            .collect();
        parse(&Inline { text: text.into(), links, line: 1 })
    }

    fn named(name: &str) -> TypeName {
        TypeName::Named { name: name.into(), namespace: None }
    }

    #[test]
    fn primitives_in_any_spelling() {
        assert_eq!(cell("string", None).name, TypeName::Primitive("String"));
        assert_eq!(cell("Edm.Int64", None).name, TypeName::Primitive("Int64"));
        assert_eq!(cell("GUID", None).name, TypeName::Primitive("Guid"));
        let strings = cell("String collection", None);
        assert_eq!((strings.name, strings.collection), (TypeName::Primitive("String"), true));
    }

    #[test]
    fn links_take_their_name_from_the_text() {
        let expr = cell("identitySet collection", Some(("identitySet", "../resources/identityset.md")));
        assert_eq!((expr.name, expr.collection), (named("identitySet"), true));
        let expr = cell("x", Some(("the owner", "owner.md")));
        assert_eq!(expr.name, named("owner"));
    }

    #[test]
    fn qualified_names() {
        assert_eq!(qualify(Some("microsoft.graph.callRecords"), "session"), "callRecords.session");
        assert_eq!(qualify(None, "user"), "user");
        assert_eq!(qualify(Some("microsoft.graph"), "user"), "user");
    }

    #[test]
    fn namespaces_bare_names_and_enumerations() {
        assert_eq!(
            cell("microsoft.graph.callRecords.session", None).name,
            TypeName::Named { name: "session".into(), namespace: Some("microsoft.graph.callRecords".into()) }
        );
        assert_eq!(cell("phoneType", None).name, named("phoneType"));
        assert_eq!(cell("Enumeration", None).name, TypeName::Enumeration);
        let expr = cell("Collection(recipient)", None);
        assert_eq!((expr.name, expr.collection), (named("recipient"), true));
        assert!(matches!(cell("string, max 20", None).name, TypeName::Unknown(_)));
    }
}
