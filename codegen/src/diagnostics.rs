//! Diagnostics: every problem found in the docs, with a stable code and a
//! source position. Stages push into a [`Diagnostics`] sink and never abort;
//! the sink is sorted and rendered once, at the end.

use std::fmt;

/// Severity of a diagnostic. Errors make the run fail and nothing is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

macro_rules! codes {
    ($($variant:ident = $code:literal, $severity:ident, $doc:literal;)*) => {
        /// Every diagnostic code. Codes are stable: never renumber or reuse one.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code { $(#[doc = $doc] $variant,)* }

        impl Code {
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The stable code, e.g. `GD0001`.
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $code,)* }
            }

            pub fn severity(self) -> Severity {
                match self { $(Code::$variant => Severity::$severity,)* }
            }

            /// One line: what the code means and how to fix the page.
            pub fn doc(self) -> &'static str {
                match self { $(Code::$variant => $doc,)* }
            }
        }
    };
}

codes! {
    UnreadableFile = "GD0001", Warning,
        "The file is not valid UTF-8 or cannot be read; it is skipped. Save it as UTF-8.";
    FrontMatter = "GD0002", Warning,
        "The YAML front matter is missing, unterminated or malformed. Start the page with `---`, `key: value` lines and a closing `---`.";
    AnnotationJson = "GD0003", Warning,
        "An `<!-- { ... } -->` annotation is not strict JSON. Remove trailing commas and quote every key and string.";
    UnknownPageKind = "GD0004", Warning,
        "The page has neither an HTTP request section, a Properties table nor an enum table, so nothing is generated from it. Add the missing section, or ignore the warning for a page that documents no API.";
    DirectionControl = "GD0005", Warning,
        "A line holds a Unicode bidirectional control (U+202A to U+202E, U+2066 to U+2069), which makes text display in an order other than the one it has; generated docs show it escaped (`\\u{202e}`) and names keep it exactly. Delete the character unless the name really holds it.";
    UnresolvedType = "GD0010", Warning,
        "A type is linked or named but no page defines it; it is generated as an open JSON object. Add its resource page or fix the link text.";
    UnknownTypeCell = "GD0011", Warning,
        "A property's Type cell cannot be read as a primitive, a type name or a collection; the property is typed as raw JSON. Write an Edm type (`String`), a linked type name or `X collection`.";
    ConflictingDefinition = "GD0012", Warning,
        "The same type is defined differently on two pages; the first definition wins. Make the pages agree.";
    InheritanceCycle = "GD0013", Error,
        "Base types form a cycle. Fix the `Inherits from` sentence or the `baseType` annotation.";
    BaseTypeDisagreement = "GD0014", Warning,
        "The page names different base types in different places (sentence, annotation, `Inherited from` rows). Make them name the same base type.";
    LargeType = "GD0015", Warning,
        "A page lists more than 1,000 properties or enum members, far more than any real type has; the type is still generated, its comparisons and encoders split into helpers that rustc can compile. Check the table for rows that are not properties.";
    MalformedHttpBlock = "GD0020", Warning,
        "A line of the HTTP request block is not `METHOD /path`; it is ignored. Write one `METHOD /path` per line.";
    DocumentedPathUnused = "GD0021", Warning,
        "The documented path is not the one the example request uses; the example's path is taken. Fix the HTTP request block.";
    ExampleUrl = "GD0022", Warning,
        "The example request URL is not a Graph URL. Start it with `https://graph.microsoft.com/v1.0/` or `https://graph.microsoft.com/beta/`.";
    PlaceholderValue = "GD0023", Warning,
        "An example holds a placeholder such as \"String\" or \"<Prop> value\" instead of data; it is not used as a test. Put a realistic value.";
    TodoPermissions = "GD0024", Warning,
        "The permissions table still says TODO. List the real permission scopes.";
    ODataTypeCase = "GD0025", Warning,
        "An `@odata.type` names a known type with the wrong letter case. Use the exact type name.";
    ContentLength = "GD0026", Warning,
        "An example's Content-Length header does not match the length of its body. Fix or drop the header.";
    ExampleJson = "GD0027", Warning,
        "An example body is not valid JSON; it is not used as a test. Fix the JSON.";
    MissingResponse = "GD0028", Warning,
        "The operation's response type or status cannot be determined from the Response section; POST is assumed to return 201, DELETE 204, others 200. State the status code and the response type in the Response section.";
    NoOperation = "GD0029", Warning,
        "An API page documents no usable `METHOD /path` line, so no request is generated from it. Add an HTTP request block with one `METHOD /path` line per path.";
    InheritedRowOutsideChain = "GD0030", Warning,
        "A row says `Inherited from` a type that is not an ancestor of the page's type. Fix the row or the page's base type.";
    DuplicateEnumMember = "GD0031", Warning,
        "An enum table lists the same member twice; the repeat is dropped. Remove the duplicate row.";
    EmptyEnum = "GD0032", Warning,
        "An enum table lists no members, so the enum keeps every value as `Undocumented`. Add one row per member.";
    EmitFailed = "GD0900", Error,
        "The generator produced code that does not parse: a generator bug. Please report it with the pages that caused it.";
}

impl Code {
    /// The doc's first sentence: what the code means.
    pub fn meaning(self) -> &'static str {
        self.doc().split_at(sentence_end(self.doc())).0
    }

    /// The rest of the doc: how to fix the page (empty if the doc has one
    /// sentence; a test keeps every code with a fix).
    pub fn fix(self) -> &'static str {
        self.doc().split_at(sentence_end(self.doc())).1.trim_start()
    }
}

/// The byte index just after the first sentence: a period outside
/// backticks followed by a space (`{ ... }` in code is no sentence end).
fn sentence_end(doc: &str) -> usize {
    let mut in_code = false;
    for (i, c) in doc.char_indices() {
        match c {
            '`' => in_code = !in_code,
            '.' if !in_code && doc[i + 1..].starts_with(' ') => return i + 1,
            _ => {}
        }
    }
    doc.len()
}

/// A diagnostic about one position of one file (relative to `--docs`).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    pub file: String,
    pub line: u32,
    pub column: u32,
    pub code: Code,
    pub message: String,
}

impl Diagnostic {
    pub fn severity(&self) -> Severity {
        self.code.severity()
    }
}

/// `FILE:LINE:COL: warning|error[CODE]: message`: the stable human format.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}[{}]: {}",
            self.file,
            self.line,
            self.column,
            self.severity().as_str(),
            self.code.as_str(),
            self.message
        )
    }
}

/// The sink every stage pushes into.
#[derive(Clone, Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, file: &str, line: u32, code: Code, message: impl Into<String>) {
        self.push_at(file, line, 1, code, message);
    }

    pub fn push_at(&mut self, file: &str, line: u32, column: u32, code: Code, message: impl Into<String>) {
        self.items.push(Diagnostic { file: file.to_owned(), line, column, code, message: message.into() });
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    /// Sorted by file, position and code, without exact duplicates: the
    /// order the pages were read in never shows.
    pub fn into_sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort();
        self.items.dedup();
        self.items
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity() == Severity::Error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_the_stable_line_format() {
        let mut sink = Diagnostics::default();
        sink.push_at("api/x.md", 12, 3, Code::PlaceholderValue, "placeholder \"String\"");
        let rendered = sink.into_sorted()[0].to_string();
        assert_eq!(rendered, "api/x.md:12:3: warning[GD0023]: placeholder \"String\"");
    }

    #[test]
    fn codes_are_unique_and_documented() {
        let mut seen = std::collections::BTreeSet::new();
        for code in Code::ALL {
            assert!(seen.insert(code.as_str()), "duplicate code {}", code.as_str());
            assert!(code.as_str().starts_with("GD") && code.as_str().len() == 6);
            assert!(code.doc().ends_with('.'), "{} doc must be a sentence", code.as_str());
        }
    }

    #[test]
    fn docs_split_into_meaning_and_fix() {
        assert_eq!(Code::AnnotationJson.meaning(), "An `<!-- { ... } -->` annotation is not strict JSON.");
        assert_eq!(Code::AnnotationJson.fix(), "Remove trailing commas and quote every key and string.");
        for code in Code::ALL {
            assert!(
                !code.fix().is_empty(),
                "{} says what it means but not how to fix the page",
                code.as_str()
            );
        }
    }

    #[test]
    fn sorting_removes_duplicates_and_orders_by_position() {
        let mut sink = Diagnostics::default();
        sink.push("b.md", 1, Code::FrontMatter, "x");
        sink.push("a.md", 9, Code::FrontMatter, "x");
        sink.push("a.md", 2, Code::FrontMatter, "x");
        sink.push("a.md", 2, Code::FrontMatter, "x");
        let lines: Vec<_> = sink.into_sorted().iter().map(|d| (d.file.clone(), d.line)).collect();
        assert_eq!(lines, [("a.md".into(), 2), ("a.md".into(), 9), ("b.md".into(), 1)]);
    }
}
