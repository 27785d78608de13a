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

/// Functions of the traits every `Any…` enum implements (and of the
/// blanket ones, `Into`, `ToOwned`, `Borrow`, `Any`): an inherent method of
/// the same name would hide them, so that `AnyMessage::from(message)` or
/// `value.clone()` stopped compiling.
const TRAIT_FUNCTIONS: &[&str] = &[
    "base",
    "borrow",
    "borrow_mut",
    "clone",
    "clone_from",
    "clone_into",
    "decode",
    "deserialize",
    "deserialize_in_place",
    "eq",
    "fmt",
    "from",
    "from_start",
    "into",
    "ne",
    "read_derived",
    "serialize",
    "to_owned",
    "try_from",
    "try_into",
    "type_id",
];

/// The name of the `Any…` enum method that reads the base's field `field`
/// from any variant: the field's own (`subject`), or `from_field` where
/// that would hide a trait's function, unique among `taken`, which holds
/// the base's field names (so each field keeps its own name where it can).
pub fn any_accessor(field: &str, taken: &mut std::collections::HashSet<String>) -> String {
    if TRAIT_FUNCTIONS.contains(&field) {
        unique(format!("{field}_field"), taken)
    } else {
        field.to_owned()
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

/// Words a request name leaves out of its page title.
const ARTICLES: &[&str] = &["a", "an", "the"];

/// A request type's name, from its page's title: the action after
/// `resource:` (`driveItem: createUploadSession` → `CreateUploadSession`),
/// else the title without articles, possessives and parentheses (`Send
/// the user's mail (deprecated)` → `SendUserMail`). A "List" that returns
/// one object is a "Get" (`List manager` → `GetManager`). Only a page
/// without a title is named after its file.
pub fn request_name(title: &str, single_response: bool, page_name: &str) -> String {
    let mut text = String::new();
    let mut depth = 0usize;
    for c in title.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            c if depth == 0 => text.push(c),
            _ => {}
        }
    }
    let action = text.rsplit_once(':').map_or(text.as_str(), |(_, action)| action);
    let mut words: Vec<String> = action
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '\''))
        .map(|w| w.trim_end_matches("'s").trim_end_matches("’s").replace('\'', ""))
        .filter(|w| !w.is_empty() && !ARTICLES.contains(&w.to_ascii_lowercase().as_str()))
        .collect();
    // "Get a DriveItem resource": the resource is the name, not the word.
    if words.len() > 2 {
        words.retain(|w| !["resource", "object"].contains(&w.to_ascii_lowercase().as_str()));
    }
    if single_response && words.first().is_some_and(|w| w.eq_ignore_ascii_case("list")) {
        words[0] = "Get".into();
    }
    // Keep each word's inner casing (`sendMail`, `driveItem`), capitalize it.
    let name: String = words.iter().map(|w| pascal(w)).collect::<Vec<_>>().concat();
    if name.is_empty() || name == "Unnamed" {
        return pascal(&words_of(page_name).join(" "));
    }
    pascal(&name)
}

fn words_of(page_name: &str) -> Vec<&str> {
    page_name.split(['-', '_', '.']).filter(|w| !w.is_empty()).collect()
}

/// The module below `requests` of an operation on `resource` (a type's
/// docs name): `drive_item`; without one, the page name's first word.
pub fn request_module(resource: Option<&str>, page_name: &str) -> String {
    let word = resource.or_else(|| words_of(page_name).first().copied()).unwrap_or("other");
    module_name(word)
}

/// A module name that is also a file name: no `r#`.
fn module_name(word: &str) -> String {
    let snake = snake(word);
    match snake.strip_prefix("r#") {
        Some(bare) => format!("{bare}_"),
        None => snake,
    }
}

/// The docs name of the type generated for an action's parameters, from
/// its resource and request type name: `driveItemCreateUploadSessionBody`.
pub fn body_type_name(resource: Option<&str>, request: &str) -> String {
    let request = request.to_owned();
    let resource = resource.map(pascal).unwrap_or_default();
    let name = if request.starts_with(&resource) { request } else { format!("{resource}{request}") };
    heck::ToLowerCamelCase::to_lower_camel_case(format!("{name}Body").as_str())
}

/// An action's name as its path spells it, when its page is named after
/// it: `driveitem-createuploadsession` POSTs to `…/createUploadSession`,
/// so it is `CreateUploadSession` whatever its title says.
pub fn action_name(page_name: &str, last_segments: &[&str]) -> Option<String> {
    let first = *last_segments.first()?;
    if last_segments.iter().any(|s| *s != first) {
        return None;
    }
    let words = words_of(page_name);
    let action = first.rsplit('.').next().unwrap_or(first);
    (words.len() >= 2 && words.last()?.eq_ignore_ascii_case(action)).then(|| pascal(action))
}

/// Makes the request type names of sorted operations unique within their
/// module. Of the operations that share a name, the one from the page
/// with the shortest name keeps it (`user-get` before
/// `intune-devices-user-get`); another with a different method adds it
/// (`…Put`), one from another area puts the area first (`IntuneGetUser`),
/// one from the same area adds the words of its page name the first's
/// lacks (`GetDeviceCategoryOnboarding`); only then a number.
pub fn assign_request_paths(operations: &mut [crate::model::Operation]) {
    use std::collections::{HashMap, HashSet};
    let mut groups: HashMap<(Vec<String>, String), Vec<usize>> = HashMap::new();
    for (i, op) in operations.iter().enumerate() {
        groups.entry((op.rust_path.modules.clone(), op.rust_path.name.clone())).or_default().push(i);
    }
    let mut names: Vec<String> = operations.iter().map(|op| op.rust_path.name.clone()).collect();
    for members in groups.values_mut().filter(|m| m.len() > 1) {
        members.sort_by_key(|&i| (operations[i].name.split('-').count(), operations[i].name.clone()));
        let first = &operations[members[0]];
        for &i in &members[1..] {
            let op = &operations[i];
            names[i] = if op.method != first.method {
                format!("{}{}", names[i], pascal(&op.method.as_str().to_ascii_lowercase()))
            } else if op.area != first.area {
                format!("{}{}", pascal(&op.area), names[i])
            } else {
                // The words its page name has and the first's has not
                // (`intune-onboarding-…` next to `intune-devices-…`).
                let theirs = words_of(&first.name);
                let own: Vec<&str> = words_of(&op.name).into_iter().filter(|w| !theirs.contains(w)).collect();
                if own.is_empty() {
                    pascal(&words_of(&op.name).join(" "))
                } else {
                    format!("{}{}", names[i], pascal(&own.join(" ")))
                }
            };
        }
    }
    let mut taken: HashMap<Vec<String>, HashSet<String>> = HashMap::new();
    // The first of a group claims its name before the others are renamed.
    let order: Vec<usize> = {
        let mut order: Vec<usize> = (0..operations.len()).collect();
        order.sort_by_key(|&i| names[i] != operations[i].rust_path.name);
        order
    };
    for i in order {
        let taken = taken.entry(operations[i].rust_path.modules.clone()).or_default();
        operations[i].rust_path.name = unique(std::mem::take(&mut names[i]), taken);
    }
}

/// Names the function of each endpoint of an operation by how it
/// addresses its resource: `/me/sendMail` → `me`, `/users/{id}/sendMail`
/// → `user`, `/me/drive/items/{id}:/{path}:/content` → `me_by_path` next
/// to `me` for `/me/drive/items/{id}/content`.
pub fn assign_function_names(op: &mut crate::model::Operation) {
    let words_at = |detail: Detail| -> Vec<String> {
        distinct_names(op.endpoints.iter().map(|e| segment_words(&e.segments, detail)).collect())
    };
    let mut names = words_at(Detail::Plain);
    let repeated = |names: &[String], name: &String| names.iter().filter(|n| *n == name).count() > 1;
    // `calendar/events` and `calendars/{id}/events` read alike: say which
    // is keyed and which arguments a function takes, then the keys' names.
    for detail in [Detail::Exact, Detail::WithKeys] {
        if !names.iter().any(|n| repeated(&names, n)) {
            break;
        }
        let finer = words_at(detail);
        let before = names.clone();
        for (name, finer) in names.iter_mut().zip(finer) {
            if repeated(&before, name) {
                *name = finer;
            }
        }
    }
    let mut taken = std::collections::HashSet::new();
    for (endpoint, name) in op.endpoints.iter_mut().zip(names) {
        endpoint.rust_fn = unique(snake(&name), &mut taken);
    }
}

/// How much of a path its function's name says.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Detail {
    /// `users/{id}` is `user`.
    Plain,
    /// Keyed collections stay plural past the first segment, functions
    /// add their argument names.
    Exact,
    /// And keys add their placeholder's name.
    WithKeys,
}

/// The naming words of a path: a collection and its key are the singular
/// (`users/{id}` → `user`), an item path is `by_path`, a function its name,
/// `$value` is `value`; finer [`Detail`] says more.
fn segment_words(segments: &[crate::model::Segment], detail: Detail) -> Vec<String> {
    let exact = detail >= Detail::Exact;
    use crate::model::{Segment, Text};
    let word = |text: &str| {
        let text = text.rsplit("microsoft.graph.").next().unwrap_or(text);
        snake(text.trim_start_matches('$')).trim_start_matches("r#").trim_matches('_').to_owned()
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < segments.len() {
        let next_is_key = matches!(segments.get(i + 1), Some(Segment::Key(_)));
        match &segments[i] {
            // `root:/{path}:` is named by its path alone.
            Segment::Literal(text)
                if text == "root" && matches!(segments.get(i + 1), Some(Segment::ItemPath { .. })) => {}
            Segment::Literal(text) if next_is_key => {
                out.push(if exact && i > 0 { word(text) } else { singular(&word(text)) });
                if let (Detail::WithKeys, Some(Segment::Key(key))) = (detail, segments.get(i + 1)) {
                    out.push(word(key));
                }
                i += 1;
            }
            Segment::Literal(text) => out.push(word(text)),
            Segment::Key(param) => out.push(word(param)),
            Segment::ItemPath { .. } => out.push("by_path".to_owned()),
            Segment::Function { name, args } => {
                out.push(word(name));
                if exact {
                    out.extend(args.iter().map(|a| word(&a.name)));
                }
            }
            Segment::Compound(texts) => out.extend(texts.iter().filter_map(|t| match t {
                Text::Literal(l) => Some(word(l)),
                Text::Param(_) => None,
            })),
        }
        i += 1;
    }
    out.retain(|w| !w.is_empty());
    if out.is_empty() {
        out.push("root".to_owned());
    }
    out
}

/// Leading words that tell the paths apart: the words all paths end with
/// are left out (each keeps one), then each path is its first word, and
/// paths that share a name add the first word in which they differ.
fn distinct_names(mut words: Vec<Vec<String>>) -> Vec<String> {
    let shortest = words.iter().map(Vec::len).min().unwrap_or(0);
    let common = (0..shortest.saturating_sub(1))
        .take_while(|&k| {
            let last = |w: &Vec<String>| w[w.len() - 1 - k].clone();
            words.iter().all(|w| last(w) == last(&words[0]))
        })
        .count();
    for w in &mut words {
        w.truncate(w.len() - common);
    }
    let mut chosen: Vec<Vec<usize>> = words.iter().map(|_| vec![0]).collect();
    let name = |i: usize, chosen: &Vec<Vec<usize>>| -> String {
        chosen[i].iter().map(|&k| words[i][k].as_str()).collect::<Vec<_>>().join("_")
    };
    loop {
        let names: Vec<String> = (0..words.len()).map(|i| name(i, &chosen)).collect();
        let mut changed = false;
        let mut groups: std::collections::BTreeMap<&str, Vec<usize>> = Default::default();
        for (i, n) in names.iter().enumerate() {
            groups.entry(n).or_default().push(i);
        }
        for members in groups.values().filter(|m| m.len() > 1) {
            let from = members.iter().map(|&i| chosen[i].last().copied().unwrap_or(0) + 1).min().unwrap_or(1);
            let longest = members.iter().map(|&i| words[i].len()).max().unwrap_or(0);
            let differs = (from..longest).find(|&k| {
                let at: std::collections::HashSet<Option<&String>> =
                    members.iter().map(|&i| words[i].get(k)).collect();
                at.len() > 1
            });
            let Some(k) = differs else { continue };
            for &i in members {
                if k < words[i].len() {
                    chosen[i].push(k);
                    changed = true;
                }
            }
        }
        if !changed {
            return names;
        }
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
    fn request_names_come_from_titles() {
        assert_eq!(request_name("user: sendMail", false, "user-sendmail"), "SendMail");
        assert_eq!(request_name("driveItem: createUploadSession", false, "x"), "CreateUploadSession");
        assert_eq!(request_name("List manager", true, "user-list-manager"), "GetManager");
        assert_eq!(request_name("List users", false, "user-list"), "ListUsers");
        assert_eq!(request_name("Get a user's photo (deprecated)", true, "x"), "GetUserPhoto");
        assert_eq!(request_name("Get a DriveItem resource", true, "x"), "GetDriveItem");
        assert_eq!(request_name("", false, "profile-post-phones"), "ProfilePostPhones");
        assert_eq!(request_module(Some("driveItem"), "driveitem-checkin"), "drive_item");
        assert_eq!(request_module(None, "type-get"), "type_");
    }

    #[test]
    fn functions_are_named_by_addressing() {
        let names = |paths: &[&str]| {
            let words = paths
                .iter()
                .map(|p| {
                    segment_words(
                        &crate::model::Endpoint::new(p.to_string(), String::new()).segments,
                        Detail::Plain,
                    )
                })
                .collect();
            distinct_names(words)
        };
        assert_eq!(names(&["/me/sendMail", "/users/{id}/sendMail"]), ["me", "user"]);
        assert_eq!(names(&["/users"]), ["users"]);
        assert_eq!(names(&["/users/{id}/manager"]), ["user"]);
        assert_eq!(
            names(&[
                "/drives/{d}/items/{i}/content",
                "/me/drive/items/{i}/content",
                "/me/drive/items/{p}:/{f}:/content",
            ]),
            ["drive", "me", "me_by_path"]
        );
        assert_eq!(
            names(&["/me/messages", "/users/{id}/messages", "/me/mailFolders/{id}/messages"]),
            ["me", "user", "me_mail_folder"]
        );
    }

    #[test]
    fn singulars() {
        assert_eq!(singular("users"), "user");
        assert_eq!(singular("policies"), "policy");
        assert_eq!(singular("addresses"), "address");
        assert_eq!(singular("me"), "me");
    }
}
