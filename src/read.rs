//! Reading the site's files from disk, or a diagnostic that says precisely why a file
//! cannot be read (a folder, a FIFO, too large, not UTF-8, a broken link, no permission).
//! The text comes back as [`crate::source`] keeps it.

use crate::diagnostics::Diagnostic;
use crate::source::normalise;
use std::io::Read as _;
use std::path::Path;

/// No limit on a file's size (data tables, templates).
pub(crate) const NO_LIMIT: u64 = u64::MAX;

/// Reads a file of the site as text, or says precisely why it cannot: `rel` is its path
/// relative to the site root, for the diagnostic. The file must be a regular file (a FIFO
/// would block the build), readable, at most `limit` bytes (checked before reading and
/// again while reading, should the file grow) and UTF-8; a UTF-8 byte order mark is
/// accepted and dropped. The text comes back [`normalise`]d.
pub(crate) fn read_text(rel: &str, abs: &Path, limit: u64) -> Result<String, Diagnostic> {
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
pub(crate) fn check_readable(rel: &str, abs: &Path) -> Result<(), Diagnostic> {
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
pub(crate) fn human_size(n: u64) -> String {
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
pub(crate) fn decode_utf8(rel: &str, bytes: Vec<u8>) -> Result<String, Diagnostic> {
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
