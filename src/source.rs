//! Source files as read from disk: their text, their path relative to the site root,
//! and the mapping from byte offsets to `line:column` positions.
//!
//! Every diagnostic points into a [`SourceFile`]; nothing here interprets the text.

use std::path::PathBuf;

/// One text file of the site, read once and shared by every later stage.
#[derive(Debug)]
pub struct SourceFile {
    /// Path relative to the site root, with `/` separators (`content/lan/stockholm/_index.md`).
    pub rel_path: String,
    /// Absolute path on disk.
    pub abs_path: PathBuf,
    /// The whole text.
    pub text: String,
    line_starts: Vec<usize>,
}

/// A 1-based line and column (column counted in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineCol {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in Unicode scalar values.
    pub column: usize,
}

impl SourceFile {
    /// Wraps a text read from `abs_path`.
    pub fn new(rel_path: String, abs_path: PathBuf, text: String) -> Self {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Self {
            rel_path,
            abs_path,
            text,
            line_starts,
        }
    }

    /// The line and column of a byte offset (clamped to the text).
    pub fn line_col(&self, offset: usize) -> LineCol {
        let offset = offset.min(self.text.len());
        let line = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.line_starts[line];
        let column = self
            .text
            .get(start..offset)
            .map_or(1, |s| s.chars().count() + 1);
        LineCol {
            line: line + 1,
            column,
        }
    }

    /// Byte offset of the start of a 1-based line (end of text when past the end).
    pub fn line_start(&self, line: usize) -> usize {
        self.line_starts
            .get(line.saturating_sub(1))
            .copied()
            .unwrap_or(self.text.len())
    }

    /// The text of a 1-based line, without its line break.
    pub fn line_text(&self, line: usize) -> &str {
        let start = self.line_start(line);
        let rest = self.text.get(start..).unwrap_or("");
        let end = rest.find('\n').unwrap_or(rest.len());
        rest[..end].trim_end_matches('\r')
    }

    /// Byte offset of a 1-based line and 1-based character column.
    pub fn offset_of(&self, line: usize, column: usize) -> usize {
        let start = self.line_start(line);
        let text = self.line_text(line);
        let within = text
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(text.len(), |(i, _)| i);
        start + within
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> SourceFile {
        SourceFile::new("a.md".into(), PathBuf::from("a.md"), text.into())
    }

    #[test]
    fn offsets_map_to_lines_and_character_columns() {
        let f = file("---\ntitle: Åre\nx: y\n");
        assert_eq!(f.line_col(0), LineCol { line: 1, column: 1 });
        let o = f.text.find("Åre").unwrap_or(0);
        assert_eq!(f.line_col(o), LineCol { line: 2, column: 8 });
        let after = f.text.find("x:").unwrap_or(0);
        assert_eq!(f.line_col(after), LineCol { line: 3, column: 1 });
        assert_eq!(f.line_text(2), "title: Åre");
        assert_eq!(f.offset_of(2, 8), o);
    }
}
