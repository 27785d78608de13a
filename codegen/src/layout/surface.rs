//! The public Rust API a layout generates: every struct, field, enum,
//! variant, request type and request function with its type or signature.
//! `cargo xtask diff` judges semver on two of these, because what breaks
//! users is a change in the Rust API, not in the JSON; the crate keeps its
//! own as [`API_SURFACE`], so that the next generation also sees what a
//! new generator changed for the same docs.
//!
//! It decides nothing: it lists what the layout laid out, the same layout
//! emit renders. A field's chainable setter (`Field::setter`) is not
//! listed: it follows its field one to one (name and type), so the field's
//! item already carries every change of it.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::{Layout, ModelKind};
use crate::model::Api;

/// The file of the generated crate that holds its [`Surface`] as text.
pub const API_SURFACE: &str = "api-surface.txt";

const TEXT_HEADER: &str = "# The public Rust API of this crate, written by `cargo xtask gen`, which compares\n# the next generation with it: an item, its type or signature, and what in the\n# docs it comes from, separated by tabs; `inherited` marks a field from a base.\n";

/// One public item, keyed in [`Surface::items`] by its path:
/// `models::User` (a type), `models::User.display_name` (a field),
/// `models::PhoneType::Mobile` (a variant), `requests::ItemPhoneGet::me`
/// (a request function).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    /// `struct`, `enum`, a field's type (`Field<String>`), a variant's
    /// payload (`(Box<models::X>)` or empty), a function's signature.
    pub signature: String,
    /// The IR element the item comes from, for people: `type user`,
    /// `property user.x`, `member phoneType.mobile`, `GET /me`.
    pub origin: String,
    /// A field the struct has from a base type, not one it declares.
    pub inherited: bool,
}

impl Item {
    /// The signature of an `Any…` enum's method that reads a base field.
    fn reader_signature(ty: &super::RustType) -> String {
        format!("fn(&self) -> &Field<{ty}>")
    }

    /// Whether this is an `Any…` enum's method that reads a base field
    /// (its struct fields are items of their own).
    pub fn is_reader(&self) -> bool {
        self.signature.starts_with("fn(&self) -> &Field<")
    }
}

#[derive(Clone, Debug, Default)]
pub struct Surface {
    pub items: BTreeMap<String, Item>,
}

impl Surface {
    /// The public Rust API generated from `api`.
    pub fn of(api: &Api) -> Surface {
        Surface::new(api, &Layout::new(api))
    }

    /// The public Rust API of `layout`, laid out from `api`.
    pub fn new(api: &Api, layout: &Layout) -> Surface {
        let mut surface = Surface::default();
        for model in &layout.models {
            let def = api.get(model.id);
            let qualified = def.qualified();
            let path = model.path.to_string();
            match &model.kind {
                ModelKind::Enum(open) => {
                    surface.add(path.clone(), "enum".into(), format!("type {qualified}"));
                    for variant in &open.variants {
                        let origin = format!("member {qualified}.{}", variant.wire);
                        surface.add(format!("{path}::{}", variant.name), String::new(), origin);
                    }
                }
                ModelKind::Struct(structure) => {
                    surface.add(path.clone(), "struct".into(), format!("type {qualified}"));
                    for field in &structure.fields {
                        let owner = api.get(field.declared_by).qualified();
                        let item = Item {
                            signature: format!("Field<{}>", field.ty),
                            origin: format!("property {owner}.{}", field.wire),
                            inherited: field.declared_by != model.id,
                        };
                        surface.add_item(format!("{path}.{}", field.name), item);
                    }
                    let Some(any) = &structure.any else { continue };
                    let key = any.path.to_string();
                    let origin = format!("decoding of {qualified} by @odata.type");
                    surface.add(key.clone(), "enum".into(), origin.clone());
                    for variant in &any.variants {
                        let derived = api.get(variant.derived).qualified();
                        let origin = format!("type {derived} derived from {qualified}");
                        surface.add(
                            format!("{key}::{}", variant.name),
                            format!("(Box<{}>)", variant.ty),
                            origin,
                        );
                    }
                    let payload = format!("(Box<{}>)", any.base_type);
                    surface.add(format!("{key}::{}", any.base_variant), payload, origin);
                    for accessor in &any.accessors {
                        let field = &structure.fields[accessor.field];
                        let owner = api.get(field.declared_by).qualified();
                        let item = Item {
                            signature: Item::reader_signature(&field.ty),
                            origin: format!("property {owner}.{}", field.wire),
                            // Named after the struct fields that hold it.
                            inherited: true,
                        };
                        surface.add_item(format!("{key}::{}", accessor.name), item);
                    }
                }
            }
        }
        for request in &layout.requests {
            let op = &api.operations()[request.operation];
            let path = request.path.to_string();
            surface.add(path.clone(), "struct".into(), format!("operation {}", op.name));
            for function in &request.functions {
                let arguments: Vec<&str> = request.arguments(function).iter().map(|a| a.ty).collect();
                let signature = format!("fn({}) -> {}", arguments.join(", "), request.returns());
                let origin = format!("{} {}", op.method, function.template);
                surface.add(format!("{path}::{}", function.name), signature, origin);
            }
        }
        surface
    }

    /// The text of [`API_SURFACE`]: a header, then one line per item, in
    /// the order of their keys.
    pub fn to_text(&self) -> String {
        let mut text = String::from(TEXT_HEADER);
        for (key, item) in &self.items {
            // An origin quotes the docs, which may hold a tab or a newline.
            let origin = item.origin.replace(['\t', '\n', '\r'], " ");
            let _ = write!(text, "{key}\t{}\t{origin}", item.signature);
            text.push_str(if item.inherited { "\tinherited\n" } else { "\n" });
        }
        text
    }

    /// Reads the text [`Surface::to_text`] writes; a line it cannot read
    /// is an error naming that line.
    pub fn from_text(text: &str) -> Result<Surface, String> {
        let mut surface = Surface::default();
        for (index, line) in text.lines().enumerate() {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let columns: Vec<&str> = line.split('\t').collect();
            let inherited = match columns.get(3..) {
                None | Some([]) => false,
                Some(["inherited"]) => true,
                Some([_]) => return Err(format!("line {}: the fourth column is not `inherited`", index + 1)),
                Some(_) => return Err(format!("line {}: more than four columns", index + 1)),
            };
            let (Some(key), Some(signature), Some(origin)) =
                (columns.first(), columns.get(1), columns.get(2))
            else {
                return Err(format!("line {}: not an item, its signature and its origin", index + 1));
            };
            if key.is_empty() {
                return Err(format!("line {}: no item", index + 1));
            }
            let item = Item { signature: (*signature).into(), origin: (*origin).into(), inherited };
            surface.items.insert((*key).into(), item);
        }
        Ok(surface)
    }

    fn add(&mut self, key: String, signature: String, origin: String) {
        self.add_item(key, Item { signature, origin, inherited: false });
    }

    fn add_item(&mut self, key: String, item: Item) {
        // The first of duplicate names wins, as the first definition does.
        self.items.entry(key).or_insert(item);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(signature: &str, origin: &str, inherited: bool) -> Item {
        Item { signature: signature.into(), origin: origin.into(), inherited }
    }

    #[test]
    fn the_text_reads_back_as_the_same_surface() {
        let mut surface = Surface::default();
        surface.items.insert("models::A".into(), item("struct", "type a", false));
        surface.items.insert("models::A.id".into(), item("Field<String>", "property entity.id", true));
        surface.items.insert("models::E::V".into(), item("", "member e.v", false));
        surface
            .items
            .insert("requests::a::GetA::me".into(), item("fn(&str) -> Request<models::A>", "GET /me", false));
        let text = surface.to_text();
        assert!(text.starts_with("# "), "{text}");
        assert!(text.contains("models::A.id\tField<String>\tproperty entity.id\tinherited\n"), "{text}");
        assert!(text.contains("models::E::V\t\tmember e.v\n"), "{text}");
        assert_eq!(Surface::from_text(&text).unwrap().items, surface.items);
    }

    #[test]
    fn an_origin_with_a_tab_stays_one_line() {
        let mut surface = Surface::default();
        surface.items.insert("requests::a::A::f".into(), item("fn() -> Request<()>", "GET /a\t/b\nc", false));
        let read = Surface::from_text(&surface.to_text()).unwrap();
        assert_eq!(read.items["requests::a::A::f"].origin, "GET /a /b c");
    }

    #[test]
    fn a_line_it_cannot_read_is_named() {
        assert_eq!(
            Surface::from_text("# header\nmodels::A\tstruct\n").unwrap_err(),
            "line 2: not an item, its signature and its origin"
        );
        assert_eq!(
            Surface::from_text("models::A\tstruct\ttype a\tx\n").unwrap_err(),
            "line 1: the fourth column is not `inherited`"
        );
        assert_eq!(
            Surface::from_text("models::A\tstruct\ttype a\tinherited\tx\n").unwrap_err(),
            "line 1: more than four columns"
        );
        assert_eq!(Surface::from_text("\tstruct\ttype a\n").unwrap_err(), "line 1: no item");
    }
}
