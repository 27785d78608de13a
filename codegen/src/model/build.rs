//! Cross-page resolution: collects what every page states, then resolves
//! type names, inheritance, enums and operations into the [`Api`].
//!
//! Types are keyed by their lowercased qualified name (`callrecords.session`,
//! `user`): the docs link to types in any letter case, and a sub-namespace
//! keeps same-named types apart.

use std::collections::{BTreeMap, HashSet};
use std::ops::Deref;

use rayon::prelude::*;

use super::operations::{self, Body, DraftOperation};
use super::resolve_examples::{self, Settled};
use super::type_expr::{qualify, split_namespace, target_stem, TypeName};
use super::types::{self, DraftProperty, DraftType};
use super::{
    checks, Api, DefinedBy, Endpoint, Example, HttpMethod, Operation, Parameter, Place, Primitive, Property,
    RequestBody, RustPath, Segment, SkippedExample, TypeDef, TypeKey, TypeKind, TypeRef,
};
use crate::diagnostics::{Code, Diagnostics};
use crate::naming;
use crate::parse::Page;

fn key(qualified: &str) -> String {
    qualified.to_ascii_lowercase()
}

/// Every type stated anywhere, by key.
#[derive(Default)]
struct Registry {
    types: Types,
}

/// The registry's types by key, the keys also indexed by their end: which
/// keys end with a name is asked for every run of page-name words of every
/// operation (`resource_of`), and a scan of all types for each made
/// resolution quadratic (1.5 s of beta's 5). Reads go to the map itself;
/// every change of its keys goes through here, so the index stays whole.
#[derive(Default)]
struct Types {
    by_key: BTreeMap<String, DraftType>,
    /// Every key by its bytes reversed: the keys that end with some bytes
    /// are the range of those that start with them reversed.
    reversed: BTreeMap<Vec<u8>, String>,
}

impl Deref for Types {
    type Target = BTreeMap<String, DraftType>;

    fn deref(&self) -> &Self::Target {
        &self.by_key
    }
}

impl Types {
    fn insert(&mut self, type_key: String, draft: DraftType) {
        self.reversed.insert(reversed(&type_key), type_key.clone());
        self.by_key.insert(type_key, draft);
    }

    /// The draft under `type_key`, made by `make` when there is none.
    fn get_or_insert_with(&mut self, type_key: String, make: impl FnOnce() -> DraftType) -> &mut DraftType {
        self.reversed.insert(reversed(&type_key), type_key.clone());
        self.by_key.entry(type_key).or_insert_with(make)
    }

    fn get_mut(&mut self, type_key: &str) -> Option<&mut DraftType> {
        self.by_key.get_mut(type_key)
    }

    /// Every draft, leaving none.
    fn take_all(&mut self) -> BTreeMap<String, DraftType> {
        self.reversed.clear();
        std::mem::take(&mut self.by_key)
    }

    /// The keys that end with `suffix` (as `str::ends_with` says), in the
    /// order of their reversed bytes.
    fn ending_with<'a>(&'a self, suffix: &str) -> impl Iterator<Item = (&'a String, &'a DraftType)> + 'a {
        let start = reversed(suffix);
        self.reversed
            .range(start.clone()..)
            .take_while(move |(r, _)| r.starts_with(&start))
            .filter_map(|(_, type_key)| self.by_key.get_key_value(type_key))
    }
}

fn reversed(text: &str) -> Vec<u8> {
    text.bytes().rev().collect()
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
        let mut elsewhere = self.types.ending_with(&format!(".{plain}"));
        match (elsewhere.next(), elsewhere.next()) {
            (Some((only, _)), None) => Some(only.clone()),
            _ => None,
        }
    }

    /// The one type whose name ends with `name` (any case), at least
    /// twice as long: `rangeformat` → `workbookRangeFormat`.
    fn by_suffix(&self, name: &str) -> Option<String> {
        let name = key(name);
        if name.len() < 8 {
            return None;
        }
        let mut found = self
            .types
            .ending_with(&name)
            .filter(|(k, t)| k.len() > name.len() && t.defined_by == DefinedBy::Page && !t.is_enum);
        match (found.next(), found.next()) {
            (Some((k, _)), None) => Some(k.clone()),
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
        let drafts = self.types.take_all();
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
    let stated: Vec<Stated> = pages.par_iter().map(Stated::new).collect();
    for (page, stated) in pages.iter().zip(stated) {
        diagnostics.extend(stated.diagnostics);
        for draft in stated.types {
            registry.define(draft, diagnostics);
        }
        drafts.extend(stated.operations.into_iter().map(|op| (page, op)));
    }
    for (page, op) in &mut drafts {
        op.resource = resource_of(&registry, page, op);
        define_body_type(&mut registry, page, op, diagnostics);
    }
    registry.normalize_namespaces();
    distribute_inherited_rows(&mut registry);
    let properties = resolve_properties(&mut registry, diagnostics);
    let mut bases = resolve_bases(&mut registry, diagnostics);
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
    let locations: Vec<Vec<&str>> = examples_by_page.iter().map(|examples| locations(examples)).collect();
    key_types_by_usage(&mut registry, &properties, &operations, &locations, &mut bases);
    let mut types = finish_types(&registry, properties, &bases);
    drop_unused_inline_enums(&mut types, &operations);
    types.sort_by_key(|t| (key(&t.qualified()), t.qualified()));
    naming::assign_type_paths(&mut types);
    let from_usage: Vec<bool> = drafts.iter().map(|(_, d)| d.endpoints_from_usage).collect();
    let mut operations = super::merge::merge_endpoints(operations, &from_usage, &mut examples);
    operations.sort_by(|a, b| a.name.cmp(&b.name));
    naming::assign_request_paths(&mut operations);
    operations.iter_mut().for_each(naming::assign_function_names);
    super::areas::assign(&mut types, &mut operations, pages);
    let mut api = Api::new(types, operations);
    api.examples = examples;
    api.skipped_examples = skipped;
    api
}

/// What one page states on its own: its enums, its resource type and its
/// operations. Pages are independent until their types meet in the
/// registry, so they are read in parallel (diagnostics are sorted at the
/// end, so the order they are pushed in never shows).
struct Stated {
    types: Vec<DraftType>,
    operations: Vec<DraftOperation>,
    diagnostics: Diagnostics,
}

impl Stated {
    fn new(page: &Page) -> Stated {
        let mut diagnostics = Diagnostics::default();
        let mut types = types::enums(page, &mut diagnostics);
        types.extend(types::resource(page));
        for draft in &types {
            types::check_size(page, draft, &mut diagnostics);
        }
        let is_api = operations::is_api_page(page);
        if types.is_empty() && !is_api {
            let line = page.title().map_or(1, |h| h.line);
            let message =
                "no HTTP request block, Properties table or enum table (a conceptual page); skipped";
            diagnostics.push(&page.path, line, Code::UnknownPageKind, message);
        }
        let operations = if is_api { operations::operations(page, &mut diagnostics) } else { Vec::new() };
        Stated { types, operations, diagnostics }
    }
}

/// The resource an operation acts on, as a registry key: the type its
/// title names before `:` (`driveItem: checkin`), else the longest run of
/// its page name's words that names a type (`calendar-list-events`), where
/// area words may come first (`intune-devices-manageddevice-retire`) and a
/// type may carry a prefix (`rangeformat` is `workbookRangeFormat`); a
/// page named by its verb is on the type it returns.
fn resource_of(registry: &Registry, page: &Page, op: &DraftOperation) -> Option<String> {
    let context = types::sub_namespace(page);
    let find =
        |name: &str| registry.resolve(name, None, context.as_deref()).or_else(|| registry.by_suffix(name));
    if let Some((prefix, _)) = op.title.split_once(':') {
        if let Some(found) = find(prefix.trim().trim_matches('`')) {
            return Some(found);
        }
    }
    let stem = target_stem(&page.path);
    let words: Vec<&str> = stem.split(['-', '_', '.']).collect();
    // The resource comes before the verb; of the runs that name a type,
    // the longest (`devicecompliancepolicy`, not the area word `shared`).
    let before_verb =
        words.iter().position(|w| VERBS.contains(&w.to_ascii_lowercase().as_str())).unwrap_or(words.len());
    let mut best: Option<(usize, String)> = None;
    for start in 0..before_verb.max(1) {
        for end in start + 1..=words.len() {
            let run = words[start..end].concat();
            if best.as_ref().is_some_and(|(len, _)| *len >= run.len()) {
                continue;
            }
            if let Some(found) = find(&run) {
                best = Some((run.len(), found));
            }
        }
    }
    // A page named by a verb first (`list-featurerolloutpolicies`) is on
    // what it returns; another keeps its first word as its module.
    let verb_first = before_verb == 0;
    best.map(|(_, found)| found)
        .or_else(|| op.response.as_ref().filter(|_| verb_first).and_then(|(name, _)| find(name)))
}

/// Page-name words that name what is done, not to what.
const VERBS: &[&str] = &["list", "get", "post", "create", "update", "delete", "add", "remove", "put"];

/// An API page whose request body is described only by its own table (no
/// resource page for it, as on the seed page) defines the type from that
/// table. A table that restates the resource's properties (an update) is
/// the resource; one of the response's properties is the response type;
/// any other table is an action's parameters and defines a body type.
fn define_body_type(
    registry: &mut Registry,
    page: &Page,
    op: &mut DraftOperation,
    diagnostics: &mut Diagnostics,
) {
    let line = op.body_rows.first().map_or(op.line, |r| r.line);
    let context = types::sub_namespace(page);
    let writes = matches!(op.method, HttpMethod::Post | HttpMethod::Put | HttpMethod::Patch);
    if writes && op.body == Body::None && op.paths.iter().all(|(p, _)| p.ends_with("/$ref")) {
        // Adding a reference sends `{"@odata.id": "…"}` whatever the page says.
        op.body = Body::Named(reference_type(registry, page, line, diagnostics));
        return;
    }
    if op.method == HttpMethod::Patch && op.body == Body::None {
        // An update that lists no properties takes the resource's.
        if let Some(resource) = op.resource.as_deref().and_then(|k| registry.types.get(k)) {
            op.body = Body::Named(resource.qualified());
            return;
        }
    }
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
            let share_of = |qualified: Option<&str>| {
                let Some(t) = qualified.and_then(|k| registry.types.get(k)) else { return 0.0 };
                let props: HashSet<String> = t
                    .properties
                    .iter()
                    .map(|p| key(&p.name))
                    .chain(t.stated.iter().map(|n| key(n)))
                    .collect();
                let known = op.body_rows.iter().filter(|r| props.contains(&key(&r.name))).count();
                known as f64 / op.body_rows.len().max(1) as f64
            };
            let resource = op.resource.clone();
            let updates = matches!(op.method, HttpMethod::Patch | HttpMethod::Put);
            let response =
                op.response.as_ref().and_then(|(name, _)| registry.resolve(name, None, context.as_deref()));
            if updates && share_of(resource.as_deref()) >= RESTATES_RESOURCE {
                let resource =
                    resource.as_deref().and_then(|k| registry.types.get(k)).map(DraftType::qualified);
                op.body = Body::Named(resource.unwrap_or_default());
            } else if let Some((name, _)) =
                op.response.as_ref().filter(|_| share_of(response.as_deref()) >= 1.0)
            {
                op.body = Body::Named(name.clone());
            } else {
                let resource_name =
                    resource.as_deref().and_then(|k| registry.types.get(k)).map(|t| t.name.clone());
                let name = naming::body_type_name(resource_name.as_deref(), &request_type_name(op));
                let mut draft = DraftType::new(&name, &page.path, line, DefinedBy::Table);
                draft.namespace = context;
                draft.properties = op.body_rows.clone();
                op.body = Body::Parameters(draft.qualified());
                registry.define(draft, diagnostics);
            }
        }
        _ => {}
    }
}

/// `referenceCreate`, the body of every `POST …/$ref`: the `@odata.id`
/// URL of the object to add. Defined once, where it is first needed.
fn reference_type(registry: &mut Registry, page: &Page, line: u32, diagnostics: &mut Diagnostics) -> String {
    const NAME: &str = "referenceCreate";
    if registry.get(NAME).is_none() {
        let mut draft = DraftType::new(NAME, &page.path, line, DefinedBy::Implicit);
        draft.description = "The body that adds a reference: the `@odata.id` URL of the object.".into();
        draft.properties = vec![DraftProperty {
            name: "@odata.id".into(),
            expr: super::type_expr::TypeExpr { name: TypeName::Primitive("String"), collection: false },
            navigation: false,
            description: "The URL of the object to reference.".into(),
            inline_members: Vec::new(),
            inherited_from: None,
            line,
            source: page.path.clone(),
            namespace: None,
        }];
        registry.define(draft, diagnostics);
    }
    NAME.to_owned()
}

/// The share of an update's body rows that must be the resource's
/// properties for the body to be the resource itself (the rest are rows
/// the resource page does not list, or misspelled).
const RESTATES_RESOURCE: f64 = 0.8;

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
            let entry = registry.types.get_or_insert_with(ancestor_key, || {
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
/// it names one, otherwise by its owner and property (`itemPhoneType`,
/// `approvalDecision`: a property name alone is too often a word another
/// type needs, `decision`, `error`, `id`); the same owner and list share a
/// type.
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
        None => vec![format!("{owner}{}", heck::ToUpperCamelCase::to_upper_camel_case(row.name.as_str()))],
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

/// Drops the enums made from value lists of rows that turned out to be
/// another type's (a derived page repeating its base's `status` row).
fn drop_unused_inline_enums(types: &mut Vec<TypeDef>, operations: &[Operation]) {
    let named = |ty: &TypeRef| match ty {
        TypeRef::Named(key) => Some(key.qualified().to_ascii_lowercase()),
        _ => None,
    };
    let from_types = types.iter().flat_map(|t| &t.properties).map(|p| &p.ty);
    let from_operations = operations.iter().flat_map(|op| {
        let body = match &op.body {
            RequestBody::Json(ty) | RequestBody::Parameters(ty) => Some(ty),
            _ => None,
        };
        op.parameters.iter().map(|p| &p.ty).chain(op.response.as_ref()).chain(body)
    });
    let used: HashSet<String> = from_types.chain(from_operations).filter_map(named).collect();
    types.retain(|t| {
        t.defined_by != DefinedBy::InlineEnum || used.contains(&t.qualified().to_ascii_lowercase())
    });
}

/// Gives `entity` as base to the topmost ancestor of each type the API
/// pages show to be keyed although its page does not (see `keyed`).
fn key_types_by_usage(
    registry: &mut Registry,
    properties: &BTreeMap<String, Vec<(DraftProperty, Resolved)>>,
    operations: &[Operation],
    locations: &[Vec<&str>],
    bases: &mut BTreeMap<String, String>,
) {
    let navigation_targets = properties.values().flatten().filter_map(|(row, target)| match target {
        Resolved::Type(target) if row.navigation => Some(target.as_str()),
        _ => None,
    });
    let states_id = |type_key: &str| {
        properties.get(type_key).is_some_and(|rows| rows.iter().any(|(p, _)| p.name == "id"))
    };
    for type_key in super::keyed::keyed_by_usage(navigation_targets, operations, states_id, locations) {
        let lineage = lineage_keys(bases, &type_key);
        let Some(root) = lineage.last() else { continue };
        let keyed = |k: &String| k == "entity" || registry.types.get(k).is_some_and(|t| t.has_key);
        let is_struct = registry.types.get(root).is_some_and(|t| !t.is_enum);
        if is_struct && !lineage.iter().any(keyed) {
            let draft = &registry.types[root];
            let (source, line) = (draft.source.clone(), draft.line);
            ensure_entity(registry, &source, line);
            bases.insert(root.clone(), "entity".to_owned());
        }
    }
}

/// The `Location`s of a page's successful response examples.
fn locations<'a>(examples: &[super::examples::HttpExample<'a>]) -> Vec<&'a str> {
    let successful = examples.iter().filter(|example| {
        matches!(example.start, super::examples::Start::Response { status } if (200..300).contains(&status))
    });
    let headers = successful.flat_map(|example| &example.headers);
    headers.filter(|(name, ..)| name.eq_ignore_ascii_case("location")).map(|(_, value, _)| *value).collect()
}

/// The `entity` type, made when no page defines it.
fn ensure_entity(registry: &mut Registry, source: &str, line: u32) {
    if !registry.types.contains_key("entity") {
        let mut entity = DraftType::new("entity", source, line, DefinedBy::Implicit);
        entity.has_key = true;
        registry.types.insert("entity".into(), entity);
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
                ensure_entity(registry, &draft.source, draft.line);
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
        let found = if *origin == types::UNLINKED_SENTENCE {
            // A guess from words: only a type some page defines.
            let Some(found) = registry.resolve(&name, explicit.as_deref(), context) else { continue };
            found
        } else {
            registry.ensure(&name, explicit.as_deref(), context, (&draft.source, draft.line), diagnostics)
        };
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
    for (type_key, draft) in registry.types.iter() {
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
    let body = match &draft.body {
        _ if matches!(draft.method, HttpMethod::Get | HttpMethod::Delete) => RequestBody::None,
        Body::Named(name) => match reference(name, draft.line) {
            TypeRef::Primitive(Primitive::Stream | Primitive::Binary) => {
                RequestBody::Bytes { content_type: None }
            }
            ty => RequestBody::Json(ty),
        },
        Body::Parameters(name) => RequestBody::Parameters(reference(name, draft.line)),
        Body::Bytes => RequestBody::Bytes { content_type: None },
        Body::Table | Body::None => RequestBody::None,
    };
    let (response, response_collection) = match &draft.response {
        Some((name, collection)) => (Some(reference(name, draft.response_line)), *collection),
        None => (None, false),
    };
    let endpoints: Vec<Endpoint> =
        settled.paths.into_iter().map(|template| Endpoint::new(template, page.path.clone())).collect();
    let mut parameters = path_parameters(&endpoints, &draft.parameters);
    parameters.extend(draft.parameters.iter().filter(|p| p.place != Place::Path).cloned());
    if let RequestBody::Parameters(_) = body {
        parameters.extend(draft.body_rows.iter().map(|row| body_parameter(row, &mut reference)));
    }
    let resource = draft.resource.as_deref().and_then(|k| registry.get(k)).map(|t| t.name.clone());
    let module = naming::request_module(resource.as_deref(), &draft.name);
    let rust_name = request_type_name(draft);
    Operation {
        name: draft.name.clone(),
        method: draft.method,
        endpoints,
        parameters,
        body,
        response,
        response_collection,
        status: settled.status,
        rust_path: RustPath::new(vec!["requests".into(), module], rust_name),
        source: page.path.clone(),
        merged_from: Vec::new(),
        usage: draft.usage.clone(),
        area: super::areas::area_of(page),
        title: draft.title.clone(),
        description: draft.description.clone(),
        query_options: draft.query_options.clone(),
        line: draft.line,
    }
}

/// The request type's name: the action its paths end with when its page
/// is named after it (`driveitem-createuploadsession` →
/// `CreateUploadSession`), else from its title; a page's raw-content
/// operation adds `Value`.
fn request_type_name(draft: &DraftOperation) -> String {
    let segments: Vec<Vec<Segment>> = draft.paths.iter().map(|(p, _)| super::endpoint::parse(p)).collect();
    let last_segments: Vec<&str> = segments
        .iter()
        .filter_map(|s| match s.last() {
            Some(Segment::Literal(text)) => Some(text.as_str()),
            Some(Segment::Function { name, .. }) => Some(name.as_str()),
            _ => None,
        })
        .collect();
    let has_verb = draft.name.split('-').any(|w| VERBS.contains(&w.to_ascii_lowercase().as_str()));
    let action = (last_segments.len() == segments.len() && !has_verb)
        .then(|| naming::action_name(&draft.name, &last_segments))
        .flatten();
    let single = draft.response.as_ref().is_some_and(|(_, collection)| !collection);
    let mut name = action.unwrap_or_else(|| naming::request_name(&draft.title, single, &draft.name));
    if draft.raw_value {
        name.push_str("Value");
    }
    name
}

/// Every placeholder of the endpoints once, typed by the page's "Path
/// parameters" or "Function parameters" table where it lists it (names
/// compared without case and separators: `{user-id}` is `userId`).
fn path_parameters(endpoints: &[Endpoint], documented: &[Parameter]) -> Vec<Parameter> {
    let plain = |name: &str| {
        name.chars().filter(char::is_ascii_alphanumeric).collect::<String>().to_ascii_lowercase()
    };
    let mut out: Vec<Parameter> = Vec::new();
    for name in endpoints.iter().flat_map(|e| super::endpoint::params(&e.segments)) {
        if out.iter().any(|p| p.name == name) {
            continue;
        }
        let stated = documented.iter().find(|p| p.place == Place::Path && plain(&p.name) == plain(name));
        out.push(Parameter {
            name: name.to_owned(),
            place: Place::Path,
            ty: stated.map_or(TypeRef::Primitive(Primitive::String), |p| p.ty.clone()),
            collection: false,
            required: true,
        });
    }
    out
}

/// A row of an action's parameter table as a body parameter.
fn body_parameter(row: &DraftProperty, reference: &mut impl FnMut(&str, u32) -> TypeRef) -> Parameter {
    let ty = match &row.expr.name {
        TypeName::Primitive(p) => TypeRef::from_names(p, None),
        TypeName::Named { name, namespace } => reference(&qualify(namespace.as_deref(), name), row.line),
        TypeName::Enumeration | TypeName::Unknown(_) => TypeRef::Primitive(Primitive::String),
    };
    let lower = row.description.to_ascii_lowercase();
    let required =
        lower.starts_with("required") || lower.contains(" required.") && !lower.contains("optional");
    Parameter { name: row.name.clone(), place: Place::Body, ty, collection: row.expr.collection, required }
}
