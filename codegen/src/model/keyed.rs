//! Entities whose own pages do not say so. A resource page marks an entity
//! by a `keyProperty` annotation or an `entity` base, but some fifty pages
//! state neither (and often leave out the `id` row) for types the service
//! keys: `alert`, `participant`, `onlineMeeting`, the comms operations. The
//! API pages show it, and the evidence read here is theirs:
//!
//! - a relationship (a navigation property) only ever targets entities;
//! - an operation answering one `T` at `…/ts/{key}` addresses it by key;
//! - a `GET` listing `T`s at `…/ts` reads an entity set;
//! - a `GET` of one `T` at `…/t` reads a single-valued relationship, where
//!   the page lists an `id` (a complex property read alone, like
//!   `mailboxSettings`, has none);
//! - an answer whose `Location` header is `…/ts/{key}` (the comms
//!   operations: `Location: …/calls/{id}/operations/{id}`) has an address.
//!
//! `build` gives such a type's topmost ancestor `entity` as its base.

use std::collections::BTreeSet;

use super::{HttpMethod, Operation, Segment, TypeRef};

/// The registry keys (lowercased qualified names) of the types that the
/// relationships (`navigation_targets`, as keys) and the `operations` show
/// to be keyed. `states_id` tells whether a type's page lists an `id`;
/// `locations` holds, for each operation, the `Location`s its examples
/// answer with.
pub fn keyed_by_usage<'a>(
    navigation_targets: impl Iterator<Item = &'a str>,
    operations: &[Operation],
    states_id: impl Fn(&str) -> bool,
    locations: &[Vec<&str>],
) -> BTreeSet<String> {
    let mut keyed: BTreeSet<String> = navigation_targets.map(str::to_owned).collect();
    for (index, op) in operations.iter().enumerate() {
        let Some(TypeRef::Named(response)) = &op.response else { continue };
        let type_key = response.qualified().to_ascii_lowercase();
        let name = response.name.to_ascii_lowercase();
        let addressed = !op.response_collection
            && locations.get(index).into_iter().flatten().any(|url| {
                let segments: Vec<&str> =
                    url.split(['?', '#']).next().unwrap_or_default().split('/').collect();
                matches!(segments.as_slice(), [.., set, key] if !key.is_empty() && names_items_of(set, &name))
            });
        let evidence = addressed
            || op.endpoints.iter().any(|endpoint| {
                let segments = &endpoint.segments;
                match (op.response_collection, segments.as_slice()) {
                    (false, [.., Segment::Literal(set), Segment::Key(_)]) => names_items_of(set, &name),
                    (true, [.., Segment::Literal(set)]) => {
                        op.method == HttpMethod::Get && names_items_of(set, &name)
                    }
                    (false, [.., Segment::Literal(single)]) => {
                        op.method == HttpMethod::Get
                            && single.eq_ignore_ascii_case(&name)
                            && states_id(&type_key)
                    }
                    _ => false,
                }
            });
        if evidence {
            keyed.insert(type_key);
        }
    }
    keyed
}

/// Whether the collection segment `set` holds items of the type `name`
/// (lowercase): its singular ends the name (`alerts`: `alert`;
/// `operations`: `commsOperation`; `directoryAudits`: `directoryAudit`).
fn names_items_of(set: &str, name: &str) -> bool {
    let set = set.to_ascii_lowercase();
    let Some(singular) = set.strip_suffix('s') else { return false };
    singular.len() > 2 && name.ends_with(singular)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Endpoint, TypeKey};

    fn operation(method: HttpMethod, path: &str, response: &str, collection: bool) -> Operation {
        Operation {
            method,
            endpoints: vec![Endpoint::new(path.to_owned(), "api/x.md".to_owned())],
            response: Some(TypeRef::Named(TypeKey::new(response, None))),
            response_collection: collection,
            ..Operation::default()
        }
    }

    #[test]
    fn usage_shows_keys() {
        let operations = [
            operation(HttpMethod::Get, "/security/alerts/{alert_id}", "alert", false),
            operation(
                HttpMethod::Post,
                "/communications/calls/{id}/participants/{id}/mute",
                "muteOperation",
                false,
            ),
            operation(HttpMethod::Get, "/places/{id}/rooms", "room", true),
            operation(HttpMethod::Get, "/users/{id}/presence", "presence", false),
            operation(HttpMethod::Get, "/me/mailboxSettings", "mailboxSettings", false),
            // An action's answer, listed or not, is not an entity set.
            operation(HttpMethod::Post, "/communications/getPresencesByUserId", "presence", true),
            operation(HttpMethod::Post, "/me/findMeetingTimes", "meetingTimeSuggestionsResult", false),
            operation(HttpMethod::Get, "/me/outlook/supportedTimeZones", "timeZoneInformation", true),
            operation(
                HttpMethod::Post,
                "/communications/calls/{id}/playPrompt",
                "playPromptOperation",
                false,
            ),
        ];
        let mut locations = vec![Vec::new(); operations.len()];
        locations[6] = vec!["https://graph.microsoft.com/v1.0/me/operations/7"]; // not a result
        locations[8] = vec!["https://graph.microsoft.com/v1.0/communications/calls/57/operations/0f"];
        let keyed = keyed_by_usage(["participant"].into_iter(), &operations, |t| t == "presence", &locations);
        let keyed: Vec<&str> = keyed.iter().map(String::as_str).collect();
        assert_eq!(keyed, ["alert", "participant", "playpromptoperation", "presence", "room"]);
    }

    #[test]
    fn only_a_plural_segment_names_a_set() {
        assert!(names_items_of("operations", "commsoperation"));
        assert!(names_items_of("directoryAudits", "directoryaudit"));
        assert!(!names_items_of("status", "x"));
        assert!(!names_items_of("items", "driveitemversion"));
        assert!(!names_items_of("me", "user"));
    }
}
