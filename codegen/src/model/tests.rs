use super::*;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::parse::parse_page;
use crate::source::SourceFile;

pub(crate) fn build_from(files: &[(&str, &str)]) -> (Api, Vec<Diagnostic>) {
    let mut diagnostics = Diagnostics::default();
    let pages: Vec<_> = files
        .iter()
        .map(|(path, text)| {
            parse_page(&SourceFile { path: (*path).into(), text: (*text).into() }, &mut diagnostics)
        })
        .collect();
    let api = build(&pages, &mut diagnostics);
    (api, diagnostics.into_sorted())
}

#[test]
fn print_seed() {
    let seed = std::fs::read_to_string("../../shared/seeds/000_de3e34204f86d29e.txt").unwrap();
    let (api, diagnostics) = build_from(&[("api/profile-post-phones.md", &seed)]);
    println!("{}", serde_json::to_string_pretty(&api).unwrap());
    for d in diagnostics {
        println!("{d}");
    }
}
