//! Rust names for wire names: the one place that decides how a docs name
//! becomes an identifier. The model asks it for the paths the IR records
//! (types and request types: the `rust_path` of `--ir`); the Rust layout
//! (`crate::layout`) asks it for everything else (fields, variants, `Any…`
//! enums, request functions, modules), so the two always agree.

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Keywords that `r#` can escape.
const RAW_KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn", "else",
    "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "macro",
    "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return", "static", "struct", "trait",
    "true", "try", "type", "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers: they get a trailing `_`.
const UNRAWABLE: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Type names that would shadow the prelude or our own support items in
/// generated code; they get a trailing `_`.
const RESERVED_TYPES: &[&str] = &[
    "Option",
    "Result",
    "String",
    "Vec",
    "Box",
    "Ok",
    "Err",
    "Some",
    "None",
    "Default",
    "Clone",
    "Copy",
    "Send",
    "Sync",
    "Sized",
    "Drop",
    "Fn",
    "FnMut",
    "FnOnce",
    "Iterator",
    "ToString",
    "ToOwned",
    "Into",
    "From",
    "Eq",
    "PartialEq",
    "Ord",
    "PartialOrd",
    "Self",
    "Field",
    "JsonObject",
    "Request",
    "Page",
    "Error",
    "Base64",
    "Duration",
    "DateTimeOffset",
    "Date",
    "TimeOfDay",
    "Guid",
    "NoContent",
    "Bytes",
    "ResponseKind",
];

/// Keeps ASCII alphanumerics; other characters become word breaks.
fn words(name: &str) -> String {
    name.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' }).collect()
}

/// A field or function name: snake_case, never a bare keyword.
pub fn snake(name: &str) -> String {
    memoized(&SNAKE, name, snake_uncached)
}

/// A type or variant name: UpperCamelCase, never clashing with the prelude.
pub fn pascal(name: &str) -> String {
    memoized(&PASCAL, name, pascal_uncached)
}

type Memo = std::cell::RefCell<std::collections::HashMap<String, String>>;

thread_local! {
    static SNAKE: Memo = Memo::default();
    static PASCAL: Memo = Memo::default();
}

/// The same few thousand names (`id`, `displayName`, path words) are
/// converted over and over, and heck's conversion is slow: remember each.
fn memoized(memo: &'static std::thread::LocalKey<Memo>, name: &str, convert: fn(&str) -> String) -> String {
    memo.with(|memo| {
        if let Some(done) = memo.borrow().get(name) {
            return done.clone();
        }
        let done = convert(name);
        memo.borrow_mut().insert(name.to_owned(), done.clone());
        done
    })
}

fn snake_uncached(name: &str) -> String {
    let mut snake = words(name).to_snake_case();
    if snake.is_empty() {
        snake = "field".into();
    }
    if snake.starts_with(|c: char| c.is_ascii_digit()) {
        snake.insert(0, '_');
    }
    escape_keyword(snake)
}

fn pascal_uncached(name: &str) -> String {
    let mut pascal = words(name).to_upper_camel_case();
    if pascal.is_empty() {
        pascal = "Unnamed".into();
    }
    if pascal.starts_with(|c: char| c.is_ascii_digit()) {
        pascal.insert(0, 'V');
    }
    if RESERVED_TYPES.contains(&pascal.as_str()) {
        pascal.push('_');
    }
    pascal
}

fn escape_keyword(name: String) -> String {
    if UNRAWABLE.contains(&name.as_str()) {
        format!("{name}_")
    } else if RAW_KEYWORDS.contains(&name.as_str()) {
        format!("r#{name}")
    } else {
        name
    }
}

/// Makes `name` unique among `taken` by appending `_2`, `_3`, ... and
/// records it.
pub fn unique(name: String, taken: &mut std::collections::HashSet<String>) -> String {
    if taken.insert(name.clone()) {
        return name;
    }
    let base = name.trim_start_matches("r#").trim_end_matches('_').to_owned();
    // Type and variant names take a bare number (`Self2`), others `_2`, and
    // so does a name ending in a digit (`V1_2`, not `V12`).
    let pascal = base.starts_with(|c: char| c.is_ascii_uppercase());
    let separator = if pascal && !base.ends_with(|c: char| c.is_ascii_digit()) { "" } else { "_" };
    (2..)
        .map(|n| format!("{base}{separator}{n}"))
        .find(|candidate| taken.insert(candidate.clone()))
        .unwrap_or(base)
}

/// English plural to singular, for naming path parameters after the
/// collection they index (`users/{id}` → `user_id`).
pub fn singular(word: &str) -> String {
    if let Some(stem) = word.strip_suffix("ies") {
        format!("{stem}y")
    } else if word.ends_with("sses") || word.ends_with("xes") || word.ends_with("ches") {
        word[..word.len() - 2].to_owned()
    } else if word.ends_with('s') && !word.ends_with("ss") && word.len() > 1 {
        word[..word.len() - 1].to_owned()
    } else {
        word.to_owned()
    }
}

/// The module below `models` of a type in `namespace`: none for
/// `microsoft.graph`, `call_records` for `microsoft.graph.callRecords`.
pub fn namespace_module(namespace: Option<&str>) -> Option<String> {
    let short = namespace?.get("microsoft.graph.".len()..).filter(|s| !s.is_empty())?;
    Some(snake(short))
}

/// Gives each type (sorted already) a unique Rust path: `models::User`,
/// `models::call_records::Session` for a sub-namespace.
pub fn assign_type_paths(types: &mut [crate::model::TypeDef]) {
    let mut taken: std::collections::BTreeMap<Option<String>, std::collections::HashSet<String>> =
        Default::default();
    for def in types {
        let module = namespace_module(def.namespace.as_deref());
        let name = unique(pascal(&def.name), taken.entry(module.clone()).or_default());
        let modules = std::iter::once("models".to_owned()).chain(module).collect();
        def.rust_path = crate::model::RustPath::new(modules, name);
    }
}

/// `itemphone-get` → `ItemPhoneGet`: words of the page name that name a
/// type (`type_name` gives the docs' spelling) take that type's casing.
pub fn request_type_name(page_name: &str, type_name: impl Fn(&str) -> Option<String>) -> String {
    let words: Vec<String> = page_name
        .split(['-', '_', '.'])
        .map(|word| type_name(word).unwrap_or_else(|| word.to_owned()))
        .collect();
    pascal(&words.join(" "))
}

/// Makes the request type names of sorted operations unique.
pub fn assign_request_paths(operations: &mut [crate::model::Operation]) {
    let mut taken = std::collections::HashSet::new();
    for op in operations {
        op.rust_path.name = unique(std::mem::take(&mut op.rust_path.name), &mut taken);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_case_fields() {
        assert_eq!(snake("displayName"), "display_name");
        assert_eq!(snake("type"), "r#type");
        assert_eq!(snake("self"), "self_");
        assert_eq!(snake("@odata.type"), "odata_type");
        assert_eq!(snake("1st-place"), "_1st_place");
        assert_eq!(snake("ÄÖ"), "field");
    }

    #[test]
    fn pascal_case_types() {
        assert_eq!(pascal("itemPhone"), "ItemPhone");
        assert_eq!(pascal("homeFax"), "HomeFax");
        assert_eq!(pascal("Option"), "Option_");
        assert_eq!(pascal("3d"), "V3d");
    }

    #[test]
    fn unique_names() {
        let mut taken = Default::default();
        assert_eq!(unique("id".into(), &mut taken), "id");
        assert_eq!(unique("id".into(), &mut taken), "id_2");
        assert_eq!(unique("r#type".into(), &mut taken), "r#type");
        assert_eq!(unique("r#type".into(), &mut taken), "type_2");
        assert_eq!(unique("Self_".into(), &mut taken), "Self_");
        assert_eq!(unique("Self_".into(), &mut taken), "Self2");
    }

    #[test]
    fn singulars() {
        assert_eq!(singular("users"), "user");
        assert_eq!(singular("policies"), "policy");
        assert_eq!(singular("addresses"), "address");
        assert_eq!(singular("me"), "me");
    }
}
