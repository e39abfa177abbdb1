//! Source files as read from disk: their text, their path relative to the site root,
//! and the mapping from byte offsets to `line:column` positions.
//!
//! Every diagnostic points into a [`SourceFile`]; nothing here interprets the text. This is
//! a leaf module: reading a file, with the diagnostics that says why it cannot be read, is
//! [`crate::read`].

use std::path::PathBuf;

/// One text file of the site, read once and shared by every later stage.
#[derive(Debug)]
pub struct SourceFile {
    /// Path relative to the site root, with `/` separators (`content/lan/stockholm/_index.md`).
    pub rel_path: String,
    /// Absolute path on disk.
    pub abs_path: PathBuf,
    /// The whole text: kept from reading, or read again when a released file
    /// ([`SourceFile::released`]) is first asked for it.
    text: std::sync::OnceLock<String>,
    /// Byte offsets of the line starts, found when a position is first asked for (only
    /// diagnostics ask, so a build without errors never scans for them).
    line_starts: std::sync::OnceLock<Vec<usize>>,
}

/// The character the Markdown stage reserves for link slots (`SLOT`):
/// defined here, where every source text is read, so this leaf needs no later stage.
pub(crate) const SLOT: char = '\u{1}';

/// The text of a file as the stages read it: without a byte order mark (a UTF-8 BOM is
/// accepted and dropped), with every lone CR (old Mac line ends) read as a line feed, and
/// without the character the Markdown stage reserves for link slots. Only the copy in
/// memory changes; the file on disk is never touched.
pub(crate) fn normalise(text: String) -> String {
    let text = text
        .strip_prefix('\u{feff}')
        .map(str::to_string)
        .unwrap_or(text);
    let text = lone_cr_to_lf(text);
    if text.contains(SLOT) {
        text.replace(SLOT, "")
    } else {
        text
    }
}

/// Replaces each CR that is not followed by LF with LF. Both are one byte, so every
/// offset into the text stays the same; CRLF line ends are left as they are.
fn lone_cr_to_lf(text: String) -> String {
    if !text.contains('\r') {
        return text;
    }
    let mut bytes = text.into_bytes();
    for i in 0..bytes.len() {
        if bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n') {
            bytes[i] = b'\n';
        }
    }
    // Swapping one ASCII byte for another keeps the text valid UTF-8.
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
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
        Self {
            rel_path,
            abs_path,
            text: std::sync::OnceLock::from(text),
            line_starts: std::sync::OnceLock::new(),
        }
    }

    /// The same file without its text in memory. Once a file is parsed, its text is
    /// only needed to show where an error is; a released file reads it again from disk
    /// (normalised as when it was first read, see [`normalise`]) the first time it is
    /// asked for. A site's sources are otherwise held for the whole build. Should the
    /// file have changed on disk in between, positions point into its new text.
    pub fn released(&self) -> Self {
        Self {
            rel_path: self.rel_path.clone(),
            abs_path: self.abs_path.clone(),
            text: std::sync::OnceLock::new(),
            line_starts: std::sync::OnceLock::new(),
        }
    }

    /// The whole text.
    pub fn text(&self) -> &str {
        self.text.get_or_init(|| {
            std::fs::read(&self.abs_path)
                .ok()
                .and_then(|b| String::from_utf8(b).ok())
                .map(normalise)
                .unwrap_or_default()
        })
    }

    fn line_starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(self.text().match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        })
    }

    /// The line and column of a byte offset (clamped to the text).
    pub fn line_col(&self, offset: usize) -> LineCol {
        let offset = offset.min(self.text().len());
        let starts = self.line_starts();
        let line = match starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = starts[line];
        let column = self
            .text()
            .get(start..offset)
            .map_or(1, |s| s.chars().count() + 1);
        LineCol {
            line: line + 1,
            column,
        }
    }

    /// Byte offset of the start of a 1-based line (end of text when past the end).
    pub fn line_start(&self, line: usize) -> usize {
        self.line_starts()
            .get(line.saturating_sub(1))
            .copied()
            .unwrap_or(self.text().len())
    }

    /// The text of a 1-based line, without its line break.
    pub fn line_text(&self, line: usize) -> &str {
        let start = self.line_start(line);
        let rest = self.text().get(start..).unwrap_or("");
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
        let o = f.text().find("Åre").unwrap_or(0);
        assert_eq!(f.line_col(o), LineCol { line: 2, column: 8 });
        let after = f.text().find("x:").unwrap_or(0);
        assert_eq!(f.line_col(after), LineCol { line: 3, column: 1 });
        assert_eq!(f.line_text(2), "title: Åre");
        assert_eq!(f.offset_of(2, 8), o);
    }

    #[test]
    fn a_lone_cr_ends_a_line_and_crlf_still_does() {
        let f = file(&normalise("---\rtitle: A\rx: [y\r---\r".into()));
        let o = f.text().find("[y").unwrap_or(0);
        assert_eq!(f.line_col(o), LineCol { line: 3, column: 4 });
        assert_eq!(f.line_text(2), "title: A");
        let f = file(&normalise("\u{feff}a\r\nb\r\n".into()));
        assert_eq!(f.text(), "a\r\nb\r\n");
        assert_eq!(f.line_text(2), "b");
    }
}
