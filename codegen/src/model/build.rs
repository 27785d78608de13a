//! Cross-page resolution: collects what every page states, then resolves
//! type names, inheritance, enums and operations into the [`Api`].

use std::collections::{BTreeMap, BTreeSet, HashSet};

use super::operations::{self, Body, DraftOperation};
use super::type_expr::TypeName;
use super::types::{self, DraftProperty, DraftType};
use super::{checks, Api, Operation, Property, TypeDef, TypeKind};
use crate::diagnostics::{Code, Diagnostics};
use crate::naming;
use crate::parse::Page;

/// Property names too generic to name an enum on their own: `type` on
/// itemPhone becomes `itemPhoneType`, `allowedAudiences` stays itself.
const GENERIC_PROPERTY_NAMES: &[&str] = &[
    "type",
    "kind",
    "status",
    "state",
    "category",
    "mode",
    "role",
    "level",
    "scope",
    "visibility",
    "source",
    "format",
    "result",
    "reason",
    "action",
    "priority",
    "size",
    "style",
    "value",
];

/// Types by lowercased name: the docs link to types in any letter case.
#[derive(Default)]
struct Registry {
    types: BTreeMap<String, DraftType>,
}

fn key(name: &str) -> String {
    name.to_ascii_lowercase()
}

impl Registry {
    fn get(&self, name: &str) -> Option<&DraftType> {
        self.types.get(&key(name))
    }

    fn canonical(&self, name: &str) -> Option<String> {
        self.get(name).map(|t| t.name.clone())
    }

    /// Adds a definition; a second, different definition is reported and
    /// the first kept (pages are read in path order, so this is stable).
    fn define(&mut self, draft: DraftType, diagnostics: &mut Diagnostics) {
        let Some(existing) = self.types.get(&key(&draft.name)) else {
            self.types.insert(key(&draft.name), draft);
            return;
        };
        let names = |t: &DraftType| -> BTreeSet<String> {
            t.properties.iter().map(|p| key(&p.name)).chain(t.members.iter().cloned()).collect()
        };
        if existing.is_enum != draft.is_enum || names(existing) != names(&draft) {
            diagnostics.push(
                &draft.source,
                draft.line,
                Code::ConflictingDefinition,
                format!(
                    "`{}` is also defined at {}:{}, differently; that definition is used",
                    draft.name, existing.source, existing.line
                ),
            );
        }
    }

    /// A type that is only referred to: an open JSON object.
    fn ensure_linked(
        &mut self,
        name: &str,
        source: &str,
        line: u32,
        diagnostics: &mut Diagnostics,
    ) -> String {
        if let Some(canonical) = self.canonical(name) {
            return canonical;
        }
        diagnostics.push(
            source,
            line,
            Code::UnresolvedType,
            format!(
                "type `{name}` is referred to but no page defines it; it is generated as an open JSON object"
            ),
        );
        let draft = DraftType::new(name, source, line, "link");
        let canonical = draft.name.clone();
        self.types.insert(key(&canonical), draft);
        canonical
    }
}

/// Builds the resolved API from all parsed pages.
pub fn build(pages: &[Page], diagnostics: &mut Diagnostics) -> Api {
    let mut registry = Registry::default();
    let mut drafts: Vec<(&Page, DraftOperation)> = Vec::new();
    for page in pages {
        let enums = types::enums(page);
        let resource = types::resource(page);
        let is_api = operations::is_api_page(page);
        if enums.is_empty() && resource.is_none() && !is_api {
            let line = page.title().map_or(1, |h| h.line);
            diagnostics.push(
                &page.path,
                line,
                Code::UnknownPageKind,
                "not an API, resource or enum page; skipped",
            );
        }
        for draft in enums.into_iter().chain(resource) {
            registry.define(draft, diagnostics);
        }
        if is_api {
            for op in operations::operations(page, diagnostics) {
                drafts.push((page, op));
            }
        }
    }
    for (_, op) in &mut drafts {
        define_body_type(&mut registry, op, diagnostics);
    }
    distribute_inherited_rows(&mut registry);
    let properties = resolve_properties(&mut registry, diagnostics);
    let bases = resolve_bases(&mut registry, diagnostics);
    let mut api = finish_types(&registry, properties, bases);
    let mut operations = Vec::new();
    for (page, draft) in &drafts {
        let mut op = resolve_operation(&mut registry, draft, diagnostics);
        checks::check_page(page, &mut op, &registry_names(&registry), &mut api.examples, diagnostics);
        operations.push(op);
    }
    // Operations may have linked new types.
    let known: HashSet<String> = api.types.iter().map(|t| key(&t.name)).collect();
    for draft in registry.types.values().filter(|t| !known.contains(&key(&t.name))) {
        api.types.push(type_def(draft, Vec::new(), None, TypeKind::Complex));
    }
    assign_rust_paths(&mut api.types);
    operations.sort_by(|a, b| a.name.cmp(&b.name));
    let mut taken = HashSet::new();
    for op in &mut operations {
        op.rust_path = format!("requests::{}", naming::unique(std::mem::take(&mut op.rust_path), &mut taken));
    }
    api.operations = operations;
    api
}

fn registry_names(registry: &Registry) -> BTreeMap<String, String> {
    registry.types.iter().map(|(k, t)| (k.clone(), t.name.clone())).collect()
}

/// An API page whose request body is described only by its own table (no
/// resource page for it, as on the seed page) defines the type from that
/// table; a table of parameters defines a request type of its own.
fn define_body_type(registry: &mut Registry, op: &mut DraftOperation, diagnostics: &mut Diagnostics) {
    let source = op.body_rows.first().map(|r| r.source.clone()).unwrap_or_default();
    let line = op.body_rows.first().map_or(op.line, |r| r.line);
    match op.body.clone() {
        Body::Named(name) if registry.get(&name).is_none() && !op.body_rows.is_empty() => {
            let mut draft = DraftType::new(&name, &source, line, "table");
            draft.properties = op.body_rows.clone();
            registry.define(draft, diagnostics);
        }
        Body::Table => {
            let response_props: Option<HashSet<String>> = op.response.as_ref().and_then(|(name, _)| {
                registry.get(name).map(|t| t.properties.iter().map(|p| key(&p.name)).collect())
            });
            let fits_response = response_props
                .is_some_and(|props| op.body_rows.iter().all(|r| props.contains(&key(&r.name))));
            if let (true, Some((name, _))) = (fits_response, &op.response) {
                op.body = Body::Named(name.clone());
            } else {
                let name =
                    format!("{}Request", heck::ToLowerCamelCase::to_lower_camel_case(op.name.as_str()));
                let mut draft = DraftType::new(&name, &source, line, "table");
                draft.properties = op.body_rows.clone();
                registry.define(draft, diagnostics);
                op.body = Body::Named(name);
            }
        }
        _ => {}
    }
}

/// Rows marked `Inherited from [x]` belong to x. When no page defines x,
/// x is built from those rows; the order of the named ancestors gives the
/// chain (entity, the root of all keyed types, comes last).
fn distribute_inherited_rows(registry: &mut Registry) {
    let keys: Vec<String> = registry.types.keys().cloned().collect();
    for type_key in keys {
        let Some(draft) = registry.types.get_mut(&type_key) else { continue };
        let own = key(&draft.name);
        let (inherited, kept): (Vec<DraftProperty>, Vec<DraftProperty>) =
            std::mem::take(&mut draft.properties)
                .into_iter()
                .partition(|p| p.inherited_from.as_deref().is_some_and(|x| key(x) != own));
        draft.properties = kept;
        if inherited.is_empty() {
            continue;
        }
        let mut ancestors: Vec<(String, usize)> = Vec::new();
        for row in &inherited {
            let name = row.inherited_from.clone().unwrap_or_default();
            match ancestors.iter_mut().find(|(n, _)| key(n) == key(&name)) {
                Some((_, count)) => *count += 1,
                None => ancestors.push((name, 1)),
            }
        }
        ancestors.sort_by_key(|(name, count)| (key(name) == "entity", std::cmp::Reverse(*count)));
        let source = draft.source.clone();
        if draft.bases.is_empty() {
            draft.bases.push((ancestors[0].0.clone(), "inherited-rows"));
        }
        for (i, (ancestor, _)) in ancestors.iter().enumerate() {
            let entry = registry.types.entry(key(ancestor)).or_insert_with(|| {
                let line = inherited
                    .iter()
                    .find(|r| r.inherited_from.as_deref() == Some(ancestor))
                    .map_or(1, |r| r.line);
                DraftType::new(ancestor, &source, line, "inherited-rows")
            });
            if entry.defined_by != "inherited-rows" {
                continue; // a page of its own is authoritative
            }
            for row in inherited
                .iter()
                .filter(|r| r.inherited_from.as_deref().is_some_and(|x| key(x) == key(ancestor)))
            {
                if !entry.properties.iter().any(|p| p.name == row.name) {
                    let mut row = row.clone();
                    row.inherited_from = None;
                    entry.properties.push(row);
                }
            }
            if let (true, Some((next, _))) = (entry.bases.is_empty(), ancestors.get(i + 1)) {
                entry.bases.push((next.clone(), "inherited-rows"));
            }
        }
    }
}

/// Resolves every property's type, creating enums from inline value lists
/// and open types for names no page defines.
fn resolve_properties(
    registry: &mut Registry,
    diagnostics: &mut Diagnostics,
) -> BTreeMap<String, Vec<Property>> {
    let keys: Vec<String> = registry.types.keys().cloned().collect();
    let mut resolved = BTreeMap::new();
    for type_key in keys {
        let Some(draft) = registry.types.get(&type_key) else { continue };
        let owner = draft.name.clone();
        let rows = draft.properties.clone();
        let mut properties: Vec<Property> = Vec::new();
        for row in rows {
            if properties.iter().any(|p| p.name == row.name) {
                continue;
            }
            let type_name = resolve_row_type(registry, &owner, &row, diagnostics);
            properties.push(Property {
                name: row.name.clone(),
                type_name,
                collection: row.expr.collection,
                navigation: row.navigation,
                description: row.description.clone(),
            });
        }
        resolved.insert(type_key, properties);
    }
    resolved
}

fn resolve_row_type(
    registry: &mut Registry,
    owner: &str,
    row: &DraftProperty,
    diagnostics: &mut Diagnostics,
) -> String {
    let members = &row.inline_members;
    match &row.expr.name {
        TypeName::Primitive("String") if !members.is_empty() => inline_enum(registry, None, owner, row),
        TypeName::Primitive(p) => (*p).to_owned(),
        TypeName::Enumeration if !members.is_empty() => inline_enum(registry, None, owner, row),
        TypeName::Enumeration => {
            diagnostics.push(
                &row.source,
                row.line,
                Code::UnknownTypeCell,
                format!("`{}` is typed Enumeration but lists no values; typed as String", row.name),
            );
            "String".into()
        }
        TypeName::Named { name, .. } => match registry.canonical(name) {
            Some(canonical) => canonical,
            None if !members.is_empty() => inline_enum(registry, Some(name), owner, row),
            None => registry.ensure_linked(name, &row.source, row.line, diagnostics),
        },
        TypeName::Unknown(raw) => {
            diagnostics.push(
                &row.source,
                row.line,
                Code::UnknownTypeCell,
                format!("cannot read the type `{raw}` of `{}`; typed as raw JSON", row.name),
            );
            "Json".into()
        }
    }
}

/// An enum from a "Possible values are" list: named by the Type cell when
/// it names one, otherwise after the property; equal lists share a type.
fn inline_enum(registry: &mut Registry, named: Option<&String>, owner: &str, row: &DraftProperty) -> String {
    let members = &row.inline_members;
    let candidates: Vec<String> = match named {
        Some(name) => vec![name.clone()],
        None => {
            let prefixed =
                format!("{owner}{}", heck::ToUpperCamelCase::to_upper_camel_case(row.name.as_str()));
            if GENERIC_PROPERTY_NAMES.contains(&key(&row.name).as_str()) {
                vec![prefixed]
            } else {
                vec![row.name.clone(), prefixed]
            }
        }
    };
    let base = candidates.last().cloned().unwrap_or_default();
    let mut attempt = 0;
    loop {
        let candidate = candidates
            .get(attempt)
            .cloned()
            .unwrap_or_else(|| format!("{base}{}", attempt + 2 - candidates.len()));
        attempt += 1;
        match registry.get(&candidate) {
            Some(existing) if existing.is_enum && existing.members == *members => {
                return existing.name.clone()
            }
            Some(_) => continue,
            None => {
                let mut draft = DraftType::new(&candidate, &row.source, row.line, "inline-enum");
                draft.is_enum = true;
                draft.members = members.clone();
                let name = draft.name.clone();
                registry.types.insert(key(&name), draft);
                return name;
            }
        }
    }
}

/// Picks each type's base (sentence, then annotation, then rows), makes
/// entity the base of keyed types without one, and breaks cycles.
fn resolve_bases(registry: &mut Registry, diagnostics: &mut Diagnostics) -> BTreeMap<String, String> {
    let keys: Vec<String> = registry.types.keys().cloned().collect();
    let mut bases = BTreeMap::new();
    for type_key in &keys {
        let Some(draft) = registry.types.get(type_key).cloned() else { continue };
        let chosen = draft.bases.first().map(|(name, _)| name.clone());
        let chosen = match chosen {
            Some(name) if key(&name) == *type_key => None,
            Some(name) => Some(registry.ensure_linked(&name, &draft.source, draft.line, diagnostics)),
            None if draft.has_key && *type_key != "entity" && !draft.is_enum => {
                Some(registry.canonical("entity").unwrap_or_else(|| {
                    let mut entity = DraftType::new("entity", &draft.source, draft.line, "implicit");
                    entity.has_key = true;
                    registry.types.insert("entity".into(), entity);
                    "entity".into()
                }))
            }
            None => None,
        };
        if let Some(base) = chosen {
            bases.insert(type_key.clone(), base);
        }
    }
    // Cycles: walk each chain; the type that closes a loop loses its base.
    for type_key in &keys {
        let mut seen = vec![type_key.clone()];
        let mut current = type_key.clone();
        while let Some(base) = bases.get(&current).map(|b| key(b)) {
            if seen.contains(&base) {
                let names: Vec<String> = seen
                    .iter()
                    .chain([&base])
                    .filter_map(|k| registry.types.get(k))
                    .map(|t| format!("{} ({})", t.name, t.source))
                    .collect();
                if let Some(draft) = registry.types.get(&current) {
                    diagnostics.push(
                        &draft.source,
                        draft.line,
                        Code::InheritanceCycle,
                        format!("inheritance cycle: {}", names.join(" → ")),
                    );
                }
                bases.remove(&current);
                break;
            }
            seen.push(base.clone());
            current = base;
        }
    }
    // Disagreeing sources, now that chains are known.
    for type_key in &keys {
        let Some(draft) = registry.types.get(type_key) else { continue };
        let lineage = lineage_keys(&bases, type_key);
        for (name, origin) in draft.bases.iter().skip(1) {
            if !lineage.contains(&key(name)) && key(name) != *type_key {
                let chosen = draft.bases.first().map(|(n, o)| format!("`{n}` ({o})")).unwrap_or_default();
                diagnostics.push(&draft.source, draft.line, Code::BaseTypeDisagreement, format!("the {origin} names base type `{name}`, which is not an ancestor of `{}`; using {chosen}", draft.name));
            }
        }
    }
    bases
}

fn lineage_keys(bases: &BTreeMap<String, String>, start: &str) -> Vec<String> {
    let mut chain = vec![start.to_owned()];
    while let Some(base) = chain.last().and_then(|k| bases.get(k)).map(|b| key(b)) {
        if chain.contains(&base) {
            break;
        }
        chain.push(base);
    }
    chain
}

fn finish_types(
    registry: &Registry,
    mut properties: BTreeMap<String, Vec<Property>>,
    bases: BTreeMap<String, String>,
) -> Api {
    let mut api = Api::default();
    // Properties also declared by an ancestor belong to the ancestor.
    for type_key in registry.types.keys() {
        let inherited: HashSet<String> = lineage_keys(&bases, type_key)
            .iter()
            .skip(1)
            .flat_map(|k| properties.get(k).into_iter().flatten().map(|p| p.name.clone()))
            .collect();
        if let Some(own) = properties.get_mut(type_key) {
            own.retain(|p| !inherited.contains(&p.name));
        }
    }
    for (type_key, draft) in &registry.types {
        let lineage = lineage_keys(&bases, type_key);
        let keyed = lineage.iter().any(|k| k == "entity" || registry.types.get(k).is_some_and(|t| t.has_key));
        let kind = if draft.is_enum {
            TypeKind::Enum
        } else if keyed {
            TypeKind::Entity
        } else {
            TypeKind::Complex
        };
        let own = properties.remove(type_key).unwrap_or_default();
        api.types.push(type_def(draft, own, bases.get(type_key).cloned(), kind));
    }
    api
}

fn type_def(draft: &DraftType, properties: Vec<Property>, base: Option<String>, kind: TypeKind) -> TypeDef {
    TypeDef {
        name: draft.name.clone(),
        namespace: draft.namespace.clone(),
        kind,
        base,
        properties,
        members: draft.members.clone(),
        rust_path: String::new(),
        source: draft.source.clone(),
        description: draft.description.clone(),
        is_abstract: draft.is_abstract,
        opaque: draft.defined_by == "link",
        defined_by: draft.defined_by,
        line: draft.line,
    }
}

fn resolve_operation(
    registry: &mut Registry,
    draft: &DraftOperation,
    diagnostics: &mut Diagnostics,
) -> Operation {
    let source = draft.source.clone();
    let request_body = match &draft.body {
        Body::Named(name) if draft.method != "GET" && draft.method != "DELETE" => {
            Some(registry.ensure_linked(name, &source, draft.line, diagnostics))
        }
        _ => None,
    };
    let (response, response_collection) = match &draft.response {
        Some((name, collection)) => {
            (Some(registry.ensure_linked(name, &source, draft.response_line, diagnostics)), *collection)
        }
        None => (None, false),
    };
    Operation {
        name: draft.name.clone(),
        method: draft.method.clone(),
        paths: draft.paths.iter().map(|(p, _)| p.clone()).collect(),
        request_body,
        response,
        response_collection,
        status: draft.status.unwrap_or(0),
        rust_path: operation_type_name(registry, &draft.name),
        source,
        title: draft.title.clone(),
        description: draft.description.clone(),
        query_options: draft.query_options.clone(),
        line: draft.line,
    }
}

/// `itemphone-get` → `ItemPhoneGet`: words of the page name that name a
/// type take that type's casing.
fn operation_type_name(registry: &Registry, page_name: &str) -> String {
    let words: Vec<String> = page_name
        .split(['-', '_', '.'])
        .map(|word| registry.canonical(word).unwrap_or_else(|| word.to_owned()))
        .collect();
    naming::pascal(&words.join(" "))
}

/// Sorts types by name and gives each a unique Rust path.
fn assign_rust_paths(types: &mut [TypeDef]) {
    types.sort_by(|a, b| (key(&a.name), &a.name, &a.namespace).cmp(&(key(&b.name), &b.name, &b.namespace)));
    let mut taken = HashSet::new();
    for def in types.iter_mut() {
        let name = naming::unique(naming::pascal(&def.name), &mut taken);
        def.rust_path = format!("models::{name}");
    }
}
