//! Loading: walks `content/`, reads every file once (in parallel), splits and parses its
//! front matter into the typed struct of its collection, and renders its Markdown body
//! (see [`crate::markdown`]). The result is still unresolved: slugs are plain strings.
//!
//! Problems are collected as diagnostics; loading never stops at the first one.

pub mod frontmatter;
pub mod git;
pub mod walk;
pub mod yaml;

pub use walk::{is_valid_slug, Collection, EntryKind};

use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::markdown::{self, Body, Highlighter};
use crate::model::Date;
use crate::source::SourceFile;
use frontmatter::*;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A parsed file: its source, its front matter and its rendered body.
#[derive(Debug, Clone)]
pub struct LoadedFile<T> {
    /// The source.
    pub file: Arc<SourceFile>,
    /// Byte offset of the YAML block.
    pub yaml_offset: usize,
    /// Length of the YAML block.
    pub yaml_len: usize,
    /// The typed front matter.
    pub fm: T,
    /// The rendered body.
    pub body: Body,
    /// Last change from git or the file time, when front matter has no `updated`.
    pub changed: Option<Date>,
}

impl<T> LoadedFile<T> {
    /// The YAML text of the front matter.
    pub fn yaml(&self) -> &str {
        self.file
            .text
            .get(self.yaml_offset..self.yaml_offset + self.yaml_len)
            .unwrap_or("")
    }
}

/// Everything under `content/`, parsed but not yet resolved.
#[derive(Debug, Default)]
pub struct Loaded {
    /// `content/_index.md`.
    pub home: Option<LoadedFile<PageFm>>,
    /// The `_index.md` of each collection folder.
    pub collection_index: HashMap<&'static str, LoadedFile<PageFm>>,
    /// Target areas by slug.
    pub target_areas: Vec<(String, LoadedFile<TargetAreaFm>)>,
    /// Actor roles by slug.
    pub actors: Vec<(String, LoadedFile<ActorFm>)>,
    /// Counties with content, by slug.
    pub counties: Vec<(String, LoadedFile<CountyFm>)>,
    /// County documents: (county slug, slug, file).
    pub documents: Vec<(String, String, LoadedFile<DocumentFm>)>,
    /// Forums by slug.
    pub forums: Vec<(String, LoadedFile<ForumFm>)>,
    /// Forum parts: (forum slug, slug, file).
    pub parts: Vec<(String, String, LoadedFile<PartFm>)>,
    /// Ordinary pages: (path, is_section, file).
    pub pages: Vec<(String, bool, LoadedFile<PageFm>)>,
    /// Non-Markdown files: (path relative to `content/`, absolute path).
    pub assets: Vec<(String, PathBuf)>,
    /// Content paths (relative to `content/`) of drafts left out of the build.
    pub drafts: HashSet<String>,
}

/// The collection's name as used for `collection_index` keys.
pub fn collection_key(c: Collection) -> &'static str {
    match c {
        Collection::TargetAreas => "target_areas",
        Collection::Actors => "actors",
        Collection::Counties => "counties",
        Collection::Forums => "forums",
    }
}

enum Parsed {
    Home(LoadedFile<PageFm>),
    Index(Collection, LoadedFile<PageFm>),
    TargetArea(String, LoadedFile<TargetAreaFm>),
    Actor(String, LoadedFile<ActorFm>),
    County(String, LoadedFile<CountyFm>),
    Document(String, String, LoadedFile<DocumentFm>),
    Forum(String, LoadedFile<ForumFm>),
    Part(String, String, LoadedFile<PartFm>),
    Page(String, bool, LoadedFile<PageFm>),
    Asset(String, PathBuf),
    Draft(String),
}

/// Loads every file under `root/content`.
pub fn load(
    root: &Path,
    config: &Config,
    drafts: bool,
) -> anyhow::Result<(Loaded, Vec<Diagnostic>)> {
    let content = root.join("content");
    let (entries, changed) = rayon::join(|| walk::walk(&content), || git::last_changed(root));
    let entries = entries?;
    let hl = Highlighter::new();
    let results: Vec<Result<Parsed, Diagnostic>> = entries
        .par_iter()
        .map(|e| load_entry(e, config, drafts, &hl, &changed))
        .collect();
    let mut loaded = Loaded::default();
    let mut diags = Vec::new();
    for r in results {
        match r {
            Ok(p) => loaded.add(p),
            Err(d) => diags.push(d),
        }
    }
    Ok((loaded, diags))
}

impl Loaded {
    fn add(&mut self, p: Parsed) {
        match p {
            Parsed::Home(f) => self.home = Some(f),
            Parsed::Index(c, f) => {
                self.collection_index.insert(collection_key(c), f);
            }
            Parsed::TargetArea(s, f) => self.target_areas.push((s, f)),
            Parsed::Actor(s, f) => self.actors.push((s, f)),
            Parsed::County(s, f) => self.counties.push((s, f)),
            Parsed::Document(c, s, f) => self.documents.push((c, s, f)),
            Parsed::Forum(s, f) => self.forums.push((s, f)),
            Parsed::Part(fo, s, f) => self.parts.push((fo, s, f)),
            Parsed::Page(p, sec, f) => self.pages.push((p, sec, f)),
            Parsed::Asset(r, a) => self.assets.push((r, a)),
            Parsed::Draft(r) => {
                self.drafts.insert(r);
            }
        }
    }
}

fn load_entry(
    e: &walk::Entry,
    config: &Config,
    drafts: bool,
    hl: &Highlighter,
    changed: &git::Changes,
) -> Result<Parsed, Diagnostic> {
    let rel_root = format!("content/{}", e.rel);
    let kind = walk::classify(&e.rel, &config.collections)
        .map_err(|m| Diagnostic::whole_file(&rel_root, m))?;
    if kind == EntryKind::Asset {
        return Ok(Parsed::Asset(e.rel.clone(), e.abs.clone()));
    }
    let file = Arc::new(read(&rel_root, &e.abs)?);
    let split = frontmatter::split(&file)?;
    let date = changed.get(&rel_root).or_else(|| git::file_date(&e.abs));
    let ctx = Ctx {
        file: &file,
        split,
        hl,
        date,
    };
    let p = match kind {
        EntryKind::Home => Parsed::Home(ctx.parse()?),
        EntryKind::CollectionIndex(c) => Parsed::Index(c, ctx.parse()?),
        EntryKind::TargetArea(s) => Parsed::TargetArea(s, ctx.parse_titled()?),
        EntryKind::Actor(s) => Parsed::Actor(s, ctx.parse_titled()?),
        EntryKind::County(s) => Parsed::County(s, ctx.parse()?),
        EntryKind::Document { county, slug } => Parsed::Document(county, slug, ctx.parse_titled()?),
        EntryKind::Forum(s) => Parsed::Forum(s, ctx.parse_titled()?),
        EntryKind::Part { forum, slug } => Parsed::Part(forum, slug, ctx.parse()?),
        EntryKind::Page { path, is_section } => Parsed::Page(path, is_section, ctx.parse()?),
        EntryKind::Asset => Parsed::Asset(e.rel.clone(), e.abs.clone()),
    };
    if !drafts && is_draft(&p) {
        return Ok(Parsed::Draft(e.rel.clone()));
    }
    Ok(p)
}

fn is_draft(p: &Parsed) -> bool {
    match p {
        Parsed::Home(f) | Parsed::Index(_, f) | Parsed::Page(_, _, f) => f.fm.draft,
        Parsed::TargetArea(_, f) => f.fm.draft,
        Parsed::Actor(_, f) => f.fm.draft,
        Parsed::County(_, f) => f.fm.draft,
        Parsed::Document(_, _, f) => f.fm.draft,
        Parsed::Forum(_, f) => f.fm.draft,
        Parsed::Part(_, _, f) => f.fm.draft,
        Parsed::Asset(..) | Parsed::Draft(_) => false,
    }
}

struct Ctx<'a> {
    file: &'a Arc<SourceFile>,
    split: Split<'a>,
    hl: &'a Highlighter,
    date: Option<Date>,
}

impl Ctx<'_> {
    fn parse<T: serde::de::DeserializeOwned>(&self) -> Result<LoadedFile<T>, Diagnostic> {
        let fm: T = frontmatter::parse(self.file, &self.split)?;
        let body = markdown::render(self.split.body, self.split.body_offset, self.hl);
        Ok(LoadedFile {
            file: Arc::clone(self.file),
            yaml_offset: self.split.yaml_offset,
            yaml_len: self.split.yaml.len(),
            fm,
            body,
            changed: self.date,
        })
    }

    /// Like `parse`, for collections whose pages must have a `title`.
    fn parse_titled<T: serde::de::DeserializeOwned + Common>(
        &self,
    ) -> Result<LoadedFile<T>, Diagnostic> {
        let f = self.parse::<T>()?;
        if f.fm.title().is_none_or(|t| t.trim().is_empty()) {
            return Err(
                Diagnostic::at(self.file, 0, 3, "missing required field `title`")
                    .with_help("add `title:` to the front matter"),
            );
        }
        Ok(f)
    }
}

/// Reads a file as UTF-8, locating the first invalid byte when it is not.
fn read(rel: &str, abs: &Path) -> Result<SourceFile, Diagnostic> {
    let bytes = std::fs::read(abs)
        .map_err(|e| Diagnostic::whole_file(rel, format!("cannot read file: {e}")))?;
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.as_bytes();
            let line = bytes[..valid].iter().filter(|&&b| b == b'\n').count() + 1;
            let line_start = bytes[..valid]
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |i| i + 1);
            let column = String::from_utf8_lossy(&bytes[line_start..valid])
                .chars()
                .count()
                + 1;
            let mut d = Diagnostic::whole_file(
                rel,
                format!("the file is not valid UTF-8 (byte 0x{:02x})", bytes[valid]),
            )
            .with_help("save the file as UTF-8");
            d.line = line;
            d.column = column;
            return Err(d);
        }
    };
    let text = text
        .strip_prefix('\u{feff}')
        .map(str::to_string)
        .unwrap_or(text);
    let text = if text.contains(markdown::SLOT) {
        text.replace(markdown::SLOT, "")
    } else {
        text
    };
    Ok(SourceFile::new(rel.to_string(), abs.to_path_buf(), text))
}
