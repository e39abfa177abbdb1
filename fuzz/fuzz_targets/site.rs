//! A whole small site, built through every stage (config, tables, load, resolve, render,
//! search index) into memory. The input is up to five files separated by NUL bytes: the
//! first is `site.toml` (a minimal valid one when empty); each other one is its path on
//! the first line (`content/…`, `data/…`, `static/…`; anything else goes under
//! `content/`) and the file's bytes after it. Drafts are built when the input starts
//! with `#drafts`. The files are written to a fresh folder (in /dev/shm where there is
//! one); a build must end in a site or in diagnostics, never in a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::{Path, PathBuf};

const DEFAULT_SITE_TOML: &str = "title = \"Fuzz\"\nbase_url = \"https://example.org/\"\n";
const MAX_FILES: usize = 5;

fuzz_target!(|data: &[u8]| {
    let (drafts, data) = match data.strip_prefix(b"#drafts") {
        Some(rest) => (true, rest),
        None => (false, data),
    };
    let Ok(root) = temp_root() else {
        return;
    };
    let mut chunks = data.splitn(MAX_FILES, |&b| b == 0);
    let toml = chunks.next().unwrap_or_default();
    let toml = if toml.is_empty() {
        DEFAULT_SITE_TOML.as_bytes()
    } else {
        toml
    };
    if std::fs::write(root.path().join("site.toml"), toml).is_err() {
        return;
    }
    for chunk in chunks {
        let (first, bytes) = match chunk.iter().position(|&b| b == b'\n') {
            Some(i) => (&chunk[..i], &chunk[i + 1..]),
            None => (chunk, &[][..]),
        };
        if let Some(rel) = safe_path(first) {
            let path = root.path().join(rel);
            // A name that clashes with a folder (or the other way round) is left out.
            let _ = path
                .parent()
                .map(std::fs::create_dir_all)
                .map(|_| std::fs::write(&path, bytes));
        }
    }
    let _ = blomma::fuzzing::build_in_memory(root.path(), drafts);
});

/// A fresh, empty site folder, removed when dropped.
fn temp_root() -> std::io::Result<tempfile::TempDir> {
    let shm = Path::new("/dev/shm");
    if shm.is_dir() {
        tempfile::Builder::new()
            .prefix("blomma-fuzz")
            .tempdir_in(shm)
    } else {
        tempfile::Builder::new().prefix("blomma-fuzz").tempdir()
    }
}

/// The fuzzer's path as one under the site root: `/`-separated parts of letters, digits,
/// `_`, `-`, `.` and spaces, none of them `.` or `..`, at most 5 deep; under `content/`
/// unless it starts with `content/`, `data/` or `static/`. `None` when nothing is left.
fn safe_path(raw: &[u8]) -> Option<PathBuf> {
    let raw = String::from_utf8_lossy(raw);
    let parts: Vec<&str> = raw
        .split('/')
        .filter(|p| !p.is_empty() && *p != "." && *p != "..")
        .collect();
    if parts.is_empty()
        || parts.len() > 5
        || parts.iter().any(|p| {
            p.len() > 60
                || !p
                    .chars()
                    .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | ' '))
        })
    {
        return None;
    }
    let mut path = PathBuf::new();
    if !matches!(parts[0], "content" | "data" | "static") {
        path.push("content");
    }
    parts.iter().for_each(|p| path.push(p));
    Some(path)
}
