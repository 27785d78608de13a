//! Cross-page resolution: collects what every page states, then resolves
//! type names, inheritance, enums and operations into the [`Api`].
//!
//! Types are keyed by their lowercased qualified name (`callrecords.session`,
//! `user`): the docs link to types in any letter case, and a sub-namespace
//! keeps same-named types apart.

use std::collections::{BTreeMap, HashSet};

use rayon::prelude::*;

use super::operations::{self, Body, DraftOperation};
use super::resolve_examples::{self, Settled};
use super::type_expr::{qualify, split_namespace, target_stem, TypeName};
use super::types::{self, DraftProperty, DraftType};
use super::{
    checks, Api, DefinedBy, Example, HttpMethod, Operation, Property, RustPath, SkippedExample, TypeDef,
    TypeKey, TypeKind, TypeRef,
};
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

fn key(qualified: &str) -> String {
    qualified.to_ascii_lowercase()
}

/// Every type stated anywhere, by key.
#[derive(Default)]
struct Registry {
    types: BTreeMap<String, DraftType>,
}

impl Registry {
    fn get(&self, qualified: &str) -> Option<&DraftType> {
        self.types.get(&key(qualified))
    }

    /// The key a reference resolves to: its explicit namespace, then the
    /// referring page's, then `microsoft.graph`, then the one namespace
    /// that has the name.
    fn resolve(&self, name: &str, explicit: Option<&str>, context: Option<&str>) -> Option<String> {
        let candidates =
            [explicit.map(|ns| qualify(Some(ns), name)), context.map(|ns| qualify(Some(ns), name))];
        if let Some(found) =
            candidates.into_iter().flatten().map(|q| key(&q)).find(|k| self.types.contains_key(k))
        {
            return Some(found);
        }
        if explicit.is_some() {
            return None;
        }
        let plain = key(name);
        if self.types.contains_key(&plain) {
            return Some(plain);
        }
        let suffix = format!(".{plain}");
        let mut elsewhere = self.types.keys().filter(|k| k.ends_with(&suffix));
        match (elsewhere.next(), elsewhere.next()) {
            (Some(only), None) => Some(only.clone()),
            _ => None,
        }
    }

    /// Adds a definition. Several pages may state the same type (intune
    /// pages restate `user` with their own properties): their properties
    /// and members are merged, the page named after the type leading, and
    /// real contradictions (a property typed differently) are reported.
    fn define(&mut self, draft: DraftType, diagnostics: &mut Diagnostics) {
        let type_key = key(&draft.qualified());
        let Some(existing) = self.types.get_mut(&type_key) else {
            self.types.insert(type_key, draft);
            return;
        };
        if existing.is_enum != draft.is_enum {
            let message = format!(
                "`{}` is an {} here but {} at {}:{}; that definition is used",
                draft.qualified(),
                if draft.is_enum { "enum" } else { "object type" },
                if existing.is_enum { "an enum" } else { "an object type" },
                existing.source,
                existing.line
            );
            diagnostics.push(&draft.source, draft.line, Code::ConflictingDefinition, message);
            return;
        }
        let named_after = |t: &DraftType| key(&target_stem(&t.source)) == key(&t.name);
        let (mut primary, other) = if named_after(&draft) && !named_after(existing) {
            (draft, std::mem::replace(existing, DraftType::new("", "", 0, DefinedBy::Page)))
        } else {
            (std::mem::replace(existing, DraftType::new("", "", 0, DefinedBy::Page)), draft)
        };
        for member in &other.members {
            if !primary.members.contains(member) {
                primary.members.push(member.clone());
            }
        }
        for property in &other.properties {
            match primary.properties.iter().find(|p| p.name == property.name) {
                None => primary.properties.push(property.clone()),
                Some(kept) if kept.expr != property.expr && kept.inherited_from.is_none() => {
                    let message = format!(
                        "`{}.{}` is typed `{}` here but `{}` at {}:{}; the latter is used",
                        other.name,
                        property.name,
                        describe(&property.expr),
                        describe(&kept.expr),
                        kept.source,
                        kept.line
                    );
                    diagnostics.push(&property.source, property.line, Code::ConflictingDefinition, message);
                }
                Some(_) => {}
            }
        }
        primary.merged_from.push(other.source.clone());
        primary.merged_from.extend(other.merged_from);
        primary.bases.extend(other.bases);
        primary.stated.extend(other.stated);
        primary.has_key |= other.has_key;
        primary.is_flags |= other.is_flags;
        primary.is_abstract |= other.is_abstract;
        if primary.description.is_empty() {
            primary.description = other.description;
        }
        *existing = primary;
    }

    /// The key of a referred type, creating an open JSON object type (and
    /// reporting it) when no page defines it.
    fn ensure(
        &mut self,
        name: &str,
        explicit: Option<&str>,
        context: Option<&str>,
        at: (&str, u32),
        diagnostics: &mut Diagnostics,
    ) -> String {
        if let Some(found) = self.resolve(name, explicit, context) {
            return found;
        }
        let (source, line) = at;
        let mut draft = DraftType::new(name, source, line, DefinedBy::Link);
        draft.namespace = draft.namespace.or_else(|| explicit.map(str::to_owned));
        diagnostics.push(
            source,
            line,
            Code::UnresolvedType,
            format!(
                "type `{}` is referred to but no page defines it; it is generated as an open JSON object",
                draft.qualified()
            ),
        );
        let type_key = key(&draft.qualified());
        self.types.insert(type_key.clone(), draft);
        type_key
    }

    /// One spelling per namespace (`termStore` and `termstore` both occur):
    /// the most frequent, so that a namespace is one Rust module.
    fn normalize_namespaces(&mut self) {
        let mut spellings: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
        for ns in self.types.values().filter_map(|t| t.namespace.clone()) {
            *spellings.entry(ns.to_ascii_lowercase()).or_default().entry(ns).or_default() += 1;
        }
        let canonical: BTreeMap<String, String> = spellings
            .into_iter()
            .filter_map(|(lower, counts)| {
                let best = counts
                    .iter()
                    .max_by_key(|(spelling, n)| (**n, std::cmp::Reverse((*spelling).clone())))?;
                Some((lower, best.0.clone()))
            })
            .collect();
        // `enums-managedtenants.md` has no Namespace line: its file name says it.
        let by_file_suffix = |source: &str| {
            let suffix = target_stem(source).strip_prefix("enums-")?.to_ascii_lowercase();
            canonical
                .iter()
                .find(|(lower, _)| lower.ends_with(&format!(".{suffix}")))
                .map(|(_, ns)| ns.clone())
        };
        let drafts = std::mem::take(&mut self.types);
        for (_, mut draft) in drafts {
            draft.namespace = match &draft.namespace {
                Some(ns) => canonical.get(&ns.to_ascii_lowercase()).cloned(),
                None => by_file_suffix(&draft.source),
            };
            self.types.insert(key(&draft.qualified()), draft);
        }
    }

    /// The IR's key of a registry key.
    fn type_key(&self, type_key: &str) -> TypeKey {
        self.types.get(type_key).map_or_else(
            || TypeKey::new(type_key, None),
            |t| TypeKey::new(t.name.clone(), t.namespace.clone()),
        )
    }
}

/// A type expression as the docs would write it, for messages.
fn describe(expr: &super::type_expr::TypeExpr) -> String {
    let name = match &expr.name {
        TypeName::Primitive(p) => (*p).to_owned(),
        TypeName::Named { name, namespace } => qualify(namespace.as_deref(), name),
        TypeName::Enumeration => "Enumeration".to_owned(),
        TypeName::Unknown(raw) => raw.clone(),
    };
    if expr.collection {
        format!("{name} collection")
    } else {
        name
    }
}

/// Builds the resolved API from all parsed pages.
pub fn build(pages: &[Page], diagnostics: &mut Diagnostics) -> Api {
    let mut registry = Registry::default();
    let mut drafts: Vec<(&Page, DraftOperation)> = Vec::new();
    for page in pages {
        let enums = types::enums(page, diagnostics);
        let resource = types::resource(page);
        let is_api = operations::is_api_page(page);
        if enums.is_empty() && resource.is_none() && !is_api {
            let line = page.title().map_or(1, |h| h.line);
            let message =
                "no HTTP request block, Properties table or enum table (a conceptual page); skipped";
            diagnostics.push(&page.path, line, Code::UnknownPageKind, message);
        }
        for draft in enums.into_iter().chain(resource) {
            registry.define(draft, diagnostics);
        }
        if is_api {
            drafts.extend(operations::operations(page, diagnostics).into_iter().map(|op| (page, op)));
        }
    }
    for (page, op) in &mut drafts {
        define_body_type(&mut registry, page, op, diagnostics);
    }
    registry.normalize_namespaces();
    distribute_inherited_rows(&mut registry);
    let properties = resolve_properties(&mut registry, diagnostics);
    let bases = resolve_bases(&mut registry, diagnostics);
    // Each API page's examples are read once: they settle the paths and
    // status the page leaves open, then the settled operation is checked
    // against them. Pages are independent: in parallel, joined in order.
    let examples_by_page: Vec<_> =
        drafts.par_iter().map(|(page, _)| resolve_examples::page_examples(page)).collect();
    let settled: Vec<(Settled, Diagnostics)> = drafts
        .par_iter()
        .zip(&examples_by_page)
        .map(|((page, draft), examples)| {
            let mut own = Diagnostics::default();
            (resolve_examples::settle(page, draft, examples, &mut own), own)
        })
        .collect();
    let mut operations = Vec::new();
    for ((page, draft), (settled, own)) in drafts.iter().zip(settled) {
        diagnostics.extend(own);
        operations.push(resolve_operation(&mut registry, page, draft, settled, diagnostics));
    }
    let known = registry
        .types
        .iter()
        .map(|(k, t)| (k.clone(), TypeKey::new(t.name.clone(), t.namespace.clone())))
        .collect();
    let checked: Vec<(Vec<Example>, Vec<SkippedExample>, Diagnostics)> = drafts
        .par_iter()
        .zip(&operations)
        .zip(&examples_by_page)
        .map(|(((page, _), op), page_examples)| {
            let (mut examples, mut skipped, mut own) = (Vec::new(), Vec::new(), Diagnostics::default());
            checks::check_page(page, op, page_examples, &known, &mut examples, &mut skipped, &mut own);
            (examples, skipped, own)
        })
        .collect();
    let (mut examples, mut skipped) = (Vec::new(), Vec::new());
    for (page_examples, page_skipped, own) in checked {
        examples.extend(page_examples);
        skipped.extend(page_skipped);
        diagnostics.extend(own);
    }
    let mut types = finish_types(&registry, properties, &bases);
    types.sort_by_key(|t| (key(&t.qualified()), t.qualified()));
    naming::assign_type_paths(&mut types);
    operations.sort_by(|a, b| a.name.cmp(&b.name));
    naming::assign_request_paths(&mut operations);
    super::areas::assign(&mut types, &mut operations, pages);
    let mut api = Api::new(types, operations);
    api.examples = examples;
    api.skipped_examples = skipped;
    api
}

/// An API page whose request body is described only by its own table (no
/// resource page for it, as on the seed page) defines the type from that
/// table; a table of parameters defines a request type of its own.
fn define_body_type(
    registry: &mut Registry,
    page: &Page,
    op: &mut DraftOperation,
    diagnostics: &mut Diagnostics,
) {
    let line = op.body_rows.first().map_or(op.line, |r| r.line);
    let context = types::sub_namespace(page);
    match op.body.clone() {
        Body::Named(name)
            if registry.resolve(&name, None, context.as_deref()).is_none() && !op.body_rows.is_empty() =>
        {
            let mut draft = DraftType::new(&name, &page.path, line, DefinedBy::Table);
            draft.namespace = draft.namespace.or(context);
            draft.properties = op.body_rows.clone();
            registry.define(draft, diagnostics);
        }
        Body::Table => {
            let response =
                op.response.as_ref().and_then(|(name, _)| registry.resolve(name, None, context.as_deref()));
            let fits_response = response.as_deref().and_then(|k| registry.types.get(k)).is_some_and(|t| {
                let props: HashSet<String> = t.properties.iter().map(|p| key(&p.name)).collect();
                op.body_rows.iter().all(|r| props.contains(&key(&r.name)))
            });
            if let (true, Some((name, _))) = (fits_response, &op.response) {
                op.body = Body::Named(name.clone());
            } else {
                let name =
                    format!("{}Request", heck::ToLowerCamelCase::to_lower_camel_case(op.name.as_str()));
                let mut draft = DraftType::new(&name, &page.path, line, DefinedBy::Table);
                draft.namespace = context;
                draft.properties = op.body_rows.clone();
                op.body = Body::Named(draft.qualified());
                registry.define(draft, diagnostics);
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
        let (source, context) = (draft.source.clone(), draft.namespace.clone());
        if draft.bases.is_empty() {
            draft.bases.push((ancestors[0].0.clone(), "inherited-rows"));
        }
        for (i, (ancestor, _)) in ancestors.iter().enumerate() {
            let ancestor_key =
                registry.resolve(ancestor, None, context.as_deref()).unwrap_or_else(|| key(ancestor));
            let entry = registry.types.entry(ancestor_key).or_insert_with(|| {
                let line = inherited
                    .iter()
                    .find(|r| r.inherited_from.as_deref() == Some(ancestor))
                    .map_or(1, |r| r.line);
                DraftType::new(ancestor, &source, line, DefinedBy::InheritedRows)
            });
            if entry.defined_by != DefinedBy::InheritedRows {
                continue; // a page of its own is authoritative
            }
            let rows = inherited
                .iter()
                .filter(|r| r.inherited_from.as_deref().is_some_and(|x| key(x) == key(ancestor)));
            for row in rows {
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

/// A resolved property type: the key of a model type, or a primitive.
enum Resolved {
    Type(String),
    Primitive(TypeRef),
}

/// Resolves every property's type, creating enums from inline value lists
/// and open types for names no page defines.
fn resolve_properties(
    registry: &mut Registry,
    diagnostics: &mut Diagnostics,
) -> BTreeMap<String, Vec<(DraftProperty, Resolved)>> {
    let keys: Vec<String> = registry.types.keys().cloned().collect();
    let mut resolved = BTreeMap::new();
    for type_key in keys {
        let Some(draft) = registry.types.get(&type_key) else { continue };
        let (owner, namespace) = (draft.name.clone(), draft.namespace.clone());
        let rows = draft.properties.clone();
        let mut properties: Vec<(DraftProperty, Resolved)> = Vec::new();
        for row in rows {
            if properties.iter().any(|(p, _)| p.name == row.name) {
                continue;
            }
            let target = resolve_row_type(registry, &owner, namespace.as_deref(), &row, diagnostics);
            properties.push((row, target));
        }
        resolved.insert(type_key, properties);
    }
    resolved
}

fn resolve_row_type(
    registry: &mut Registry,
    owner: &str,
    owner_namespace: Option<&str>,
    row: &DraftProperty,
    diagnostics: &mut Diagnostics,
) -> Resolved {
    let has_members = !row.inline_members.is_empty();
    let context = row.namespace.as_deref().or(owner_namespace);
    match &row.expr.name {
        TypeName::Primitive("String") | TypeName::Enumeration if has_members => {
            Resolved::Type(inline_enum(registry, None, owner, owner_namespace, row))
        }
        TypeName::Primitive(p) => Resolved::Primitive(TypeRef::from_names(p, None)),
        TypeName::Enumeration => {
            let message = format!("`{}` is typed Enumeration but lists no values; typed as String", row.name);
            diagnostics.push(&row.source, row.line, Code::UnknownTypeCell, message);
            Resolved::Primitive(TypeRef::Primitive(super::Primitive::String))
        }
        TypeName::Named { name, namespace } => match registry.resolve(name, namespace.as_deref(), context) {
            Some(found) => Resolved::Type(found),
            None if has_members => Resolved::Type(inline_enum(registry, Some(name), owner, context, row)),
            None => Resolved::Type(registry.ensure(
                name,
                namespace.as_deref(),
                context,
                (&row.source, row.line),
                diagnostics,
            )),
        },
        TypeName::Unknown(raw) => {
            let message = format!("cannot read the type `{raw}` of `{}`; typed as raw JSON", row.name);
            diagnostics.push(&row.source, row.line, Code::UnknownTypeCell, message);
            Resolved::Primitive(TypeRef::Json)
        }
    }
}

/// An enum from a "Possible values are" list: named by the Type cell when
/// it names one, otherwise after the property; equal lists share a type.
fn inline_enum(
    registry: &mut Registry,
    named: Option<&String>,
    owner: &str,
    namespace: Option<&str>,
    row: &DraftProperty,
) -> String {
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
        let candidate_key = key(&qualify(namespace, &candidate));
        match registry.types.get(&candidate_key) {
            Some(existing) if existing.is_enum && existing.members == *members => return candidate_key,
            Some(_) => continue,
            None => {
                let mut draft = DraftType::new(&candidate, &row.source, row.line, DefinedBy::InlineEnum);
                draft.namespace = namespace.map(str::to_owned);
                draft.is_enum = true;
                draft.members = members.clone();
                registry.types.insert(candidate_key.clone(), draft);
                return candidate_key;
            }
        }
    }
}

/// Picks each type's base, makes entity the base of keyed types without
/// one, and breaks cycles.
fn resolve_bases(registry: &mut Registry, diagnostics: &mut Diagnostics) -> BTreeMap<String, String> {
    let keys: Vec<String> = registry.types.keys().cloned().collect();
    let mut bases = BTreeMap::new();
    for type_key in &keys {
        let Some(draft) = registry.types.get(type_key).cloned() else { continue };
        let chosen = match choose_base(registry, &draft, type_key, diagnostics) {
            Some(base) => Some(base),
            None if draft.has_key && type_key != "entity" && !draft.is_enum => {
                if !registry.types.contains_key("entity") {
                    let mut entity = DraftType::new("entity", &draft.source, draft.line, DefinedBy::Implicit);
                    entity.has_key = true;
                    registry.types.insert("entity".into(), entity);
                }
                Some("entity".to_owned())
            }
            None => None,
        };
        if let Some(base) = chosen {
            bases.insert(type_key.clone(), base);
        }
    }
    break_cycles(registry, &keys, &mut bases, diagnostics);
    bases
}

/// The base a page's evidence supports. The sentence, the annotation and
/// the `Inherited from` rows disagree on some pages (most often the
/// annotation says `entity` where the sentence names an intermediate
/// type, but sometimes the sentence is the one that is wrong). A candidate
/// is consistent when the page lists every property that candidate
/// declares; the most specific consistent candidate wins, then the first.
fn choose_base(
    registry: &mut Registry,
    draft: &DraftType,
    type_key: &str,
    diagnostics: &mut Diagnostics,
) -> Option<String> {
    let context = draft.namespace.as_deref();
    let mut candidates: Vec<(String, &'static str, String)> = Vec::new();
    for (written, origin) in &draft.bases {
        let (name, explicit) = split_namespace(written);
        let found =
            registry.ensure(&name, explicit.as_deref(), context, (&draft.source, draft.line), diagnostics);
        if found != type_key && !candidates.iter().any(|(k, ..)| *k == found) {
            candidates.push((found, origin, written.clone()));
        }
    }
    if candidates.len() < 2 {
        return candidates.pop().map(|(found, ..)| found);
    }
    let consistent = |candidate: &str| {
        registry.types.get(candidate).is_some_and(|c| {
            c.properties
                .iter()
                .all(|p| p.name == "id" || draft.stated.is_empty() || draft.stated.contains(&p.name))
        })
    };
    let chains: Vec<Vec<String>> = candidates.iter().map(|(k, ..)| stated_chain(registry, k)).collect();
    let more_specific =
        |i: usize| candidates.iter().enumerate().any(|(j, (other, ..))| j != i && chains[i].contains(other));
    let chosen = (0..candidates.len())
        .filter(|&i| consistent(&candidates[i].0))
        .max_by_key(|&i| (more_specific(i), std::cmp::Reverse(i)))
        .unwrap_or(0);
    for (i, (found, origin, written)) in candidates.iter().enumerate() {
        if i != chosen && !chains[chosen].contains(found) {
            let message = format!(
                "the {origin} names base type `{written}` but the {} names `{}`; using `{}`",
                candidates[chosen].1, candidates[chosen].2, candidates[chosen].2
            );
            diagnostics.push(&draft.source, draft.line, Code::BaseTypeDisagreement, message);
        }
    }
    Some(candidates[chosen].0.clone())
}

/// A type's ancestors as their pages first state them (no new types).
fn stated_chain(registry: &Registry, start: &str) -> Vec<String> {
    let mut chain = vec![start.to_owned()];
    while let Some(next) = chain.last().and_then(|k| registry.types.get(k)).and_then(|t| {
        let (written, _) = t.bases.first()?;
        let (name, explicit) = split_namespace(written);
        registry.resolve(&name, explicit.as_deref(), t.namespace.as_deref())
    }) {
        if chain.contains(&next) {
            break;
        }
        chain.push(next);
    }
    chain
}

/// Walks each chain; the type that closes a loop loses its base.
fn break_cycles(
    registry: &Registry,
    keys: &[String],
    bases: &mut BTreeMap<String, String>,
    diagnostics: &mut Diagnostics,
) {
    for type_key in keys {
        let mut seen = vec![type_key.clone()];
        let mut current = type_key.clone();
        while let Some(base) = bases.get(&current).cloned() {
            if seen.contains(&base) {
                let names: Vec<String> = seen
                    .iter()
                    .chain([&base])
                    .filter_map(|k| registry.types.get(k))
                    .map(|t| format!("{} ({})", t.qualified(), t.source))
                    .collect();
                if let Some(draft) = registry.types.get(&current) {
                    let message = format!("inheritance cycle: {}", names.join(" → "));
                    diagnostics.push(&draft.source, draft.line, Code::InheritanceCycle, message);
                }
                bases.remove(&current);
                break;
            }
            seen.push(base.clone());
            current = base;
        }
    }
}

fn lineage_keys(bases: &BTreeMap<String, String>, start: &str) -> Vec<String> {
    let mut chain = vec![start.to_owned()];
    while let Some(base) = chain.last().and_then(|k| bases.get(k)).cloned() {
        if chain.contains(&base) {
            break;
        }
        chain.push(base);
    }
    chain
}

fn finish_types(
    registry: &Registry,
    mut properties: BTreeMap<String, Vec<(DraftProperty, Resolved)>>,
    bases: &BTreeMap<String, String>,
) -> Vec<TypeDef> {
    let mut types = Vec::with_capacity(registry.types.len());
    // Properties also declared by an ancestor belong to the ancestor.
    for type_key in registry.types.keys() {
        let inherited: HashSet<String> = lineage_keys(bases, type_key)
            .iter()
            .skip(1)
            .flat_map(|k| properties.get(k).into_iter().flatten().map(|(p, _)| p.name.clone()))
            .collect();
        if let Some(own) = properties.get_mut(type_key) {
            own.retain(|(p, _)| !inherited.contains(&p.name));
        }
    }
    for (type_key, draft) in &registry.types {
        let lineage = lineage_keys(bases, type_key);
        let keyed = lineage.iter().any(|k| k == "entity" || registry.types.get(k).is_some_and(|t| t.has_key));
        let kind = if draft.is_enum {
            TypeKind::Enum
        } else if keyed {
            TypeKind::Entity
        } else {
            TypeKind::Complex
        };
        let own = properties.remove(type_key).unwrap_or_default();
        let own = own
            .into_iter()
            .map(|(row, target)| {
                let ty = match target {
                    // The IR's spelling decides, so that a page-defined
                    // type named like a primitive (`Json`) reads back the same.
                    Resolved::Type(target) => {
                        let key = registry.type_key(&target);
                        TypeRef::from_names(&key.name, key.namespace)
                    }
                    Resolved::Primitive(ty) => ty,
                };
                Property {
                    name: row.name,
                    ty,
                    collection: row.expr.collection,
                    navigation: row.navigation,
                    description: row.description,
                }
            })
            .collect();
        types.push(TypeDef {
            name: draft.name.clone(),
            namespace: draft.namespace.clone(),
            kind,
            base: bases.get(type_key).map(|b| registry.type_key(b)),
            properties: own,
            members: draft.members.clone(),
            rust_path: RustPath::default(), // named once all types are known
            source: draft.source.clone(),
            area: String::new(), // set once all types are known
            description: draft.description.clone(),
            is_abstract: draft.is_abstract,
            flags: draft.is_flags,
            opaque: draft.defined_by == DefinedBy::Link,
            defined_by: draft.defined_by,
            merged_from: draft.merged_from.clone(),
            line: draft.line,
        });
    }
    types
}

fn resolve_operation(
    registry: &mut Registry,
    page: &Page,
    draft: &DraftOperation,
    settled: Settled,
    diagnostics: &mut Diagnostics,
) -> Operation {
    let context = types::sub_namespace(page);
    let mut reference = |qualified: &str, line: u32| {
        // `Edm.String`, `String`: a primitive, not a model type.
        if let Some(primitive) = super::type_expr::primitive(qualified) {
            return TypeRef::from_names(primitive, None);
        }
        let (name, explicit) = split_namespace(qualified);
        let found =
            registry.ensure(&name, explicit.as_deref(), context.as_deref(), (&page.path, line), diagnostics);
        let key = registry.type_key(&found);
        TypeRef::from_names(&key.name, key.namespace)
    };
    let request_body = match &draft.body {
        Body::Named(name) if !matches!(draft.method, HttpMethod::Get | HttpMethod::Delete) => {
            Some(reference(name, draft.line))
        }
        _ => None,
    };
    let (response, response_collection) = match &draft.response {
        Some((name, collection)) => (Some(reference(name, draft.response_line)), *collection),
        None => (None, false),
    };
    let rust_name = naming::request_type_name(&draft.name, |word| registry.get(word).map(|t| t.name.clone()));
    Operation {
        name: draft.name.clone(),
        method: draft.method,
        paths: settled.paths,
        request_body,
        response,
        response_collection,
        status: settled.status,
        rust_path: RustPath::new(vec!["requests".into()], rust_name),
        source: page.path.clone(),
        area: super::areas::area_of(page),
        title: draft.title.clone(),
        description: draft.description.clone(),
        query_options: draft.query_options.clone(),
        line: draft.line,
    }
}
