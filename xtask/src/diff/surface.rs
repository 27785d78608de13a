//! The public Rust API a model generates: every struct, field, enum,
//! variant, request type and request function with its type or signature.
//! The semver verdict compares two of these, because what breaks users is
//! a change in the Rust API, not in the JSON.
//!
//! It decides nothing: it lists what `codegen::layout` laid out, the same
//! layout emit renders. A field's chainable setter (`Field::setter`) is
//! not listed: it follows its field one to one (name and type), so the
//! field's item already carries every change of it.

use std::collections::BTreeMap;

use codegen::layout::{Layout, ModelKind};
use codegen::model::Api;

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

#[derive(Clone, Debug, Default)]
pub struct Surface {
    pub items: BTreeMap<String, Item>,
}

impl Surface {
    /// The public Rust API generated from `api`.
    pub fn of(api: &Api) -> Surface {
        let layout = Layout::new(api);
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

    fn add(&mut self, key: String, signature: String, origin: String) {
        self.add_item(key, Item { signature, origin, inherited: false });
    }

    fn add_item(&mut self, key: String, item: Item) {
        // The first of duplicate names wins, as the first definition does.
        self.items.entry(key).or_insert(item);
    }
}
