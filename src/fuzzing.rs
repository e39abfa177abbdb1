//! Thin entry points for the fuzz targets under `fuzz/` (see `fuzz/README.md`): each
//! runs one stage of the pipeline on text the fuzzer made, the way a build would, and
//! formats any diagnostic it returns. An error is a correct answer; only a panic, an
//! abort or a hang is a finding. Not part of blomma's interface.

use crate::build::{self, BuildError};
use crate::config::{self, BuildOptions, Collections, Config};
use crate::diagnostics::render_all;
use crate::markdown::{self, Highlighter};
use crate::output::MemorySink;
use crate::source::{self, SourceFile};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Where each kind of front matter lives: the path (relative to `content/`) a file of
/// that collection has, so it is read into that collection's struct.
pub const FRONT_MATTER_PATHS: &[&str] = &[
    "malomraden/levnadsvanor.md",
    "aktorer/kommunen.md",
    "lan/vasterbotten/_index.md",
    "lan/vasterbotten/avsiktsforklaring.md",
    "forum/dialogforum-2023/_index.md",
    "forum/dialogforum-2023/samtal.md",
    "om.md",
    "_index.md",
    "malomraden/_index.md",
    "guide/_index.md",
];

/// Reads `text` as the content file at `FRONT_MATTER_PATHS[kind % len]`: front matter
/// into the typed struct of its collection, then the Markdown body. Returns the
/// diagnostic as the author would see it, if any.
pub fn front_matter(kind: u8, text: &str) -> Option<String> {
    let rel = FRONT_MATTER_PATHS[usize::from(kind) % FRONT_MATTER_PATHS.len()];
    let config = default_config();
    crate::load::parse_text(rel, text.to_string(), &config)
        .err()
        .map(|ds| ds.iter().map(ToString::to_string).collect())
}

/// Renders a Markdown body as `load` does (after the same normalisation of the text),
/// then fills its `@/` link slots and collects its plain text, as `render` and `search`
/// do. Returns the HTML.
pub fn markdown(text: &str) -> String {
    let text = source::normalise(text.to_string());
    let body = markdown::render(&text, 0, &Highlighter::new());
    let urls: Vec<String> = (0..body.links.len()).map(|i| format!("/{i}/")).collect();
    let html = body.fill_links(&urls);
    let _ = body.plain_text();
    html
}

/// Highlights `code` as a fenced code block in language `lang`.
pub fn highlight(code: &str, lang: &str) -> String {
    Highlighter::new().code_block(code, lang)
}

/// Parses `text` as a `site.toml` (with a command-line base URL when `base_url` is
/// given). Returns the formatted diagnostics, if any.
pub fn site_toml(text: &str, base_url: Option<&str>) -> Option<String> {
    let file = SourceFile::new(
        "site.toml".into(),
        Path::new("/nonexistent-blomma-source/site.toml").to_path_buf(),
        text.to_string(),
    );
    config::parse(&file, base_url).err().map(|d| render_all(&d))
}

/// Builds the site under `root` (with drafts when `drafts`) into memory, through every
/// stage including rendering and the search index. Returns the number of files made, or
/// the formatted error.
pub fn build_in_memory(root: &Path, drafts: bool) -> Result<usize, String> {
    let opts = BuildOptions {
        root: root.to_path_buf(),
        output: root.join("public"),
        base_url: None,
        drafts,
        search_index: true,
    };
    let sink = MemorySink::default();
    match build::build(&opts, &sink) {
        Ok(_) => Ok(sink.into_files().len()),
        Err(BuildError::Config(d) | BuildError::Content(d)) => Err(render_all(&d)),
        Err(BuildError::Tool(e)) => Err(format!("{e:#}")),
    }
}

/// The `front_matter` target: the first byte picks the file's place
/// ([`FRONT_MATTER_PATHS`]), the rest is the file's text.
pub fn front_matter_input(data: &[u8]) {
    let Some((&kind, rest)) = data.split_first() else {
        return;
    };
    let _ = front_matter(kind, &String::from_utf8_lossy(rest));
}

/// Languages syntect knows (and a few it does not), so the highlighter's grammars run.
const LANGS: &[&str] = &[
    "rust", "python", "js", "toml", "yaml", "sh", "html", "css", "json", "sql", "c", "xml", "md",
    "diff", "java", "ruby", "go", "latex", "r", "text", "okänt", "",
];

/// The `markdown` target. First byte even: the rest is a whole Markdown body (rendered,
/// links filled, plain text taken). First byte odd: the rest is the code of a fenced
/// block, highlighted in the language the byte picks.
pub fn markdown_input(data: &[u8]) {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    if mode % 2 == 0 {
        let _ = markdown(&text);
    } else {
        let _ = highlight(&text, LANGS[usize::from(mode >> 1) % LANGS.len()]);
    }
}

/// The `site_toml` target: the input is the file's text, parsed alone and again with
/// its first line as a command-line `--base-url`.
pub fn site_toml_input(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let _ = site_toml(&text, None);
    let _ = site_toml(&text, Some(text.lines().next().unwrap_or("")));
}

/// A `site.toml` for a `site` input whose first part is empty.
const DEFAULT_SITE_TOML: &str = "title = \"Fuzz\"\nbase_url = \"https://example.org/\"\n";
/// At most this many files (`site.toml` among them) per `site` input.
const MAX_FILES: usize = 5;

/// The `site` target: a whole small site, built through every stage into memory. The
/// input is up to five parts separated by NUL bytes: the first is `site.toml` (a minimal
/// valid one when empty); each other one is its path on the first line (`content/…`,
/// `data/…`, `static/…`; anything else goes under `content/`, see [`safe_path`]) and the
/// file's bytes after it. Drafts are built when the input starts with `#drafts`. The
/// files are written to a fresh folder (in /dev/shm where there is one), removed after.
pub fn site_input(data: &[u8]) {
    let (drafts, data) = match data.strip_prefix(b"#drafts") {
        Some(rest) => (true, rest),
        None => (false, data),
    };
    let Ok(root) = TempRoot::new() else {
        return;
    };
    let mut parts = data.splitn(MAX_FILES, |&b| b == 0);
    let toml = parts.next().filter(|t| !t.is_empty());
    let toml = toml.unwrap_or(DEFAULT_SITE_TOML.as_bytes());
    if std::fs::write(root.0.join("site.toml"), toml).is_err() {
        return;
    }
    for part in parts {
        let (first, bytes) = match part.iter().position(|&b| b == b'\n') {
            Some(i) => (&part[..i], &part[i + 1..]),
            None => (part, &[][..]),
        };
        if let Some(rel) = safe_path(first) {
            let path = root.0.join(rel);
            // A name that clashes with a folder (or the other way round) is left out.
            let _ = path
                .parent()
                .map(std::fs::create_dir_all)
                .map(|_| std::fs::write(&path, bytes));
        }
    }
    let _ = build_in_memory(&root.0, drafts);
}

/// A fresh, empty folder for one `site` input, removed when dropped.
struct TempRoot(PathBuf);

impl TempRoot {
    /// A new folder under /dev/shm where there is one, else the system's temporary one.
    fn new() -> std::io::Result<TempRoot> {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let shm = Path::new("/dev/shm");
        let base = if shm.is_dir() {
            shm.to_path_buf()
        } else {
            std::env::temp_dir()
        };
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let dir = base.join(format!("blomma-fuzz-{}-{n}", std::process::id()));
        // A folder left by a killed run of the same process id goes first.
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir(&dir)?;
        Ok(TempRoot(dir))
    }
}

impl Drop for TempRoot {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
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
    let bad = |p: &&str| {
        p.len() > 60
            || !p
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | ' '))
    };
    if parts.is_empty() || parts.len() > 5 || parts.iter().any(bad) {
        return None;
    }
    let mut path = PathBuf::new();
    if !matches!(parts[0], "content" | "data" | "static") {
        path.push("content");
    }
    parts.iter().for_each(|p| path.push(p));
    Some(path)
}

/// The configuration every front-matter input is read with: the default collections.
fn default_config() -> Config {
    Config {
        title: "Fuzz".into(),
        base_url: "https://example.org/".into(),
        base_path: "/".into(),
        language: config::Language::Sv,
        theme: None,
        collections: Collections::default(),
        accessibility: Default::default(),
        markdown: Default::default(),
        extra: serde_json::Value::Object(Default::default()),
        max_file_size: config::DEFAULT_MAX_FILE_SIZE,
        check: Default::default(),
        county_info_url: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fuzzer_path_stays_under_the_site_root() {
        let p = |s: &str| safe_path(s.as_bytes()).map(|p| p.to_string_lossy().into_owned());
        assert_eq!(p("om.md").as_deref(), Some("content/om.md"));
        assert_eq!(p("data/x.yaml").as_deref(), Some("data/x.yaml"));
        assert_eq!(p("../../etc/passwd").as_deref(), Some("content/etc/passwd"));
        assert_eq!(p("/abs/../a.md").as_deref(), Some("content/abs/a.md"));
        assert_eq!(p("a\\b.md"), None);
        assert_eq!(p("a/b/c/d/e/f.md"), None);
        assert_eq!(p(".."), None);
    }

    #[test]
    fn a_site_input_builds_in_a_folder_that_is_removed_after() {
        let before = TempRoot::new().expect("a temporary folder");
        let base = before.0.parent().map(Path::to_path_buf).unwrap_or_default();
        drop(before);
        let count = || {
            std::fs::read_dir(&base)
                .map(|d| {
                    d.flatten()
                        .filter(|e| {
                            let name = e.file_name().to_string_lossy().into_owned();
                            name.starts_with(&format!("blomma-fuzz-{}-", std::process::id()))
                        })
                        .count()
                })
                .unwrap_or(0)
        };
        site_input(b"\0om.md\n---\ntitle: Om\n---\nText.\n");
        assert_eq!(count(), 0, "the site folder is gone after the input");
    }
}
