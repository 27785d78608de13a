//! Reading the docs folder: every `*.md` below it, in a stable order, with
//! paths relative to it. Nothing outside the folder is ever opened: symbolic
//! links are not followed.

use std::fs;
use std::path::{Path, PathBuf};

use crate::diagnostics::{Code, Diagnostics};

/// One page's text and its path relative to the docs folder (`/`-separated).
#[derive(Clone, Debug)]
pub struct SourceFile {
    pub path: String,
    pub text: String,
}

/// Reads every `*.md` file below `root`, sorted by relative path. Files that
/// are not UTF-8 are reported and skipped; an unreadable root is an `Err`.
/// Files are read and checked in parallel (thousands of small reads, each
/// a system call or two), and reported in path order.
pub fn read_docs(root: &Path, diagnostics: &mut Diagnostics) -> std::io::Result<Vec<SourceFile>> {
    use rayon::prelude::*;
    let mut paths = Vec::new();
    collect_markdown(root, &mut paths)?;
    paths.sort();
    let read: Vec<(Option<SourceFile>, Diagnostics)> = paths
        .par_iter()
        .map(|path| {
            let relative = relative_path(root, path);
            let mut own = Diagnostics::default();
            let file = match fs::read(path) {
                Ok(bytes) => decode(relative, bytes, &mut own),
                Err(err) => {
                    own.push(&relative, 1, Code::UnreadableFile, format!("cannot read: {err}"));
                    None
                }
            };
            (file, own)
        })
        .collect();
    let mut files = Vec::with_capacity(read.len());
    for (file, own) in read {
        diagnostics.extend(own);
        files.extend(file);
    }
    Ok(files)
}

/// One page's bytes as text. A page that is not UTF-8 is reported on the
/// line of its first bad byte and skipped (`None`); the others go on.
pub fn decode(path: String, bytes: Vec<u8>, diagnostics: &mut Diagnostics) -> Option<SourceFile> {
    match String::from_utf8(bytes) {
        Ok(text) => Some(SourceFile { path, text }),
        Err(err) => {
            let offset = err.utf8_error().valid_up_to();
            let line = LineIndex::new(&String::from_utf8_lossy(&err.as_bytes()[..offset])).line_count();
            diagnostics.push(
                &path,
                line,
                Code::UnreadableFile,
                format!("invalid UTF-8 at byte {offset}; the page is skipped"),
            );
            None
        }
    }
}

fn collect_markdown(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        // `file_type` does not follow symbolic links, so a link can never lead
        // the generator outside the docs folder.
        let file_type = entry.file_type()?;
        let path = entry.path();
        if file_type.is_dir() {
            collect_markdown(&path, out)?;
        } else if file_type.is_file() && path.extension().is_some_and(|ext| ext == "md") {
            out.push(path);
        }
    }
    Ok(())
}

fn relative_path(root: &Path, path: &Path) -> String {
    let relative = path.strip_prefix(root).unwrap_or(path);
    relative.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

/// Byte offset to 1-based line and column, by binary search over line starts.
#[derive(Clone, Debug)]
pub struct LineIndex {
    line_starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { line_starts }
    }

    pub fn line(&self, offset: usize) -> u32 {
        let index = self.line_starts.partition_point(|&start| start <= offset);
        u32::try_from(index).unwrap_or(u32::MAX)
    }

    pub fn line_col(&self, offset: usize) -> (u32, u32) {
        let line = self.line(offset);
        let start = self.line_starts[(line as usize).saturating_sub(1)];
        (line, u32::try_from(offset - start + 1).unwrap_or(u32::MAX))
    }

    pub fn line_count(&self) -> u32 {
        u32::try_from(self.line_starts.len()).unwrap_or(u32::MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns_are_one_based() {
        let index = LineIndex::new("ab\ncd\n\nx");
        assert_eq!(index.line_col(0), (1, 1));
        assert_eq!(index.line_col(1), (1, 2));
        assert_eq!(index.line_col(3), (2, 1));
        assert_eq!(index.line_col(6), (3, 1));
        assert_eq!(index.line_col(7), (4, 1));
    }

    #[test]
    fn reads_markdown_recursively_and_skips_non_utf8() {
        let dir = std::env::temp_dir().join(format!("codegen-source-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(dir.join("api")).unwrap();
        fs::write(dir.join("api/b.md"), "# b\n").unwrap();
        fs::write(dir.join("a.md"), "# a\n").unwrap();
        fs::write(dir.join("notes.txt"), "not markdown").unwrap();
        fs::write(dir.join("bad.md"), b"line one\nline \xff two\n").unwrap();
        let mut diagnostics = Diagnostics::default();
        let files = read_docs(&dir, &mut diagnostics).unwrap();
        let names: Vec<_> = files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(names, ["a.md", "api/b.md"]);
        let reported = diagnostics.into_sorted();
        assert_eq!(reported.len(), 1);
        assert_eq!((reported[0].file.as_str(), reported[0].line), ("bad.md", 2));
        fs::remove_dir_all(&dir).unwrap();
    }
}
