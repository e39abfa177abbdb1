//! Loading: walks `content/`, reads every file once (in parallel), splits and parses its
//! front matter into the typed struct of its collection, and renders its Markdown body
//! (see [`crate::markdown`]). The result is still unresolved: slugs are plain strings.
//!
//! Problems are collected as diagnostics; loading never stops at the first one.

pub(crate) mod frontmatter;
pub(crate) mod git;
pub(crate) mod walk;
pub(crate) use walk::{Collection, EntryKind};

use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::kinds::frontmatter::*;
use crate::kinds::page::PageFm;
pub(crate) use crate::kinds::LoadedFile;
use crate::kinds::{ContentKind, LoadedKinds, LoadedOne, ParseKind};
use crate::markdown::{self, Highlighter, ReservedIds};
use crate::model::Date;
use crate::source::SourceFile;
use frontmatter::Split;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// What reading one file gives: its parsed content, or every mistake found in it.
type FileResult = Result<Parsed, Failed>;

/// A file that could not be loaded: its mistakes, and the front matter of a content
/// kind's file whose front matter has mistakes (its references are checked all the same).
#[derive(Debug, Clone)]
struct Failed {
    diags: Vec<Diagnostic>,
    yaml: Option<BrokenYaml>,
}

impl From<Vec<Diagnostic>> for Failed {
    fn from(diags: Vec<Diagnostic>) -> Failed {
        Failed { diags, yaml: None }
    }
}

impl From<Diagnostic> for Failed {
    fn from(d: Diagnostic) -> Failed {
        vec![d].into()
    }
}

/// The front matter of a content file that has mistakes of its own: resolution still
/// checks the references in it (issue 16, every error of a file in one run).
#[derive(Debug, Clone)]
pub(crate) struct BrokenYaml {
    /// The file's kind, whose [`crate::kinds::ContentKind::REFS`] say which fields name
    /// which kinds.
    pub tag: crate::kinds::KindTag,
    /// The source, with its text.
    pub file: Arc<SourceFile>,
    /// Byte offset of the YAML block.
    pub yaml_offset: usize,
    /// Length of the YAML block.
    pub yaml_len: usize,
}

impl BrokenYaml {
    /// The YAML text of the front matter.
    pub(crate) fn yaml(&self) -> &str {
        self.file
            .text()
            .get(self.yaml_offset..self.yaml_offset + self.yaml_len)
            .unwrap_or("")
    }
}

/// Everything under `content/`, parsed but not yet resolved.
#[derive(Debug, Default)]
pub(crate) struct Loaded {
    /// `content/_index.md`.
    pub home: Option<Arc<LoadedFile<PageFm>>>,
    /// The `_index.md` of each collection folder.
    pub collection_index: HashMap<Collection, Arc<LoadedFile<PageFm>>>,
    /// The files of every content kind, where each kind's place says.
    pub kinds: LoadedKinds,
    /// Non-Markdown files: (path relative to `content/`, absolute path).
    pub assets: Vec<(String, PathBuf)>,
    /// Content paths (relative to `content/`) of drafts left out of the build.
    pub drafts: HashSet<String>,
    /// Content paths of files that could not be read (their own errors are reported);
    /// links and references to them are not reported again as missing.
    pub broken: HashSet<String>,
    /// The front matter of content files with mistakes, whose references are checked.
    pub broken_yaml: Vec<BrokenYaml>,
}

#[derive(Debug, Clone)]
enum Parsed {
    Home(Arc<LoadedFile<PageFm>>),
    Index(Collection, Arc<LoadedFile<PageFm>>),
    Kind(LoadedOne),
    Asset(String, PathBuf),
    Draft(String),
}

/// Loads every file under `root/content`.
pub(crate) fn load(
    root: &Path,
    config: &Config,
    drafts: bool,
) -> anyhow::Result<(Loaded, Vec<Diagnostic>)> {
    let content = root.join("content");
    let (entries, changed) = rayon::join(|| walk::walk(&content), || git::last_changed(root));
    let entries = entries?;
    let hl = Highlighter::new();
    let reserved = reserved_ids(root, config);
    let results: Vec<FileResult> = entries
        .par_iter()
        .map(|e| load_entry(e, config, drafts, (&hl, &reserved), &changed))
        .collect();
    Ok(assemble(results))
}

/// The ids the site's templates write themselves, which the Markdown bodies must leave
/// free. A theme that cannot be read reserves nothing here; rendering reports it.
pub(crate) fn reserved_ids(root: &Path, config: &Config) -> ReservedIds {
    crate::render::templates::collect(root, config.theme.as_deref(), config.language.code())
        .map(|t| ReservedIds::from_templates(t.templates.values().map(String::as_str)))
        .unwrap_or_default()
}

fn assemble(results: impl IntoIterator<Item = FileResult>) -> (Loaded, Vec<Diagnostic>) {
    let mut loaded = Loaded::default();
    let mut diags = Vec::new();
    for r in results {
        match r {
            Ok(p) => loaded.add(p),
            Err(f) => {
                loaded.fail(&f);
                diags.extend(f.diags);
            }
        }
    }
    (loaded, diags)
}

/// What identifies one version of a file on disk: its size and modification time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Stamp {
    len: u64,
    modified: Option<std::time::SystemTime>,
}

impl Stamp {
    /// A stamp that equals no file's: the file is read again next time.
    const UNKNOWN: Stamp = Stamp {
        len: u64::MAX,
        modified: None,
    };

    fn of(path: &Path) -> Option<Stamp> {
        let m = std::fs::metadata(path).ok()?;
        Some(Stamp {
            len: m.len(),
            modified: m.modified().ok(),
        })
    }
}

/// Parsed files kept between loads of the same site (the dev server): a file is read and
/// parsed again only when its size or modification time changed, so a load after a
/// one-file edit costs a walk of `content/` and one parse. The git dates are read once.
#[derive(Debug, Default)]
pub(crate) struct Cache {
    files: HashMap<String, (Stamp, FileResult)>,
    /// The files of the last walk, in walk order.
    order: Vec<walk::Entry>,
    git: Option<git::Changes>,
    /// The theme's ids that the cached bodies were made to avoid.
    reserved: Option<ReservedIds>,
    /// The content as of the last load, and the files that failed to load.
    loaded: Loaded,
    diags: Vec<Diagnostic>,
}

/// The stamp of every file of one load, by path relative to `content/`.
pub(crate) type Stamps = HashMap<String, Stamp>;

impl Cache {
    /// Forgets what is known of a path relative to the site root (`content/a.md`, or a
    /// folder), so the next load reads it again whatever its stamp says.
    pub(crate) fn forget(&mut self, path: &Path) {
        let rel = path.to_string_lossy().replace('\\', "/");
        let Some(rel) = rel.strip_prefix("content/") else {
            if rel == "content" {
                self.files.clear();
            }
            return;
        };
        let folder = format!("{rel}/");
        self.files
            .retain(|k, _| k != rel && !k.starts_with(&folder));
    }

    /// Loads `root/content`, parsing only new and changed files; also returns the stamp of
    /// every file, so the caller can tell what changed since any earlier load.
    ///
    /// `edited` may name the paths (relative to the root) known to have changed since the
    /// previous load: when they are all files that existed then and exist now, `content/`
    /// is not walked again.
    pub(crate) fn load(
        &mut self,
        root: &Path,
        config: &Config,
        drafts: bool,
        edited: &[PathBuf],
    ) -> anyhow::Result<(&mut Loaded, Vec<Diagnostic>, Stamps)> {
        let reserved = reserved_ids(root, config);
        // Bodies made while the templates wrote other ids are made again.
        if self.reserved.as_ref() != Some(&reserved) {
            self.files.clear();
            self.order.clear();
            self.reserved = Some(reserved.clone());
        }
        let only_edits = self.only_edits(root, edited);
        let entries = if only_edits {
            std::mem::take(&mut self.order)
        } else {
            walk::walk(&root.join("content"))?
        };
        let git = match self.git.take() {
            Some(g) => g,
            None => git::last_changed(root),
        };
        let hl = Highlighter::new();
        let parse = Parse {
            config,
            drafts,
            hl: &hl,
            reserved: &reserved,
            git: &git,
        };
        if only_edits {
            self.reload_edited(&entries, edited, &parse);
        } else {
            self.reload_changed(&entries, &parse);
        }
        self.git = Some(git);
        let stamps = self
            .files
            .iter()
            .map(|(rel, (stamp, _))| (rel.clone(), *stamp))
            .collect();
        if !only_edits {
            let results = entries
                .iter()
                .filter_map(|e| self.files.get(&e.rel).map(|(_, p)| p.clone()));
            (self.loaded, self.diags) = assemble(results);
        }
        self.order = entries;
        Ok((&mut self.loaded, self.diags.clone(), stamps))
    }

    /// True when `edited` names only files that existed at the last load and exist now:
    /// then `content/` need not be walked again.
    fn only_edits(&self, root: &Path, edited: &[PathBuf]) -> bool {
        !edited.is_empty()
            && !self.order.is_empty()
            && edited.iter().all(|p| {
                let rel = p.to_string_lossy().replace('\\', "/");
                rel.strip_prefix("content/")
                    .is_some_and(|r| self.order.iter().any(|e| e.rel == r))
                    && root.join(p).is_file()
            })
    }

    /// Parses the `edited` files again and puts them in place of what they held.
    fn reload_edited(&mut self, entries: &[walk::Entry], edited: &[PathBuf], parse: &Parse<'_>) {
        let edited: HashSet<String> = edited
            .iter()
            .filter_map(|p| {
                let rel = p.to_string_lossy().replace('\\', "/");
                rel.strip_prefix("content/").map(str::to_string)
            })
            .collect();
        let parsed: Vec<(String, Stamp, FileResult)> = entries
            .par_iter()
            .filter(|e| edited.contains(&e.rel))
            .map(|e| {
                let stamp = Stamp::of(&e.abs).unwrap_or(Stamp::UNKNOWN);
                (e.rel.clone(), stamp, parse.entry(e))
            })
            .collect();
        for (rel, stamp, p) in parsed {
            let source = format!("content/{rel}");
            self.loaded.remove(&rel, &source);
            self.diags.retain(|d| d.file != source);
            match &p {
                Ok(parsed) => self.loaded.add(parsed.clone()),
                Err(f) => {
                    self.loaded.fail(f);
                    self.diags.extend(f.diags.iter().cloned());
                }
            }
            self.files.insert(rel, (stamp, p));
        }
    }

    /// Parses the walked files whose stamp changed, keeps the others' parses and
    /// forgets the files that are gone.
    fn reload_changed(&mut self, entries: &[walk::Entry], parse: &Parse<'_>) {
        let files = &self.files;
        let fresh: Vec<(Stamp, Option<FileResult>)> = entries
            .par_iter()
            .map(|e| {
                let stamp = Stamp::of(&e.abs).unwrap_or(Stamp::UNKNOWN);
                match files.get(&e.rel) {
                    Some((s, _)) if *s == stamp && stamp.modified.is_some() => (stamp, None),
                    _ => (stamp, Some(parse.entry(e))),
                }
            })
            .collect();
        let mut next = HashMap::with_capacity(entries.len());
        for (e, (stamp, parsed)) in entries.iter().zip(fresh) {
            let parsed = match parsed {
                Some(p) => p,
                None => match self.files.remove(&e.rel) {
                    Some((_, p)) => p,
                    None => continue,
                },
            };
            next.insert(e.rel.clone(), (stamp, parsed));
        }
        self.files = next;
    }
}

/// What parsing one file needs besides the file.
struct Parse<'a> {
    config: &'a Config,
    drafts: bool,
    hl: &'a Highlighter,
    reserved: &'a ReservedIds,
    git: &'a git::Changes,
}

impl Parse<'_> {
    /// The file parsed.
    fn entry(&self, e: &walk::Entry) -> FileResult {
        load_entry(
            e,
            self.config,
            self.drafts,
            (self.hl, self.reserved),
            self.git,
        )
    }
}

impl Loaded {
    /// Takes out whatever came from the file `rel` (relative to `content/`; `source` is the
    /// same path relative to the root).
    fn remove(&mut self, rel: &str, source: &str) {
        let other = |f: &LoadedFile<PageFm>| f.file.rel_path != source;
        if self.home.as_ref().is_some_and(|f| !other(f)) {
            self.home = None;
        }
        self.collection_index.retain(|_, f| other(f));
        self.kinds.remove(source);
        self.assets.retain(|(r, _)| r != rel);
        self.drafts.remove(rel);
        self.broken.remove(rel);
        self.broken_yaml.retain(|b| b.file.rel_path != source);
    }

    /// Records a file that failed to load: the files its errors are about are broken.
    fn fail(&mut self, f: &Failed) {
        for d in &f.diags {
            if let Some(rel) = d.file.strip_prefix("content/") {
                self.broken.insert(rel.to_string());
            }
        }
        self.broken_yaml.extend(f.yaml.clone());
    }

    fn add(&mut self, p: Parsed) {
        match p {
            Parsed::Home(f) => self.home = Some(f),
            Parsed::Index(c, f) => {
                self.collection_index.insert(c, f);
            }
            Parsed::Kind(one) => self.kinds.push(one),
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
    (hl, reserved): (&Highlighter, &ReservedIds),
    changed: &git::Changes,
) -> FileResult {
    let rel_root = format!("content/{}", e.rel);
    if let Some(problem) = &e.problem {
        return Err(Diagnostic::whole_file(
            &rel_root,
            format!("cannot use `{rel_root}`: {problem}"),
        )
        .into());
    }
    let kind = walk::classify(&e.rel, &config.collections)
        .map_err(|m| Diagnostic::whole_file(&rel_root, m))?;
    if kind == EntryKind::Asset {
        crate::read::check_readable(&rel_root, &e.abs)?;
        return Ok(Parsed::Asset(e.rel.clone(), e.abs.clone()));
    }
    let file = Arc::new(read(&rel_root, &e.abs, config.max_file_size)?);
    let date = changed.get(&rel_root).or_else(|| git::file_date(&e.abs));
    parse_entry(e, kind, &file, config, drafts, (hl, reserved), date)
}

/// Parses a file already read, whose place `kind` was decided from its path `e`.
fn parse_entry(
    e: &walk::Entry,
    kind: EntryKind,
    file: &Arc<SourceFile>,
    config: &Config,
    drafts: bool,
    (hl, reserved): (&Highlighter, &ReservedIds),
    date: Option<Date>,
) -> FileResult {
    let split = frontmatter::split(file)?;
    let (yaml_offset, yaml_len) = (split.yaml_offset, split.yaml.len());
    let ctx = Ctx {
        file,
        split,
        hl,
        reserved,
        date,
        raw_html: config.markdown.raw_html,
    };
    let p = match kind {
        EntryKind::Home => Parsed::Home(Arc::new(ctx.readers_page()?)),
        EntryKind::CollectionIndex(c) => Parsed::Index(c, Arc::new(ctx.readers_page()?)),
        EntryKind::Kind(tag, slot) => {
            let broken = |diags| Failed {
                diags,
                yaml: Some(BrokenYaml {
                    tag,
                    file: Arc::clone(file),
                    yaml_offset,
                    yaml_len,
                }),
            };
            Parsed::Kind(tag.parse(slot, &ctx).map_err(broken)?)
        }
        EntryKind::Asset => Parsed::Asset(e.rel.clone(), e.abs.clone()),
    };
    if !drafts && is_draft(&p) {
        return Ok(Parsed::Draft(e.rel.clone()));
    }
    Ok(p)
}

/// Parses the text of one content file as `load` does after reading it, without the
/// file system: `rel` is its path relative to `content/`. For the fuzz targets
/// ([`crate::fuzzing`]); errors are the author's diagnostics.
pub(crate) fn parse_text(rel: &str, text: String, config: &Config) -> Result<(), Vec<Diagnostic>> {
    let rel_root = format!("content/{rel}");
    let kind = walk::classify(rel, &config.collections)
        .map_err(|m| Diagnostic::whole_file(&rel_root, m))?;
    // A path that does not exist: a released file then reads back as empty text.
    let e = walk::Entry {
        rel: rel.to_string(),
        abs: Path::new("/nonexistent-blomma-source").join(&rel_root),
        problem: None,
    };
    let file = Arc::new(SourceFile::new(
        rel_root.clone(),
        e.abs.clone(),
        crate::source::normalise(text),
    ));
    let hl = Highlighter::new();
    let reserved = ReservedIds::default();
    parse_entry(&e, kind, &file, config, false, (&hl, &reserved), None)
        .map(|_| ())
        .map_err(|f| f.diags)
}

fn is_draft(p: &Parsed) -> bool {
    match p {
        Parsed::Home(f) | Parsed::Index(_, f) => f.fm.draft,
        Parsed::Kind(one) => one.draft(),
        Parsed::Asset(..) | Parsed::Draft(_) => false,
    }
}

impl ParseKind for Ctx<'_> {
    fn parse_kind<K: ContentKind>(&self) -> Result<Arc<LoadedFile<K::Fm>>, Vec<Diagnostic>> {
        let f = if K::TITLED {
            self.parse_titled::<K::Fm>()?
        } else {
            self.parse::<K::Fm>()?
        };
        Ok(Arc::new(f))
    }
}

struct Ctx<'a> {
    file: &'a Arc<SourceFile>,
    split: Split<'a>,
    hl: &'a Highlighter,
    reserved: &'a ReservedIds,
    date: Option<Date>,
    raw_html: crate::raw_html::RawHtml,
}

impl Ctx<'_> {
    fn parse<T: serde::de::DeserializeOwned>(&self) -> Result<LoadedFile<T>, Vec<Diagnostic>> {
        let fm: T = frontmatter::parse(self.file, &self.split)?;
        let body = markdown::render_with(
            self.split.body,
            self.split.body_offset,
            self.hl,
            self.raw_html,
            self.reserved,
        );
        Ok(LoadedFile {
            // The parsed file keeps no copy of its text (it is read again for errors).
            file: Arc::new(self.file.released()),
            yaml_offset: self.split.yaml_offset,
            yaml_len: self.split.yaml.len(),
            fm,
            body: Arc::new(body),
            changed: self.date,
        })
    }

    /// Like `parse`, for the home page and a collection's `_index.md`, which are always
    /// for readers: `audience: authors` there is an error rather than ignored.
    fn readers_page(&self) -> Result<LoadedFile<PageFm>, Vec<Diagnostic>> {
        let f = self.parse::<PageFm>()?;
        if f.fm.audience == crate::model::Audience::Authors {
            let off = locate_value(self.split.yaml, "audience", "authors", 0)
                .map_or(0, |o| self.split.yaml_offset + o);
            return Err(vec![Diagnostic::at(
                self.file,
                off,
                "authors".len(),
                "`audience: authors` is only for ordinary pages; this page is for readers",
            )
            .with_help("remove `audience`, or move the text to a page of its own")]);
        }
        Ok(f)
    }

    /// Like `parse`, for collections whose pages must have a `title`.
    fn parse_titled<T: serde::de::DeserializeOwned + Common>(
        &self,
    ) -> Result<LoadedFile<T>, Vec<Diagnostic>> {
        let missing_title = || {
            Diagnostic::at(self.file, 0, 3, "missing required field `title`")
                .with_help("add `title:` to the front matter")
        };
        let f = match self.parse::<T>() {
            Ok(f) => f,
            // Reported with the other mistakes, so the author sees them all in one run.
            Err(mut ds) if !frontmatter::has_text(self.split.yaml, "title") => {
                ds.push(missing_title());
                return Err(ds);
            }
            Err(ds) => return Err(ds),
        };
        if f.fm.title().is_none_or(|t| t.trim().is_empty()) {
            return Err(vec![missing_title()]);
        }
        Ok(f)
    }
}

/// Reads a content file as UTF-8 (see [`crate::read::read_text`]), refusing files
/// larger than `[build] max_file_size`.
fn read(rel: &str, abs: &Path, limit: u64) -> Result<SourceFile, Diagnostic> {
    let text = crate::read::read_text(rel, abs, limit)?;
    Ok(SourceFile::new(rel.to_string(), abs.to_path_buf(), text))
}
