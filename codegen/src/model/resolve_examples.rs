//! What an API page's own examples settle about its operation: a
//! documented `…/$ref` path that the example request uses without `/$ref`
//! is the example's path, and a page that states no success status takes
//! the one its response example shows (else the method's usual one).
//! This is resolution, done before the operation is built; `checks` then
//! only reports on the settled operation.

use super::examples::{self, HttpExample, Start};
use super::operations::{http_request_fences, DraftOperation};
use super::HttpMethod;
use crate::diagnostics::{Code, Diagnostics};
use crate::parse::{Block, Page};

/// The page's example fences (not the documented `METHOD /path` blocks),
/// read once for resolution and for the checks.
pub fn page_examples(page: &Page) -> Vec<HttpExample<'_>> {
    let documented: Vec<u32> = http_request_fences(page).iter().map(|f| f.line).collect();
    page.sections
        .iter()
        .flat_map(|s| &s.blocks)
        .filter_map(|b| match b {
            Block::Fence(f) if !documented.contains(&f.line) => examples::parse(f),
            _ => None,
        })
        .collect()
}

/// The operation's paths and success status once its examples are heard.
pub struct Settled {
    pub paths: Vec<String>,
    pub status: u16,
}

pub fn settle(
    page: &Page,
    draft: &DraftOperation,
    examples: &[HttpExample<'_>],
    diagnostics: &mut Diagnostics,
) -> Settled {
    let mut paths: Vec<String> = draft.paths.iter().map(|(p, _)| p.clone()).collect();
    for example in examples {
        let Start::Request { method, url } = &example.start else { continue };
        if *method != draft.method {
            continue;
        }
        let (is_graph, path_and_query) = examples::split_url(url);
        // Per candidate: a template that matches as documented wins over
        // one that would match without its `/$ref`.
        let stripped = candidates(is_graph, &path_and_query).find_map(|segments| {
            if paths.iter().any(|t| template_matches(t, &segments)) {
                return Some(None);
            }
            let index = paths
                .iter()
                .position(|t| t.strip_suffix("/$ref").is_some_and(|t| template_matches(t, &segments)))?;
            Some(Some(index))
        });
        let Some(Some(index)) = stripped else { continue };
        let documented = paths[index].clone();
        let fixed = documented.trim_end_matches("/$ref").to_owned();
        diagnostics.push(
            &page.path,
            draft.line,
            Code::DocumentedPathUnused,
            format!("documented path `{} {documented}` is not used by the example request, which uses `{fixed}`; generating `{fixed}`", draft.method),
        );
        paths[index] = fixed;
        paths.dedup();
    }
    Settled { paths, status: status(page, draft, examples, diagnostics) }
}

/// The stated success status, else the first 2xx of a response example,
/// else the method's usual one (reported).
fn status(
    page: &Page,
    draft: &DraftOperation,
    examples: &[HttpExample<'_>],
    diagnostics: &mut Diagnostics,
) -> u16 {
    let success = |status: &u16| (200..300).contains(status);
    if let Some(stated) = draft.status.filter(success) {
        return stated;
    }
    let from_example = examples.iter().find_map(|e| match e.start {
        Start::Response { status } if success(&status) => Some(status),
        _ => None,
    });
    from_example.unwrap_or_else(|| {
        let fallback = match draft.method {
            HttpMethod::Post => 201,
            HttpMethod::Delete => 204,
            _ => 200,
        };
        diagnostics.push(
            &page.path,
            draft.line,
            Code::MissingResponse,
            format!("no success status in the Response section or examples; assuming {fallback}"),
        );
        fallback
    })
}

/// The documented template an example's path matches, with the example's
/// path rebuilt from the matching segments.
pub fn find_template(paths: &[String], is_graph: bool, path_and_query: &str) -> Option<(String, String)> {
    candidates(is_graph, path_and_query).find_map(|segments| {
        let template = paths.iter().find(|t| template_matches(t, &segments))?;
        Some((template.clone(), rebuild(&segments, path_and_query)))
    })
}

/// The example path's segments; a URL that is not a Graph URL may carry
/// junk before the real path, so also every tail of them.
fn candidates(is_graph: bool, path_and_query: &str) -> impl Iterator<Item = Vec<&str>> {
    let path = path_and_query.split('?').next().unwrap_or_default();
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let skips = if is_graph { 0 } else { segments.len() };
    (0..=skips).map(move |skip| segments[skip.min(segments.len())..].to_vec())
}

fn rebuild(segments: &[&str], path_and_query: &str) -> String {
    let query = path_and_query.split_once('?').map(|(_, q)| format!("?{q}")).unwrap_or_default();
    format!("/{}{query}", segments.join("/"))
}

/// Whether the path template matches the example's segments: literals
/// equal (ignoring case), `{placeholders}` match any segment.
pub fn template_matches(template: &str, segments: &[&str]) -> bool {
    let parts: Vec<&str> = template.split('/').filter(|s| !s.is_empty()).collect();
    parts.len() == segments.len()
        && parts
            .iter()
            .zip(segments)
            .all(|(part, segment)| part.contains('{') || part.eq_ignore_ascii_case(segment))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_match_by_literal_segments() {
        assert!(template_matches("/me/profile/phones/{id}", &["me", "profile", "phones", "abc"]));
        assert!(!template_matches("/me/profile/phones", &["me", "profile", "phones", "abc"]));
        assert!(!template_matches("/me/profile/emails/{id}", &["me", "profile", "phones", "abc"]));
    }

    #[test]
    fn junk_before_a_path_that_is_not_graph() {
        let paths = vec!["/me/x".to_owned()];
        assert_eq!(
            find_template(&paths, false, "/docs/me/x?$top=1"),
            Some(("/me/x".into(), "/me/x?$top=1".into()))
        );
        assert_eq!(find_template(&paths, true, "/docs/me/x"), None);
    }
}
