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
use std::path::Path;

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
