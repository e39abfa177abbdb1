//! Source files as read from disk: their text, their path relative to the site root,
//! and the mapping from byte offsets to `line:column` positions.
//!
//! Every diagnostic points into a [`SourceFile`]; nothing here interprets the text.

use crate::diagnostics::Diagnostic;
use std::io::Read as _;
use std::path::{Path, PathBuf};

/// No limit on a file's size (data tables, templates).
pub const NO_LIMIT: u64 = u64::MAX;

/// Reads a file of the site as text, or says precisely why it cannot: `rel` is its path
/// relative to the site root, for the diagnostic. The file must be a regular file (a FIFO
/// would block the build), readable, at most `limit` bytes (checked before reading and
/// again while reading, should the file grow) and UTF-8; a UTF-8 byte order mark is
/// accepted and dropped. The text comes back [`normalise`]d.
pub fn read_text(rel: &str, abs: &Path, limit: u64) -> Result<String, Diagnostic> {
    let meta = std::fs::metadata(abs).map_err(|e| cannot_read(rel, abs, &e))?;
    check_regular(rel, &meta)?;
    if meta.len() > limit {
        return Err(too_large(rel, meta.len(), limit));
    }
    let file = std::fs::File::open(abs).map_err(|e| cannot_read(rel, abs, &e))?;
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| cannot_read(rel, abs, &e))?;
    if bytes.len() as u64 > limit {
        return Err(too_large(rel, bytes.len() as u64, limit));
    }
    decode_utf8(rel, bytes).map(normalise)
}

/// Checks that a file copied as it is (a static file, an image under `content/`) can be
/// read: a regular file that opens.
pub fn check_readable(rel: &str, abs: &Path) -> Result<(), Diagnostic> {
    let meta = std::fs::metadata(abs).map_err(|e| cannot_read(rel, abs, &e))?;
    check_regular(rel, &meta)?;
    std::fs::File::open(abs)
        .map(drop)
        .map_err(|e| cannot_read(rel, abs, &e))
}

fn check_regular(rel: &str, meta: &std::fs::Metadata) -> Result<(), Diagnostic> {
    if meta.is_file() {
        return Ok(());
    }
    let what = if meta.is_dir() {
        "a folder"
    } else {
        "not a regular file (a FIFO, socket or device)"
    };
    Err(
        Diagnostic::whole_file(rel, format!("cannot read `{rel}`: it is {what}"))
            .with_help("blomma reads only regular files; remove it or replace it with a file"),
    )
}

fn cannot_read(rel: &str, abs: &Path, e: &std::io::Error) -> Diagnostic {
    let d = Diagnostic::whole_file(rel, format!("cannot read the file: {e}"));
    match e.kind() {
        std::io::ErrorKind::PermissionDenied => {
            d.with_help("make the file readable by the user who runs blomma")
        }
        std::io::ErrorKind::NotFound if abs.is_symlink() => {
            let target = std::fs::read_link(abs).unwrap_or_default();
            let mut d = d;
            d.message = format!(
                "symbolic link `{rel}` points to `{}`, which does not exist",
                target.display()
            );
            d.with_help("fix or remove the link")
        }
        _ => d,
    }
}

fn too_large(rel: &str, size: u64, limit: u64) -> Diagnostic {
    Diagnostic::whole_file(
        rel,
        format!(
            "the file is {}, more than the limit of {}",
            size_with_bytes(size),
            size_with_bytes(limit)
        ),
    )
    .with_help(
        "split the file, or raise the limit in site.toml: `[build]` `max_file_size = \"20 MB\"`",
    )
}

/// `2 kB (2021 bytes)`, or `12 bytes` when that is all there is to say.
fn size_with_bytes(n: u64) -> String {
    let h = human_size(n);
    if h.ends_with("bytes") {
        h
    } else {
        format!("{h} ({n} bytes)")
    }
}

/// A size for people: `10 MB`, `1.5 kB`, `12 bytes` (powers of 1000).
pub fn human_size(n: u64) -> String {
    const UNITS: [(&str, f64); 3] = [("GB", 1e9), ("MB", 1e6), ("kB", 1e3)];
    for (unit, size) in UNITS {
        let v = n as f64 / size;
        if v >= 1.0 {
            let text = format!("{v:.1}");
            let text = text.strip_suffix(".0").unwrap_or(&text);
            return format!("{text} {unit}");
        }
    }
    format!("{n} bytes")
}

/// The text of the bytes, or a diagnostic at the first invalid byte (line and column as
/// the text before it shows them, CR and LF both ending a line).
pub fn decode_utf8(rel: &str, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        let before = &bytes[..valid];
        let is_end = |i: usize| {
            before[i] == b'\n' || (before[i] == b'\r' && before.get(i + 1) != Some(&b'\n'))
        };
        let ends: Vec<usize> = (0..valid).filter(|&i| is_end(i)).collect();
        let line_start = ends.last().map_or(0, |i| i + 1);
        let column = String::from_utf8_lossy(&before[line_start..])
            .chars()
            .count()
            + 1;
        let mut d = Diagnostic::whole_file(
            rel,
            format!(
                "the file is not valid UTF-8 (byte 0x{:02x}), at byte offset {valid}",
                bytes[valid]
            ),
        )
        .with_help("save the file as UTF-8 (blomma reads no other encoding, such as Latin-1)");
        d.line = ends.len() + 1;
        d.column = column;
        d
    })
}

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
pub const SLOT: char = '\u{1}';

/// The text of a file as the stages read it: without a byte order mark (a UTF-8 BOM is
/// accepted and dropped), with every lone CR (old Mac line ends) read as a line feed, and
/// without the character the Markdown stage reserves for link slots. Only the copy in
/// memory changes; the file on disk is never touched.
pub fn normalise(text: String) -> String {
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
    fn permission_denied_says_what_to_do() {
        let e = std::io::Error::from(std::io::ErrorKind::PermissionDenied);
        let d = cannot_read("content/om.md", Path::new("/nonexistent/om.md"), &e);
        assert_eq!(d.file, "content/om.md");
        assert!(d.message.starts_with("cannot read the file: "), "{d}");
        assert_eq!(
            d.help.as_deref(),
            Some("make the file readable by the user who runs blomma")
        );
    }

    /// The size on disk can lie (a file that grows while it is read; on Linux the files
    /// of `/proc` say 0 bytes): the limit also holds for what is actually read.
    #[test]
    fn the_limit_holds_for_what_is_read_not_only_for_the_stated_size() {
        let status = Path::new("/proc/self/status");
        let stated = std::fs::metadata(status).map(|m| m.len()).ok();
        if stated != Some(0) {
            return; // Not Linux: no file that understates its size.
        }
        let d = read_text("content/x.md", status, 100).err();
        let d = d.expect("more than 100 bytes were read");
        assert!(
            d.message.ends_with("more than the limit of 100 bytes"),
            "{d}"
        );
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
