//! `site.toml` → a validated [`Config`], and the command-line flags that shape a build
//! ([`BuildOptions`]).
//!
//! Unknown keys are errors with the nearest known key as a hint. A wrong configuration
//! is reported like a content error, but the command exits with status 2.

use crate::diagnostics::Diagnostic;
use crate::raw_html::RawHtml;
use crate::source::SourceFile;
use crate::suggest::nearest;
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// The interface language of the theme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Language {
    /// Swedish (the default).
    Sv,
    /// English.
    En,
}

impl Language {
    /// The BCP 47 code.
    pub(crate) fn code(self) -> &'static str {
        match self {
            Language::Sv => "sv",
            Language::En => "en",
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: String,
    base_url: String,
    #[serde(default)]
    language: Option<String>,
    #[serde(default)]
    theme: Option<String>,
    #[serde(default)]
    collections: Collections,
    #[serde(default)]
    accessibility: Accessibility,
    #[serde(default)]
    build: RawBuild,
    #[serde(default)]
    markdown: RawMarkdown,
    #[serde(default)]
    check: RawCheck,
    #[serde(default)]
    extra: Option<toml::Table>,
}

/// `[check]` as written; values are checked in [`parse`].
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCheck {
    #[serde(default)]
    external_timeout: Option<toml::Value>,
    #[serde(default)]
    skip: Vec<String>,
    #[serde(default)]
    deny_warnings: bool,
}

/// Settings of `blomma check` (`[check]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Check {
    /// How long one request to an external host may take, in seconds
    /// (`external_timeout`, default [`DEFAULT_EXTERNAL_TIMEOUT`]).
    pub external_timeout: u64,
    /// Patterns of addresses that are never requested (`skip`); `*` stands for any run
    /// of characters, see [`crate::linkcheck::skip_matches`].
    pub skip: Vec<String>,
    /// Warnings fail `check` and `build` as errors do (`deny_warnings`, default false),
    /// as `--deny-warnings` makes them.
    pub deny_warnings: bool,
}

impl Default for Check {
    fn default() -> Self {
        Self {
            external_timeout: DEFAULT_EXTERNAL_TIMEOUT,
            skip: Vec::new(),
            deny_warnings: false,
        }
    }
}

/// Seconds one external request may take when `[check] external_timeout` is not set.
pub(crate) const DEFAULT_EXTERNAL_TIMEOUT: u64 = 10;

/// `[build]`: limits of a build.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBuild {
    /// Bytes (`10000000`) or a size with a unit (`"10 MB"`, `"512 kB"`, `"2 MiB"`).
    #[serde(default)]
    max_file_size: Option<toml::Value>,
}

/// The largest content file read when `[build] max_file_size` is not set: 10 MB.
pub(crate) const DEFAULT_MAX_FILE_SIZE: u64 = 10_000_000;

/// `[markdown]` as written; values are checked in [`parse`].
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMarkdown {
    #[serde(default)]
    raw_html: Option<String>,
}

/// Settings of Markdown rendering (`[markdown]`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub(crate) struct Markdown {
    /// The raw-HTML policy.
    pub raw_html: RawHtml,
}

/// The collection folders under `content/`, by the key each collection has under
/// `[collections]`: each [`Collection`]'s folder, its default where the site names none.
#[derive(Debug, Clone)]
pub(crate) struct Collections {
    folders: Vec<(&'static str, String)>,
}

impl Collections {
    /// The folder of the collection with key `key` (empty for an unknown key).
    pub(crate) fn get(&self, key: &str) -> &str {
        self.folders
            .iter()
            .find(|(k, _)| *k == key)
            .map_or("", |(_, f)| f.as_str())
    }
    /// Target areas (`malomraden`).
    pub(crate) fn target_areas(&self) -> &str {
        self.get("target_areas")
    }
    /// Actor roles (`aktorer`).
    pub(crate) fn actors(&self) -> &str {
        self.get("actors")
    }
    /// Counties (`lan`).
    pub(crate) fn counties(&self) -> &str {
        self.get("counties")
    }
    /// Forums (`forum`).
    pub(crate) fn forums(&self) -> &str {
        self.get("forums")
    }
    /// Every collection's key and folder, in the kinds' order.
    pub(crate) fn all(&self) -> impl Iterator<Item = (&'static str, &str)> {
        self.folders.iter().map(|(k, f)| (*k, f.as_str()))
    }
}

impl Default for Collections {
    fn default() -> Self {
        Self {
            folders: Collection::ALL
                .iter()
                .map(|c| (c.key(), c.default_folder().to_string()))
                .collect(),
        }
    }
}

impl<'de> Deserialize<'de> for Collections {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut given: std::collections::HashMap<String, String> = Deserialize::deserialize(d)?;
        let mut c = Collections::default();
        for (key, folder) in &mut c.folders {
            if let Some(f) = given.remove(*key) {
                *folder = f;
            }
        }
        match given.keys().next() {
            Some(k) => Err(serde::de::Error::custom(format!(
                "unknown collection `{k}`"
            ))),
            None => Ok(c),
        }
    }
}

impl serde::Serialize for Collections {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.folders.iter().map(|(k, f)| (*k, f)))
    }
}

/// Fields of the generated accessibility statement (`[accessibility]`).
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct Accessibility {
    /// Who publishes the site.
    pub publisher: Option<String>,
    /// How to report problems (e-mail address or URL).
    pub contact: Option<String>,
    /// Known shortcomings, one sentence each.
    pub shortcomings: Vec<String>,
    /// Date of the last review (`YYYY-MM-DD`).
    pub reviewed: Option<String>,
}

/// The validated configuration.
#[derive(Debug, Clone)]
pub(crate) struct Config {
    /// Site title.
    pub title: String,
    /// Absolute base URL, always ending in `/`.
    pub base_url: String,
    /// The path part of the base URL, starting and ending with `/`.
    pub base_path: String,
    /// Interface language.
    pub language: Language,
    /// Name of the theme under `themes/`.
    pub theme: Option<String>,
    /// Collection folder names.
    pub collections: Collections,
    /// Accessibility statement fields.
    pub accessibility: Accessibility,
    /// Markdown rendering settings.
    pub markdown: Markdown,
    /// The author's own settings, handed to templates.
    pub extra: serde_json::Value,
    /// The largest content file, in bytes, that a build reads (`[build] max_file_size`).
    pub max_file_size: u64,
    /// Settings of `check --external` (`[check]`).
    pub check: Check,
    /// `[extra] county_info_url`: the address of Folkhälsomyndigheten's material on a
    /// county, a pattern with [`COUNTY_INFO_PLACEHOLDERS`]; checked when it is read.
    pub county_info_url: Option<String>,
}

/// The placeholders of `[extra] county_info_url`, filled from the county table: the
/// county's slug (`vasterbotten`), SCB code (`24`), letter code (`AC`), official name
/// (`Västerbottens län`) and short name (`Västerbotten`); the names percent-encoded.
pub(crate) const COUNTY_INFO_PLACEHOLDERS: &[&str] =
    &["slug", "code", "letter_code", "name", "short_name"];

impl Config {
    /// The address of Folkhälsomyndigheten's material on this county, when `site.toml`
    /// gives a pattern for it.
    pub(crate) fn county_info_url(&self, row: &crate::rows::CountyRow) -> Option<String> {
        let pattern = self.county_info_url.as_deref()?;
        let enc = |s: &str| {
            percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
        };
        Some(
            pattern
                .replace("{slug}", &row.slug)
                .replace("{code}", &row.scb_code)
                .replace("{letter_code}", &row.letter_code)
                .replace("{short_name}", &enc(&row.short_name))
                .replace("{name}", &enc(&row.name)),
        )
    }
}

/// Checks a `county_info_url` pattern: an absolute http(s) address whose `{…}` are all
/// known placeholders. On error: (byte offset in the pattern, length, message, help).
fn check_county_info_url(pattern: &str) -> Result<(), (usize, usize, String, String)> {
    let known = || {
        COUNTY_INFO_PLACEHOLDERS
            .iter()
            .map(|p| format!("{{{p}}}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if !(pattern.starts_with("https://") || pattern.starts_with("http://")) {
        return Err((
            0,
            pattern.len().max(1),
            format!("county_info_url `{pattern}` must start with https:// or http://"),
            format!(
                "for example \"https://www.folkhalsomyndigheten.se/…/{{slug}}/\"; placeholders: {}",
                known()
            ),
        ));
    }
    let mut from = 0;
    while let Some(open) = pattern[from..].find('{').map(|i| i + from) {
        let Some(close) = pattern[open..].find('}').map(|i| i + open) else {
            return Err((
                open,
                pattern.len() - open,
                "county_info_url has a `{` without a closing `}`".to_string(),
                format!("placeholders: {}", known()),
            ));
        };
        let name = &pattern[open + 1..close];
        if !COUNTY_INFO_PLACEHOLDERS.contains(&name) {
            let near = nearest(name, COUNTY_INFO_PLACEHOLDERS.iter().copied());
            let help = match near.first() {
                Some(n) => format!("did you mean `{{{n}}}`? placeholders: {}", known()),
                None => format!("placeholders: {}", known()),
            };
            return Err((
                open,
                close + 1 - open,
                format!("unknown placeholder `{{{name}}}` in county_info_url"),
                help,
            ));
        }
        from = close + 1;
    }
    if pattern[from..].contains('}') {
        let at = from + pattern[from..].find('}').unwrap_or(0);
        return Err((
            at,
            1,
            "county_info_url has a `}` without an opening `{`".to_string(),
            format!("placeholders: {}", known()),
        ));
    }
    Ok(())
}

/// Flags of `build`, `check` and `serve` that change what is built.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The site's root folder.
    pub root: PathBuf,
    /// Where the site is written.
    pub output: PathBuf,
    /// Overrides `base_url`.
    pub base_url: Option<String>,
    /// Include pages marked `draft: true`.
    pub drafts: bool,
    /// Build the search index (on unless measuring what it costs).
    pub search_index: bool,
}

const KNOWN_KEYS: &[&str] = &[
    "title",
    "base_url",
    "language",
    "theme",
    "collections",
    "accessibility",
    "build",
    "markdown",
    "check",
    "extra",
];
const ACCESSIBILITY_KEYS: &[&str] = &["publisher", "contact", "shortcomings", "reviewed"];
const BUILD_KEYS: &[&str] = &["max_file_size"];
const MARKDOWN_KEYS: &[&str] = &["raw_html"];
const CHECK_KEYS: &[&str] = &["external_timeout", "skip", "deny_warnings"];

/// Reads and validates `site.toml` under `root`.
pub(crate) fn load(
    root: &Path,
    base_url_override: Option<&str>,
) -> Result<Config, Vec<Diagnostic>> {
    let path = root.join("site.toml");
    if std::fs::symlink_metadata(&path).is_err() {
        return Err(vec![Diagnostic::whole_file(
            "site.toml",
            "cannot read the configuration: there is no site.toml",
        )
        .with_help(
            "a site needs a `site.toml` at its root; `blomma init DIR` writes one",
        )]);
    }
    let text =
        crate::read::read_text("site.toml", &path, crate::read::NO_LIMIT).map_err(|d| vec![d])?;
    let file = SourceFile::new("site.toml".into(), path, text);
    parse(&file, base_url_override)
}

/// Parses and validates the text of a `site.toml`.
pub(crate) fn parse(
    file: &SourceFile,
    base_url_override: Option<&str>,
) -> Result<Config, Vec<Diagnostic>> {
    let unknown = unknown_keys(file);
    if !unknown.is_empty() {
        return Err(unknown);
    }
    let raw: RawConfig = toml::from_str(file.text()).map_err(|e| vec![toml_error(file, &e)])?;
    let mut errors = Vec::new();
    let (base_url, base_path) = base_url_of(file, &raw, base_url_override, &mut errors);
    let language = language_of(file, &raw, &mut errors);
    check_collection_folders(file, &raw.collections, &mut errors);
    check_reviewed(file, &raw.accessibility, &mut errors);
    let max_file_size = max_file_size_of(file, &raw, &mut errors);
    let raw_html = raw_html_of(file, &raw, &mut errors);
    let county_info_url = county_info_url_of(file, &raw, &mut errors);
    let check = check_settings(file, raw.check, &mut errors);
    if !errors.is_empty() {
        return Err(errors);
    }
    let extra = raw
        .extra
        .map(|t| serde_json::to_value(t).unwrap_or(serde_json::Value::Null))
        .unwrap_or_else(|| serde_json::Value::Object(Default::default()));
    Ok(Config {
        title: raw.title,
        base_url,
        base_path,
        language,
        theme: raw.theme,
        collections: raw.collections,
        accessibility: raw.accessibility,
        markdown: Markdown { raw_html },
        extra,
        max_file_size,
        check,
        county_info_url,
    })
}

/// The base URL (the command line's, else `base_url`) and its path, normalised; empty
/// after an error.
fn base_url_of(
    file: &SourceFile,
    raw: &RawConfig,
    base_url_override: Option<&str>,
    errors: &mut Vec<Diagnostic>,
) -> (String, String) {
    let base_url = base_url_override.unwrap_or(&raw.base_url);
    match normalise_base_url(base_url) {
        Ok(v) => v,
        Err(msg) if base_url_override.is_some() => {
            let mut d = Diagnostic::whole_file("--base-url", msg);
            d.line = 0;
            errors.push(d);
            (String::new(), String::new())
        }
        Err(msg) => {
            errors.push(key_error(file, "base_url", &msg));
            (String::new(), String::new())
        }
    }
}

/// `language`: `sv` (the default) or `en`.
fn language_of(file: &SourceFile, raw: &RawConfig, errors: &mut Vec<Diagnostic>) -> Language {
    match raw.language.as_deref().unwrap_or("sv") {
        "sv" => Language::Sv,
        "en" => Language::En,
        other => {
            errors.push(
                key_error(file, "language", &format!("unknown language `{other}`"))
                    .with_help("expected `sv` or `en`"),
            );
            Language::Sv
        }
    }
}

/// `[collections]`: every folder name is a slug.
fn check_collection_folders(file: &SourceFile, c: &Collections, errors: &mut Vec<Diagnostic>) {
    for (key, value) in c.all() {
        if !crate::slug::is_valid_slug(value) {
            errors.push(key_error(
                file,
                key,
                &format!(
                    "collection folder `{value}` must be lower-case ASCII letters, digits and `-`"
                ),
            ));
        }
    }
}

/// `[accessibility] reviewed`: a date.
fn check_reviewed(file: &SourceFile, a: &Accessibility, errors: &mut Vec<Diagnostic>) {
    if let Some(r) = &a.reviewed {
        if crate::model::Date::parse(r).is_none() {
            errors.push(
                key_error(file, "reviewed", &format!("invalid date `{r}`"))
                    .with_help("expected YYYY-MM-DD"),
            );
        }
    }
}

/// `[build] max_file_size`, or the default.
fn max_file_size_of(file: &SourceFile, raw: &RawConfig, errors: &mut Vec<Diagnostic>) -> u64 {
    match raw.build.max_file_size.as_ref().map(parse_size) {
        None => DEFAULT_MAX_FILE_SIZE,
        Some(Ok(n)) => n,
        Some(Err(msg)) => {
            errors.push(key_error(file, "max_file_size", &msg).with_help(
                "write a number of bytes (`max_file_size = 20000000`) or a size such as `\"20 MB\"`",
            ));
            DEFAULT_MAX_FILE_SIZE
        }
    }
}

/// `[markdown] raw_html`, or the default.
fn raw_html_of(file: &SourceFile, raw: &RawConfig, errors: &mut Vec<Diagnostic>) -> RawHtml {
    match raw.markdown.raw_html.as_deref() {
        None => RawHtml::default(),
        Some(name) => RawHtml::from_name(name).unwrap_or_else(|| {
            errors.push(raw_html_error(file, name));
            RawHtml::default()
        }),
    }
}

/// `[extra] county_info_url`: a text whose placeholders are known.
fn county_info_url_of(
    file: &SourceFile,
    raw: &RawConfig,
    errors: &mut Vec<Diagnostic>,
) -> Option<String> {
    match raw.extra.as_ref().and_then(|e| e.get("county_info_url")) {
        None => None,
        Some(toml::Value::String(p)) => match check_county_info_url(p) {
            Ok(()) => Some(p.clone()),
            Err((at, len, msg, help)) => {
                let key = find_key(file.text(), "county_info_url").unwrap_or(0);
                // The pattern as written starts after the key's opening quote.
                let offset = file.text()[key..]
                    .find(p.as_str())
                    .map_or(key, |i| key + i + at);
                errors.push(Diagnostic::at(file, offset, len, msg).with_help(help));
                None
            }
        },
        Some(other) => {
            errors.push(
                key_error(
                    file,
                    "county_info_url",
                    &format!("county_info_url must be a text, not `{other}`"),
                )
                .with_help("write the address in quotes, with placeholders such as `{slug}`"),
            );
            None
        }
    }
}

/// `[check]`: a timeout of whole seconds (1 or more) and skip patterns that are
/// addresses (`http://…`, `https://…`) or start with `*`.
fn check_settings(file: &SourceFile, raw: RawCheck, errors: &mut Vec<Diagnostic>) -> Check {
    let external_timeout = match raw.external_timeout {
        None => DEFAULT_EXTERNAL_TIMEOUT,
        Some(toml::Value::Integer(n)) if n >= 1 => n.unsigned_abs(),
        Some(v) => {
            errors.push(
                key_error(
                    file,
                    "external_timeout",
                    &format!("external_timeout `{v}` must be a whole number of seconds, 1 or more"),
                )
                .with_help("for example `external_timeout = 10`"),
            );
            DEFAULT_EXTERNAL_TIMEOUT
        }
    };
    for p in &raw.skip {
        if !(p.starts_with("https://") || p.starts_with("http://") || p.starts_with('*')) {
            errors.push(
                key_error(
                    file,
                    "skip",
                    &format!("skip pattern `{p}` must start with https://, http:// or *"),
                )
                .with_help("a pattern is a whole address where `*` stands for anything, such as \"https://example.org/*\""),
            );
        }
    }
    Check {
        external_timeout,
        skip: raw.skip,
        deny_warnings: raw.deny_warnings,
    }
}

/// `[build] max_file_size`: a positive integer of bytes, or a string of a number and a
/// unit: `B`, `kB`/`KB`, `MB`, `GB` (powers of 1000) or `KiB`, `MiB`, `GiB` (powers of
/// 1024), with or without a space (`"10 MB"`, `"1.5MB"`, `"512 KiB"`).
pub(crate) fn parse_size(v: &toml::Value) -> Result<u64, String> {
    let n = match v {
        toml::Value::Integer(n) => u64::try_from(*n).ok(),
        toml::Value::String(s) => size_of_text(s),
        _ => None,
    };
    match n {
        Some(n) if n > 0 => Ok(n),
        _ => Err(format!(
            "invalid max_file_size `{v}`: expected a positive size"
        )),
    }
}

fn size_of_text(s: &str) -> Option<u64> {
    let s = s.trim();
    let split = s
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(s.len());
    let (number, unit) = s.split_at(split);
    let number: f64 = number.parse().ok()?;
    let factor: f64 = match unit.trim() {
        "" | "B" => 1.0,
        "kB" | "KB" => 1e3,
        "MB" => 1e6,
        "GB" => 1e9,
        "KiB" => 1024.0,
        "MiB" => 1024.0 * 1024.0,
        "GiB" => 1024.0 * 1024.0 * 1024.0,
        _ => return None,
    };
    let bytes = (number * factor).round();
    (1.0..1e19).contains(&bytes).then_some(bytes as u64)
}

/// Checks a base URL and splits off its path: `https://h/a/b` → (`https://h/a/b/`, `/a/b/`).
pub(crate) fn normalise_base_url(url: &str) -> Result<(String, String), String> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| format!("base_url `{url}` must start with https:// or http://"))?;
    if rest.is_empty() || rest.starts_with('/') {
        return Err(format!("base_url `{url}` has no host"));
    }
    if url.contains(['?', '#', ' ']) {
        return Err(format!(
            "base_url `{url}` must not contain a query, fragment or space"
        ));
    }
    let path = rest.find('/').map_or("/", |i| &rest[i..]);
    let mut path = path.to_string();
    if !path.ends_with('/') {
        path.push('/');
    }
    let host_end = rest.find('/').unwrap_or(rest.len());
    let scheme_len = url.len() - rest.len();
    let base = format!("{}{}", &url[..scheme_len + host_end], path);
    Ok((base, path))
}

/// An unknown `raw_html` value, underlined in its line, with the nearest valid one.
fn raw_html_error(file: &SourceFile, name: &str) -> Diagnostic {
    let message = format!("unknown raw_html value `{name}`");
    let located = find_key(file.text(), "raw_html").and_then(|key| {
        let line_end = file.text()[key..]
            .find('\n')
            .map_or(file.text().len(), |i| key + i);
        let quoted = format!("\"{name}\"");
        let at = file.text()[key..line_end].find(&quoted)?;
        Some(Diagnostic::at(file, key + at, quoted.len(), &message))
    });
    let d = located.unwrap_or_else(|| key_error(file, "raw_html", &message));
    let near = nearest(name, RawHtml::NAMES.iter().copied());
    match crate::diagnostics::did_you_mean(&near) {
        Some(h) => d.with_help(h),
        None => d.with_help("expected `sanitize` or `trusted`"),
    }
}

fn key_error(file: &SourceFile, key: &str, msg: &str) -> Diagnostic {
    let offset = find_key(file.text(), key).unwrap_or(0);
    Diagnostic::at(file, offset, key.len(), msg)
}

/// The byte offset of the first key named `key` in `site.toml`, in any table, from the
/// spans toml_edit keeps.
fn find_key(text: &str, key: &str) -> Option<usize> {
    let doc = toml_edit::ImDocument::parse(text).ok()?;
    find_in_table(doc.as_table(), key)
}

fn find_in_table(table: &toml_edit::Table, key: &str) -> Option<usize> {
    if let Some(at) = table.key(key).and_then(toml_edit::Key::span) {
        return Some(at.start);
    }
    table.iter().find_map(|(_, item)| match item {
        toml_edit::Item::Table(t) => find_in_table(t, key),
        _ => None,
    })
}

/// Every key of `site.toml` that blomma does not know, each located at the key, with
/// the nearest known one (all of them in one run; `[extra]` is free-form).
fn unknown_keys(file: &SourceFile) -> Vec<Diagnostic> {
    let Ok(doc) = toml_edit::ImDocument::parse(file.text()) else {
        return Vec::new();
    };
    let mut errors = Vec::new();
    let mut check = |table: &toml_edit::Table, known: &[&str]| {
        for (name, _) in table.iter() {
            if known.contains(&name) {
                continue;
            }
            let at = table
                .key(name)
                .and_then(toml_edit::Key::span)
                .unwrap_or(0..1);
            let d = Diagnostic::at(
                file,
                at.start,
                at.len().max(1),
                format!("unknown key `{name}` in site.toml"),
            );
            let near = nearest(name, known.iter().copied());
            errors.push(match crate::diagnostics::did_you_mean(&near) {
                Some(h) => d.with_help(h),
                None => d.with_help(format!("known keys: {}", known.join(", "))),
            });
        }
    };
    let root = doc.as_table();
    check(root, KNOWN_KEYS);
    let collection_keys: Vec<&str> = Collections::default().all().map(|(k, _)| k).collect();
    for (name, known) in [
        ("collections", collection_keys.as_slice()),
        ("accessibility", ACCESSIBILITY_KEYS),
        ("build", BUILD_KEYS),
        ("markdown", MARKDOWN_KEYS),
        ("check", CHECK_KEYS),
    ] {
        if let Some(t) = root.get(name).and_then(toml_edit::Item::as_table) {
            check(t, known);
        }
    }
    errors.sort_by_key(|d| (d.line, d.column));
    errors
}

/// A syntax or type error of `site.toml` at the span toml reports (unknown keys are
/// found before, by [`unknown_keys`]).
fn toml_error(file: &SourceFile, e: &toml::de::Error) -> Diagnostic {
    let span = e.span().unwrap_or(0..0);
    let msg = e.message().trim().to_string();
    Diagnostic::at(file, span.start, span.len().max(1), first_line(&msg))
}

fn first_line(s: &str) -> String {
    s.lines().next().unwrap_or(s).to_string()
}

/// The collections whose folder `site.toml` names under `[collections]`; each has a list
/// page at its folder's URL, introduced by the folder's `_index.md` when there is one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Collection {
    /// Target areas.
    TargetAreas,
    /// Actor roles.
    Actors,
    /// Counties.
    Counties,
    /// Forums.
    Forums,
    /// Glossary terms (v2).
    Glossary,
}

impl Collection {
    /// Every collection, in the order of their list pages in the sitemap.
    pub(crate) const ALL: [Collection; 5] = [
        Collection::TargetAreas,
        Collection::Actors,
        Collection::Counties,
        Collection::Forums,
        Collection::Glossary,
    ];

    /// The collection's key under `[collections]` in `site.toml`.
    pub(crate) fn key(self) -> &'static str {
        match self {
            Collection::TargetAreas => "target_areas",
            Collection::Actors => "actors",
            Collection::Counties => "counties",
            Collection::Forums => "forums",
            Collection::Glossary => "glossary",
        }
    }

    /// The collection's folder under `content/`, as the site names it.
    pub(crate) fn folder(self, c: &Collections) -> &str {
        c.get(self.key())
    }

    /// The collection's folder when `site.toml` does not name one.
    pub(crate) fn default_folder(self) -> &'static str {
        match self {
            Collection::TargetAreas => "malomraden",
            Collection::Actors => "aktorer",
            Collection::Counties => "lan",
            Collection::Forums => "forum",
            Collection::Glossary => "begrepp",
        }
    }

    /// The collection whose folder is `name`, if any.
    pub(crate) fn of_folder(name: &str, c: &Collections) -> Option<Collection> {
        Collection::ALL.into_iter().find(|k| k.folder(c) == name)
    }

    /// The UI string naming the collection in the navigation (and its list page's
    /// breadcrumb when the folder has no `_index.md`).
    pub(crate) fn nav_key(self) -> &'static str {
        match self {
            Collection::TargetAreas => "nav_target_areas",
            Collection::Actors => "nav_actors",
            Collection::Counties => "nav_counties",
            Collection::Forums => "nav_forums",
            Collection::Glossary => "nav_glossary",
        }
    }

    /// The UI string that titles the list page when the folder has no `_index.md`.
    pub(crate) fn list_title_key(self) -> &'static str {
        match self {
            Collection::Counties => "overview_title",
            other => other.nav_key(),
        }
    }

    /// The list page's `page.kind`.
    pub(crate) fn list_kind(self) -> &'static str {
        match self {
            Collection::TargetAreas => "target_area_list",
            Collection::Actors => "actor_list",
            Collection::Counties => "county_overview",
            Collection::Forums => "forum_list",
            Collection::Glossary => "glossary",
        }
    }

    /// The list page's template.
    pub(crate) fn list_template(self) -> &'static str {
        match self {
            Collection::TargetAreas => "target_areas.html",
            Collection::Actors => "actors.html",
            Collection::Counties => "counties.html",
            Collection::Forums => "forums.html",
            Collection::Glossary => "glossary.html",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_text(t: &str) -> Result<Config, Vec<Diagnostic>> {
        parse(
            &SourceFile::new("site.toml".into(), PathBuf::from("site.toml"), t.into()),
            None,
        )
    }

    #[test]
    fn base_url_keeps_its_path() {
        let (u, p) = normalise_base_url("https://host/some/path").unwrap_or_default();
        assert_eq!(u, "https://host/some/path/");
        assert_eq!(p, "/some/path/");
        assert_eq!(
            normalise_base_url("https://example.org")
                .unwrap_or_default()
                .1,
            "/"
        );
        assert!(normalise_base_url("example.org").is_err());
    }

    #[test]
    fn every_unknown_key_is_reported_in_one_run() {
        let text = "title = \"x\"\nbase_url = \"https://e.org/\"\ntheem = \"t\"\n\n[build]\nmax_filesize = 1\n\n[collections]\nforum = \"f\"\n";
        let errs = parse_text(text).err().unwrap_or_default();
        let found: Vec<(usize, usize, &str)> = errs
            .iter()
            .map(|e| (e.line, e.column, e.help.as_deref().unwrap_or("")))
            .collect();
        assert_eq!(
            found,
            [
                (3, 1, "did you mean `theme`?"),
                (6, 1, "did you mean `max_file_size`?"),
                (9, 1, "did you mean `forums`?"),
            ],
            "{errs:?}"
        );
    }

    #[test]
    fn unknown_key_suggests_nearest() {
        let errs = parse_text("title = \"x\"\nbase_url = \"https://e.org/\"\nlangauge = \"sv\"\n")
            .err()
            .unwrap_or_default();
        assert_eq!(errs.len(), 1);
        assert_eq!(errs[0].line, 3);
        assert!(errs[0].message.contains("langauge"), "{}", errs[0].message);
        assert_eq!(errs[0].help.as_deref(), Some("did you mean `language`?"));
    }

    #[test]
    fn max_file_size_takes_bytes_or_units_and_refuses_nonsense() {
        let with = |v: &str| {
            parse_text(&format!(
                "title = \"x\"\nbase_url = \"https://e.org/\"\n\n[build]\nmax_file_size = {v}\n"
            ))
        };
        let size = |v: &str| with(v).map(|c| c.max_file_size).unwrap_or(0);
        assert_eq!(size("2000"), 2000);
        assert_eq!(size("\"10 MB\""), 10_000_000);
        assert_eq!(size("\"1.5kB\""), 1500);
        assert_eq!(size("\"2 MiB\""), 2 * 1024 * 1024);
        for bad in ["0", "-1", "\"ten MB\"", "\"10 MBs\"", "true"] {
            let errs = with(bad).err().unwrap_or_default();
            assert_eq!(errs.len(), 1, "{bad}");
            assert_eq!(errs[0].line, 5, "{bad}");
            assert!(
                errs[0].message.contains("max_file_size"),
                "{}",
                errs[0].message
            );
        }
        let errs = with("1\nmax_size = 2").err().unwrap_or_default();
        assert_eq!(
            errs[0].help.as_deref(),
            Some("did you mean `max_file_size`?")
        );
    }

    #[test]
    fn raw_html_defaults_to_sanitize_and_accepts_trusted() {
        let c = parse_text("title = \"x\"\nbase_url = \"https://e.org/\"\n").ok();
        assert_eq!(c.map(|c| c.markdown.raw_html), Some(RawHtml::Sanitize));
        let c = parse_text(
            "title = \"x\"\nbase_url = \"https://e.org/\"\n[markdown]\nraw_html = \"trusted\"\n",
        )
        .ok();
        assert_eq!(c.map(|c| c.markdown.raw_html), Some(RawHtml::Trusted));
    }

    #[test]
    fn unknown_raw_html_value_is_located_with_a_suggestion() {
        let errs = parse_text(
            "title = \"x\"\nbase_url = \"https://e.org/\"\n\n[markdown]\nraw_html = \"sanitise\"\n",
        )
        .err()
        .unwrap_or_default();
        assert_eq!(errs.len(), 1);
        assert_eq!((errs[0].line, errs[0].column), (5, 12));
        assert_eq!(errs[0].width, "\"sanitise\"".len());
        assert!(errs[0].message.contains("sanitise"), "{}", errs[0].message);
        assert_eq!(errs[0].help.as_deref(), Some("did you mean `sanitize`?"));
    }

    #[test]
    fn unknown_key_in_markdown_suggests_raw_html() {
        let errs = parse_text(
            "title = \"x\"\nbase_url = \"https://e.org/\"\n[markdown]\nrawhtml = \"trusted\"\n",
        )
        .err()
        .unwrap_or_default();
        assert_eq!(errs.len(), 1);
        assert_eq!(errs[0].line, 4);
        assert_eq!(errs[0].help.as_deref(), Some("did you mean `raw_html`?"));
    }

    #[test]
    fn county_info_url_placeholders_are_checked_where_they_are_written() {
        let with = |v: &str| {
            parse_text(&format!(
                "title = \"x\"\nbase_url = \"https://e.org/\"\n\n[extra]\ncounty_info_url = \"{v}\"\n"
            ))
        };
        let ok = with("https://fohm.example/lan/{slug}/{code}").ok();
        assert_eq!(
            ok.and_then(|c| c.county_info_url).as_deref(),
            Some("https://fohm.example/lan/{slug}/{code}")
        );
        let errs = with("https://fohm.example/lan/{slgu}/")
            .err()
            .unwrap_or_default();
        assert_eq!(errs.len(), 1);
        assert_eq!((errs[0].line, errs[0].column), (5, 45));
        assert!(errs[0].message.contains("`{slgu}`"), "{}", errs[0].message);
        assert!(
            errs[0]
                .help
                .as_deref()
                .unwrap_or("")
                .starts_with("did you mean `{slug}`?"),
            "{:?}",
            errs[0].help
        );
        for bad in [
            "fohm.example/{slug}",
            "https://fohm.example/{slug",
            "https://f.example/}",
        ] {
            assert_eq!(with(bad).err().unwrap_or_default().len(), 1, "{bad}");
        }
    }

    #[test]
    fn defaults_apply() {
        let c = parse_text("title = \"x\"\nbase_url = \"https://e.org/a\"\n").ok();
        let c = c.expect("valid config");
        assert_eq!(c.collections.counties(), "lan");
        assert_eq!(c.language, Language::Sv);
        assert_eq!(c.base_path, "/a/");
        assert_eq!(c.max_file_size, DEFAULT_MAX_FILE_SIZE);
    }
}
