//! Diagnostics in the three `--message-format`s: `human` (the stable
//! `FILE:LINE:COL: warning[CODE]: message` lines), `json` (one object per
//! line) and `sarif` (one SARIF 2.1.0 log for code-scanning services).

use std::path::Path;

use codegen::diagnostics::Diagnostic;
use codegen::source::SourceFile;

use crate::sarif;

#[derive(clap::ValueEnum, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum MessageFormat {
    /// `FILE:LINE:COL: warning[CODE]: message`, one per line.
    #[default]
    Human,
    /// One JSON object per line: file, line, column, severity, code, message.
    Json,
    /// A SARIF 2.1.0 log.
    Sarif,
}

/// The diagnostics of one docs folder, with its pages (SARIF counts
/// columns in UTF-16 code units, so it needs the lines' text).
pub struct Batch<'a> {
    pub docs: &'a Path,
    pub sources: &'a [SourceFile],
    pub diagnostics: &'a [Diagnostic],
    /// `old` or `new` when `diff` reads two folders; `None` for `gen`.
    pub side: Option<&'static str>,
}

/// The batches rendered in `format`, ready to print (empty when there is
/// nothing to say, except SARIF, which always is a whole log).
pub fn render(format: MessageFormat, batches: &[Batch<'_>]) -> String {
    let mut out = String::new();
    match format {
        MessageFormat::Human => {
            for batch in batches {
                for diagnostic in batch.diagnostics {
                    // `diff` reads two folders: the folder tells them apart.
                    if batch.side.is_some() {
                        out.push_str(&format!("{}/", batch.docs.display()));
                    }
                    out.push_str(&format!("{diagnostic}\n"));
                }
            }
        }
        MessageFormat::Json => {
            for batch in batches {
                for diagnostic in batch.diagnostics {
                    out.push_str(&json_line(diagnostic, batch.side));
                    out.push('\n');
                }
            }
        }
        MessageFormat::Sarif => {
            let log = sarif::log(batches);
            out = serde_json::to_string_pretty(&log).unwrap_or_default();
            out.push('\n');
        }
    }
    out
}

/// `{"file": ..., "line": ..., "column": ..., "severity": ..., "code": ..., "message": ...}`.
pub fn json_line(diagnostic: &Diagnostic, side: Option<&str>) -> String {
    let mut object = serde_json::json!({
        "file": diagnostic.file,
        "line": diagnostic.line,
        "column": diagnostic.column,
        "severity": diagnostic.severity().as_str(),
        "code": diagnostic.code.as_str(),
        "message": diagnostic.message,
    });
    if let (Some(side), Some(map)) = (side, object.as_object_mut()) {
        map.insert("side".into(), side.into());
    }
    object.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use codegen::diagnostics::Code;

    fn diagnostic() -> Diagnostic {
        Diagnostic {
            file: "api/x.md".into(),
            line: 3,
            column: 7,
            code: Code::PlaceholderValue,
            message: "placeholder \"String\"".into(),
        }
    }

    #[test]
    fn json_lines_carry_every_field() {
        let line = json_line(&diagnostic(), None);
        assert_eq!(
            line,
            r#"{"file":"api/x.md","line":3,"column":7,"severity":"warning","code":"GD0023","message":"placeholder \"String\""}"#
        );
        let value: serde_json::Value = serde_json::from_str(&json_line(&diagnostic(), Some("old"))).unwrap();
        assert_eq!(value["side"], "old");
    }

    #[test]
    fn human_lines_are_the_stable_format() {
        let diagnostics = [diagnostic()];
        let batch = Batch { docs: Path::new("docs"), sources: &[], diagnostics: &diagnostics, side: None };
        assert_eq!(
            render(MessageFormat::Human, &[batch]),
            "api/x.md:3:7: warning[GD0023]: placeholder \"String\"\n"
        );
        let batch =
            Batch { docs: Path::new("docs"), sources: &[], diagnostics: &diagnostics, side: Some("new") };
        assert!(render(MessageFormat::Human, &[batch]).starts_with("docs/api/x.md:3:7: warning[GD0023]"));
    }
}
