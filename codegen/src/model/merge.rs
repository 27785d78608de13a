//! One endpoint, one operation. Pages overlap: `calendar-list-events` and
//! `user-list-events` both document `GET /me/calendar/events`, and the
//! extended-property pages restate other pages' endpoints. Each (method,
//! endpoint) is served by the operation whose page documents it most
//! directly; the others lose it and cite nothing twice.

use std::collections::BTreeMap;

use super::endpoint::canonical;
use super::{Example, ExampleKind, Operation};

/// How directly an operation documents an endpoint: real paths before
/// ones known only from query-string lines, then the earlier in its
/// page's list, then the page about a resource the path names
/// (`message-post-attachments`, not `eventmessage-post-attachments`, for
/// `/me/messages/{id}/attachments`), then the page with the shorter name
/// (`user-get` before `intune-devices-user-get`), then the page name.
type Claim = (bool, usize, bool, usize, String);

/// False when the page's resource (`message` of `message-post-attachments`)
/// is a literal segment of the path, singular or plural.
fn names_other_resource(page: &str, segments: &[super::Segment]) -> bool {
    let resource = page.split('-').next().unwrap_or_default().to_ascii_lowercase();
    let named = |text: &str| {
        let text = text.to_ascii_lowercase();
        text == resource || text.strip_suffix('s').is_some_and(|one| one == resource)
    };
    !segments.iter().any(|segment| matches!(segment, super::Segment::Literal(text) if named(text)))
}

/// Removes every endpoint from all operations but its owner; operations
/// left with none are dropped, their page cited by the owner
/// (`merged_from`); a usage note goes to the owner of its path too. `from_usage[i]` says
/// operation `i` knows its endpoints only from usage lines. Examples of a
/// moved endpoint follow it.
pub fn merge_endpoints(
    operations: Vec<Operation>,
    from_usage: &[bool],
    examples: &mut [Example],
) -> Vec<Operation> {
    let mut owners: BTreeMap<(super::HttpMethod, String), (Claim, usize)> = BTreeMap::new();
    for (i, op) in operations.iter().enumerate() {
        for (position, endpoint) in op.endpoints.iter().enumerate() {
            let other = names_other_resource(&op.name, &endpoint.segments);
            let claim = (from_usage[i], position, other, op.name.split('-').count(), op.name.clone());
            let entry =
                owners.entry((op.method, canonical(&endpoint.segments))).or_insert((claim.clone(), i));
            if claim < entry.0 {
                *entry = (claim, i);
            }
        }
    }
    let mut operations = operations;
    // (operation, template) moved → (owner, owner's template).
    let mut moved: BTreeMap<(String, String), (String, String)> = BTreeMap::new();
    let mut cited: Vec<(usize, String)> = Vec::new();
    for i in 0..operations.len() {
        let op = &operations[i];
        let mut kept = Vec::new();
        for endpoint in &op.endpoints {
            let key = canonical(&endpoint.segments);
            let owner = owners[&(op.method, key.clone())].1;
            let twice = kept.iter().any(|e: &super::Endpoint| canonical(&e.segments) == key);
            if owner == i && !twice {
                kept.push(endpoint.clone());
                continue;
            }
            let owner_op = &operations[owner];
            let template = owner_op
                .endpoints
                .iter()
                .find(|e| canonical(&e.segments) == canonical(&endpoint.segments))
                .map(|e| e.template.clone())
                .unwrap_or_default();
            moved.insert((op.name.clone(), endpoint.template.clone()), (owner_op.name.clone(), template));
            cited.push((owner, op.source.clone()));
        }
        operations[i].endpoints = kept;
    }
    for (owner, source) in cited {
        let owner = &mut operations[owner];
        if owner.source != source && !owner.merged_from.contains(&source) {
            owner.merged_from.push(source);
        }
    }
    // A usage note belongs with the operation that serves its path.
    let notes: Vec<(usize, String)> = operations
        .iter()
        .flat_map(|op| op.usage.iter().map(move |line| (op.method, line)))
        .filter_map(|(method, line)| {
            let path = line.split_once(' ')?.1.split('?').next()?;
            let segments = super::endpoint::parse(path);
            Some((owners.get(&(method, canonical(&segments)))?.1, line.clone()))
        })
        .collect();
    for (owner, line) in notes {
        if !operations[owner].usage.contains(&line) {
            operations[owner].usage.push(line);
        }
    }
    for example in examples.iter_mut() {
        // Response examples name their type, not their operation.
        if let ExampleKind::Request { template, .. } = &mut example.kind {
            if let Some((owner, owner_template)) = moved.get(&(example.operation.clone(), template.clone())) {
                example.operation = owner.clone();
                *template = owner_template.clone();
            }
        }
    }
    operations.retain(|op| !op.endpoints.is_empty());
    for op in &mut operations {
        op.merged_from.sort();
    }
    operations
}
