//! What can go wrong while emitting: only generator bugs, never the docs
//! (bad docs were reported and resolved before). Reported as `GD0900`.

use std::fmt;

#[derive(Debug)]
pub enum EmitError {
    /// Tokens the generator built do not parse as Rust.
    Parse { file: Option<String>, message: String },
    /// A parsed template does not have the shape the code that fills it
    /// expects (built items would be dropped silently otherwise).
    Template { item: String, expected: &'static str },
    /// A Rust file holds a raw bidirectional control, which rustc refuses:
    /// some text reached it without passing through `docs` (literals are
    /// escaped by syn).
    DirectionControl { file: String },
    /// A JSON file of the crate could not be written.
    Json { file: &'static str, message: String },
}

impl EmitError {
    /// The error with the file it happened in, if it has none yet.
    pub fn in_file(self, path: &str) -> Self {
        match self {
            EmitError::Parse { file: None, message } => {
                EmitError::Parse { file: Some(path.to_owned()), message }
            }
            other => other,
        }
    }
}

impl From<syn::Error> for EmitError {
    fn from(error: syn::Error) -> Self {
        EmitError::Parse { file: None, message: error.to_string() }
    }
}

impl fmt::Display for EmitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EmitError::Parse { file: Some(file), message } => {
                write!(f, "{file}: generated tokens do not parse: {message}")
            }
            EmitError::Parse { file: None, message } => write!(f, "generated tokens do not parse: {message}"),
            EmitError::Template { item, expected } => write!(f, "{item}: the template is not {expected}"),
            EmitError::Json { file, message } => write!(f, "{file}: {message}"),
            EmitError::DirectionControl { file } => {
                write!(f, "{file}: a bidirectional control was written unescaped")
            }
        }
    }
}

impl std::error::Error for EmitError {}
