//! Warnings: what does not stop a build but that an author should fix before publishing.
//! An image or link to a file of the site that does not exist, an image without alt text,
//! a heading that skips a level, a `.md` link that should be an `@/` link, a page no other
//! page links to, a `data/` table nothing uses, and what `raw_html = "sanitize"` removed.
//!
//! The facts come from the Markdown stage, noted while each body was rendered once
//! ([`crate::markdown::facts`]); this stage only judges them against the whole site, so
//! it reads no body again. Warnings are located like errors and shown by the same
//! renderer ([`Diagnostic::render_as`]); `--deny-warnings` (or `[check] deny_warnings`)
//! makes them errors.

use crate::diagnostics::{Diagnostic, Severity};
use crate::kinds::Site;
use crate::markdown::facts::{LocalRef, DECORATIVE};
use crate::model::PageMeta;
use crate::render::pages;
use crate::source::SourceFile;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

/// Warnings of one kind shown before the rest are summed up in one line.
pub(crate) const SHOWN_PER_KIND: usize = 20;

/// What a warning is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Kind {
    /// An image or link to a file or page of the site that does not exist.
    MissingFile,
    /// An image without alt text, not marked decorative.
    MissingAlt,
    /// A heading more than one level below the one before it.
    SkippedHeading,
    /// A link to a content file by its path (`../aktorer/skolan.md`), not by `@/`.
    MdLink,
    /// A page that no other page links to.
    Orphan,
    /// A table in `data/` that no template reads.
    UnusedData,
    /// Raw HTML that `raw_html = "sanitize"` removed.
    Sanitized,
    /// An address from the site's root in raw HTML on a site under a base path.
    RawRootPath,
}

impl Kind {
    /// What the warnings of this kind are, for the summary line.
    pub(crate) fn describe(self) -> &'static str {
        match self {
            Kind::MissingFile => "links or images to a missing file",
            Kind::MissingAlt => "images without alt text",
            Kind::SkippedHeading => "headings that skip a level",
            Kind::MdLink => "links to a .md file that should be @/ links",
            Kind::Orphan => "pages no other page links to",
            Kind::UnusedData => "data/ tables nothing uses",
            Kind::Sanitized => "pieces of raw HTML removed",
            Kind::RawRootPath => "addresses in raw HTML that miss the base path",
        }
    }
}

/// One warning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Warning {
    /// Its kind.
    pub kind: Kind,
    /// Where and what.
    pub diagnostic: Diagnostic,
}

/// The warnings of a build.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Warnings {
    items: Vec<Warning>,
}

impl Warnings {
    /// True when there are none.
    pub(crate) fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    fn push(&mut self, kind: Kind, diagnostic: Diagnostic) {
        self.items.push(Warning { kind, diagnostic });
    }

    /// What standard error shows: each warning (at most [`SHOWN_PER_KIND`] of a kind,
    /// then one line for the rest of that kind), then a count.
    pub(crate) fn render(&self, color: bool) -> String {
        let mut out = String::new();
        let mut shown: HashMap<Kind, usize> = HashMap::new();
        for w in &self.items {
            let n = shown.entry(w.kind).or_default();
            *n += 1;
            if *n <= SHOWN_PER_KIND {
                out.push_str(&w.diagnostic.render_as(Severity::Warning, color));
                out.push('\n');
            }
        }
        let mut kinds: Vec<(Kind, usize)> = shown.into_iter().collect();
        kinds.sort();
        for (kind, n) in kinds.into_iter().filter(|(_, n)| *n > SHOWN_PER_KIND) {
            out.push_str(&format!(
                "warning: … and {} more {} (not shown)\n",
                n - SHOWN_PER_KIND,
                kind.describe()
            ));
        }
        out
    }

    /// `3 warnings`, `1 warning`.
    pub(crate) fn count(&self) -> String {
        let n = self.items.len();
        format!("{n} warning{}", if n == 1 { "" } else { "s" })
    }
}

/// A page of the site made from a content file: its URL path below the base path and
/// its fields.
struct SourcePage<'a> {
    /// Below the base path, without a leading `/` (`lan/dalarna/`, `` for home).
    url: String,
    meta: &'a PageMeta,
}

/// Every warning of a resolved and rendered site. `exists` says whether the output has
/// a file at a path (relative to the output folder, `filer/x.pdf`); `templates` are the
/// theme's templates (which `data/` tables they read).
pub(crate) fn collect<'t>(
    root: &Path,
    site: &Site,
    templates: impl IntoIterator<Item = &'t str>,
    exists: &dyn Fn(&str) -> bool,
) -> Warnings {
    Early::collect(root, site, templates).finish(exists)
}

/// The warnings found before the site's output exists: all but the links and images to
/// files of the site, which [`Early::finish`] checks against the output. The build finds
/// these while the pages render, so that they cost no time after it.
pub(crate) struct Early<'s> {
    root: std::path::PathBuf,
    /// The site's base path (`/`, `/projekt/`), which raw HTML addresses carry as written.
    base_path: &'s str,
    pages: Vec<SourcePage<'s>>,
    /// The pages' sources below `content/`, for the `.md` links' suggestions.
    content_paths: HashSet<&'s str>,
    found: Found,
}

impl<'s> Early<'s> {
    /// The warnings of the resolved `site` that do not depend on its output; `templates`
    /// are the theme's templates (which `data/` tables they read).
    pub(crate) fn collect<'t>(
        root: &Path,
        site: &'s Site,
        templates: impl IntoIterator<Item = &'t str>,
    ) -> Self {
        let pages = source_pages(site);
        let content_paths: HashSet<&str> = pages
            .iter()
            .filter_map(|p| p.meta.source.strip_prefix("content/"))
            .collect();
        let mut found = Found::default();
        for p in &pages {
            body_warnings(p, &mut found);
            raw_root_paths(p, &site.config.base_path, &mut found);
        }
        orphans(site, &pages, &mut found);
        unused_data(root, templates, &mut found);
        Early {
            root: root.to_path_buf(),
            base_path: &site.config.base_path,
            pages,
            content_paths,
            found,
        }
    }

    /// Adds the links and images to files or pages the output does not have (`exists`
    /// says whether it has a file at a path relative to the output folder) and locates
    /// the warnings.
    pub(crate) fn finish(mut self, exists: &dyn Fn(&str) -> bool) -> Warnings {
        for p in &self.pages {
            let rel = p.meta.source.as_str();
            for l in &p.meta.body.facts.local {
                let page = (rel, p.url.as_str());
                local_ref(
                    page,
                    self.base_path,
                    l,
                    &self.content_paths,
                    exists,
                    &mut self.found,
                );
            }
        }
        self.found.finish(&self.root)
    }
}

/// Where a warning points before it is located.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Place {
    /// A byte offset and a length.
    At(usize, usize),
    /// The `title:` line of the front matter.
    Title,
    /// The whole file.
    Whole,
}

/// A warning not yet located: only the ones shown are ([`Found::finish`]), so a site with
/// thousands of warnings of a kind does not read thousands of files again.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Pending {
    file: String,
    place: Place,
    message: String,
    help: Option<String>,
}

impl Pending {
    fn at(file: &str, offset: usize, len: usize, message: String) -> Self {
        Pending {
            file: file.to_string(),
            place: Place::At(offset, len),
            message,
            help: None,
        }
    }
    fn title(file: &str, message: String) -> Self {
        Pending {
            place: Place::Title,
            ..Self::at(file, 0, 0, message)
        }
    }
    fn whole(file: &str, message: String) -> Self {
        Pending {
            place: Place::Whole,
            ..Self::at(file, 0, 0, message)
        }
    }
    fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
    /// Sorts by file and place in it.
    fn key(&self) -> (&str, usize, &str) {
        let at = match self.place {
            Place::At(o, _) => o,
            Place::Title | Place::Whole => 0,
        };
        (&self.file, at, &self.message)
    }
}

/// The warnings found, not yet located.
#[derive(Debug, Default)]
struct Found(Vec<(Kind, Pending)>);

impl Found {
    fn push(&mut self, kind: Kind, p: Pending) {
        self.0.push((kind, p));
    }

    /// Sorts the warnings by file and place, and locates the first
    /// [`SHOWN_PER_KIND`] of each kind, reading their files again (the parsed pages keep
    /// no text); the rest, only counted, point at their file.
    fn finish(mut self, root: &Path) -> Warnings {
        self.0.sort_by(|a, b| a.1.key().cmp(&b.1.key()));
        self.0.dedup();
        let mut files: HashMap<String, Option<SourceFile>> = HashMap::new();
        let mut count: HashMap<Kind, usize> = HashMap::new();
        let mut w = Warnings::default();
        for (kind, p) in self.0 {
            let n = count.entry(kind).or_default();
            *n += 1;
            let file = match (&p.place, *n <= SHOWN_PER_KIND) {
                (Place::Whole, _) | (_, false) => None,
                _ => files
                    .entry(p.file.clone())
                    .or_insert_with(|| {
                        let abs = root.join(&p.file);
                        crate::read::read_text(&p.file, &abs, crate::read::NO_LIMIT)
                            .ok()
                            .map(|t| SourceFile::new(p.file.clone(), abs, t))
                    })
                    .as_ref(),
            };
            let mut d = match (file, &p.place) {
                (Some(f), Place::At(offset, len)) => Diagnostic::at(f, *offset, *len, &p.message),
                (Some(f), Place::Title) => {
                    let (offset, len) = title_line(f.text());
                    Diagnostic::at(f, offset, len, &p.message)
                }
                _ => Diagnostic::whole_file(&p.file, &p.message),
            };
            d.help = p.help;
            w.push(kind, d);
        }
        w
    }
}

/// The offset and length of the `title:` line of a text, else of its first line.
fn title_line(text: &str) -> (usize, usize) {
    let at = text.find("\ntitle:").map_or(0, |i| i + 1).min(text.len());
    let len = text[at..].find('\n').unwrap_or(text.len() - at);
    (at, len.max(1))
}

/// The pages made from content files: the home page, the lists' intros and every
/// entity with a file.
fn source_pages(site: &Site) -> Vec<SourcePage<'_>> {
    let base = &site.config.base_path;
    let below = |url: String| url.strip_prefix(base.as_str()).unwrap_or(&url).to_string();
    let mut out: Vec<SourcePage<'_>> = pages::jobs(site)
        .into_iter()
        .filter_map(|j| {
            let meta = j.source_meta(site)?;
            Some(SourcePage {
                url: below(j.url(site)),
                meta,
            })
        })
        .collect();
    for (c, meta) in &site.collection_intro {
        let url = below(site.collection_url(c.folder(&site.config.collections)));
        out.push(SourcePage { url, meta });
    }
    out.retain(|p| !p.meta.source.is_empty());
    out
}

/// The warnings of one body that do not depend on the output: removed raw HTML, missing
/// alt text and skipped heading levels.
fn body_warnings(p: &SourcePage<'_>, w: &mut Found) {
    let body = &p.meta.body;
    let facts = &body.facts;
    if body.warnings.is_empty() && facts.no_alt.is_empty() && facts.skipped.is_empty() {
        return;
    }
    let rel = p.meta.source.as_str();
    for r in &body.warnings {
        let d = Pending::at(rel, r.offset, 1, r.message.clone()).with_help(
            "raw_html = \"sanitize\" keeps active content off the pages; if every author \
             of the site is trusted, set `raw_html = \"trusted\"` under `[markdown]` in site.toml",
        );
        w.push(Kind::Sanitized, d);
    }
    for a in &facts.no_alt {
        let (message, help) = if a.raw {
            (
                "image without alt text: `<img>` has no `alt` attribute".to_string(),
                "add `alt=\"…\"` saying what the image shows; `alt=\"\"` only if it is decoration"
                    .to_string(),
            )
        } else {
            (
                format!("image `{}` has no alt text", a.src),
                format!(
                    "write what the image shows between the brackets: `![what it shows]({})`; \
                     an image that is only decoration gets the title \"{}\": `![]({} \"{}\")`",
                    a.src, DECORATIVE[0], a.src, DECORATIVE[0]
                ),
            )
        };
        w.push(
            Kind::MissingAlt,
            Pending::at(rel, a.offset, a.len, message).with_help(help),
        );
    }
    for h in &facts.skipped {
        let what = if h.previous == 1 {
            "the page's title".to_string()
        } else {
            format!("the heading before it (level {})", h.previous)
        };
        let message = format!(
            "heading level skipped: level {} (`{}`) follows {what}",
            h.level,
            "#".repeat(usize::from(h.level))
        );
        let help = format!(
            "use `{}` here, or add the missing level between; the page's title is level 1, so \
             the body's headings start at `##`",
            "#".repeat(usize::from(h.previous) + 1)
        );
        w.push(
            Kind::SkippedHeading,
            Pending::at(rel, h.offset, h.len, message).with_help(help),
        );
    }
}

/// Addresses from the site's root in raw HTML (`<img src="/bilder/x.png">`, `<a
/// href="/filer/x.pdf">`) when the site
/// lives under a base path (`base_url = "https://x.github.io/projekt/"`): blomma leaves
/// raw HTML as written, so on the published site they point outside the site. Markdown
/// images and links get the base path; these do not.
fn raw_root_paths(p: &SourcePage<'_>, base_path: &str, w: &mut Found) {
    if base_path.trim_matches('/').is_empty() {
        return;
    }
    let rel = p.meta.source.as_str();
    let raw = p.meta.body.facts.local.iter().filter(|l| l.raw);
    for l in raw.filter(|l| l.dest.starts_with('/') && !l.dest.starts_with("//")) {
        if l.dest.starts_with(base_path) {
            continue;
        }
        let message = format!(
            "`{}` in raw HTML does not get the site's base path `{base_path}`: on the \
             published site it points outside the site",
            l.dest
        );
        let markdown = if l.image {
            format!("the image in Markdown, `![what it shows]({})`", l.dest)
        } else {
            format!("the link in Markdown, `[…]({})`", l.dest)
        };
        let help = format!(
            "write {markdown}, which gets the base path, or write the whole path: \
             `{base_path}{}`",
            l.dest.trim_start_matches('/')
        );
        w.push(
            Kind::RawRootPath,
            Pending::at(rel, l.offset, l.len, message).with_help(help),
        );
    }
}

/// A link or image by address on the page made from `source` at `page_url`: a `.md` file
/// that should be an `@/` link, or a file or page the site does not have. An address from
/// the root in raw HTML, left as written, carries the `base_path` when it is right.
fn local_ref(
    (source, page_url): (&str, &str),
    base_path: &str,
    l: &LocalRef,
    content_paths: &HashSet<&str>,
    exists: &dyn Fn(&str) -> bool,
    w: &mut Found,
) {
    let (path, fragment) = split_dest(&l.dest);
    if !l.image && path.ends_with(".md") {
        md_link(source, l, (path, fragment), content_paths, w);
        return;
    }
    let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    let decoded = match decoded.strip_prefix(base_path) {
        Some(below) if l.raw && base_path != "/" => format!("/{below}").into(),
        _ => decoded,
    };
    let resolved = if decoded.starts_with('/') {
        join("", &decoded)
    } else {
        join(page_url.trim_end_matches('/'), &decoded)
    };
    if resolved.as_deref().is_some_and(|p| found(p, exists)) {
        return;
    }
    let what = if l.image { "image" } else { "link to" };
    let shown = resolved.as_deref().unwrap_or(&decoded);
    let message = if decoded.starts_with('/') {
        format!("{what} `{}`: no such file in the site", l.dest)
    } else {
        format!("{what} `{}`: no such file in the site (`/{shown}`)", l.dest)
    };
    let mut help = format!(
        "put the file in static/{shown} (or under content/ at the same path), or correct the address"
    );
    if !decoded.starts_with('/') {
        help = relative_help(source, page_url, &decoded, exists, help);
    }
    w.push(
        Kind::MissingFile,
        Pending::at(source, l.offset, l.len, message).with_help(help),
    );
}

/// The folder under `content/` of the source file `source`.
fn source_dir(source: &str) -> &str {
    source
        .strip_prefix("content/")
        .and_then(|s| s.rsplit_once('/'))
        .map_or("", |(d, _)| d)
}

/// A link to a content file by its path (`path` with its `fragment`), which should be an
/// `@/` link: the warning says which, and the nearest content files when there is none.
fn md_link(
    source: &str,
    l: &LocalRef,
    (path, fragment): (&str, &str),
    content_paths: &HashSet<&str>,
    w: &mut Found,
) {
    let dir = source_dir(source);
    let target = join(if path.starts_with('/') { "" } else { dir }, path)
        .unwrap_or_else(|| path.trim_start_matches(['.', '/']).to_string());
    let at = format!("@/{target}{fragment}");
    let mut help = if l.raw {
        // Raw HTML is left as written: an `@/` address in it would not be resolved.
        format!(
            "write the link in Markdown, `[…]({at})`: blomma checks an @/ link and gives it \
             the page's address on the site (raw HTML is left as written)"
        )
    } else {
        format!(
            "write `{at}`: blomma checks an @/ link and gives it the page's address on the site"
        )
    };
    if !content_paths.contains(target.as_str()) {
        help.push_str(&format!(
            " (there is no content/{target}{})",
            crate::diagnostics::did_you_mean(
                &crate::suggest::nearest(&target, content_paths.iter().copied())
                    .iter()
                    .map(|n| format!("@/{n}"))
                    .collect::<Vec<_>>()
            )
            .map_or(String::new(), |h| format!("; {h}"))
        ));
    }
    let message = format!(
        "`{}` links to a content file by its path, which leads nowhere on the built site",
        l.dest
    );
    w.push(
        Kind::MdLink,
        Pending::at(source, l.offset, l.len, message).with_help(help),
    );
}

/// The help for a relative address that finds nothing: a page's address is a folder of
/// its own (`lan/dalarna/avsikt.md` is at `/lan/dalarna/avsikt/`), so a file next to its
/// source is one level up.
fn relative_help(
    source: &str,
    page_url: &str,
    decoded: &str,
    exists: &dyn Fn(&str) -> bool,
    help: String,
) -> String {
    match join(source_dir(source), decoded).filter(|p| found(p, exists)) {
        Some(next_to) => format!(
            "the file is next to the page's source file, at /{next_to}; a relative address \
             starts from the page's own address, /{page_url}, so write `/{next_to}`"
        ),
        None => {
            format!("{help}; a relative address starts from the page's own address, /{page_url}")
        }
    }
}

/// The path and the `#fragment` (or `?query`, with what follows) of a destination.
fn split_dest(dest: &str) -> (&str, &str) {
    match dest.find(['#', '?']) {
        Some(i) => (&dest[..i], &dest[i..]),
        None => (dest, ""),
    }
}

/// `path` taken from the folder `dir` (both without a leading `/`, segments joined by
/// `/`), with `.` and `..` worked out; `None` when it climbs above the root. A trailing
/// `/` is kept.
fn join(dir: &str, path: &str) -> Option<String> {
    let mut segs: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    for s in path.split('/') {
        match s {
            "" | "." => {}
            ".." => {
                segs.pop()?;
            }
            s => segs.push(s),
        }
    }
    let mut out = segs.join("/");
    if path.ends_with('/') && !out.is_empty() {
        out.push('/');
    }
    Some(out)
}

/// True when the output has a file at `path`, or a page there (`path/index.html`).
fn found(path: &str, exists: &dyn Fn(&str) -> bool) -> bool {
    if path.is_empty() || exists(path) {
        return true;
    }
    let dir = path.trim_end_matches('/');
    exists(&format!("{dir}/index.html"))
}

/// Pages of ordinary content that nothing leads a reader to: no other page's body links
/// to them (by `@/` or by address), `[extra] sources_url` does not name them, and they are
/// not in a folder whose `_index.md` lists them. The entities of the kinds are always
/// listed on generated pages (the collection lists, the county and forum pages), and the
/// A–Ö index, search and the sitemap list every page, so they do not count.
fn orphans(site: &Site, pages: &[SourcePage<'_>], w: &mut Found) {
    if site.pages.is_empty() {
        return;
    }
    let base = &site.config.base_path;
    let (by_path, by_url) = incoming_links(site, pages);
    let mut found = BTreeMap::new();
    for page in &site.pages {
        let listed = page
            .path
            .rsplit_once('/')
            .is_some_and(|(parent, _)| site.page_tree.sections.contains_key(parent));
        if listed {
            continue;
        }
        let source = page.meta.source.as_str();
        let path = source.strip_prefix("content/").unwrap_or(source);
        let url = site.page_url(page);
        let url = url.strip_prefix(base.as_str()).unwrap_or(&url);
        let linked = |m: &HashMap<String, HashSet<&str>>, k: &str| {
            m.get(k)
                .is_some_and(|from| from.iter().any(|f| *f != source))
        };
        if linked(&by_path, path) || linked(&by_url, &url_key(url)) {
            continue;
        }
        found.insert(source.to_string(), path.to_string());
    }
    for (source, path) in found {
        let d =
            Pending::title(&source, "no other page links to this page".into()).with_help(format!(
                "readers find it only through search and the A–Ö index: link to it from a \
                 page with `[…](@/{path})`, or move it into a folder whose _index.md lists it"
            ));
        w.push(Kind::Orphan, d);
    }
}

/// Who links to what: content path → the files linking to it by `@/`, and URL key →
/// the files linking to it by address (in Markdown or raw HTML), with `site.toml`'s
/// `sources_url` among them.
type Incoming<'a> = HashMap<String, HashSet<&'a str>>;

/// The links of every page's body (and `sources_url`), by content path and by URL key
/// ([`url_key`]), each with the files it is linked from.
fn incoming_links<'a>(site: &Site, pages: &[SourcePage<'a>]) -> (Incoming<'a>, Incoming<'a>) {
    let base = &site.config.base_path;
    // (content path or URL path, the file it was linked from).
    let mut by_path: Incoming<'a> = HashMap::new();
    let mut by_url: Incoming<'a> = HashMap::new();
    for p in pages {
        let from = p.meta.source.as_str();
        for l in &p.meta.body.links {
            if l.site_root {
                let (path, _) = split_dest(&l.target);
                by_url.entry(url_key(path)).or_default().insert(from);
            } else {
                let path = l.target.trim_start_matches('/').to_string();
                by_path.entry(path).or_default().insert(from);
            }
        }
        for l in p.meta.body.facts.local.iter().filter(|l| !l.image) {
            let (path, _) = split_dest(&l.dest);
            let url = match path.starts_with('/') {
                false => join(p.url.trim_end_matches('/'), path),
                // A Markdown link from the root is also in `links`.
                true if !l.raw => continue,
                // Raw HTML is left as written: the base path is in it when it works.
                true => path.strip_prefix(base.as_str()).map(str::to_string),
            };
            if let Some(u) = url {
                by_url.entry(url_key(&u)).or_default().insert(from);
            }
        }
    }
    if let Some(s) = site
        .config
        .extra
        .get("sources_url")
        .and_then(|v| v.as_str())
    {
        match s.strip_prefix("@/") {
            Some(path) => {
                let (path, _) = split_dest(path);
                by_path
                    .entry(path.to_string())
                    .or_default()
                    .insert("site.toml");
            }
            None => {
                by_url.entry(url_key(s)).or_default().insert("site.toml");
            }
        }
    }
    (by_path, by_url)
}

/// A URL path as a key: no leading or trailing `/`, no `index.html`.
fn url_key(path: &str) -> String {
    let p = path.trim_start_matches('/');
    let p = p.strip_suffix("index.html").unwrap_or(p);
    p.trim_end_matches('/').to_string()
}

/// The files of `data/` that blomma reads itself: the official tables a site may replace,
/// and the county map's geometry (made from the outlines; kept in the repository's own
/// `data/`, which is also the example site's).
const BLOMMA_TABLES: [&str; 5] = [
    "counties.csv",
    "municipalities.csv",
    "target-areas.csv",
    "counties-sweref99tm.geojson",
    "county-map.json",
];

/// Tables in `data/` that no template reads with `get_data(name="…")`. A template that
/// passes a name that is not written out (a variable) may read any table, so then none is
/// reported.
fn unused_data<'t>(root: &Path, templates: impl IntoIterator<Item = &'t str>, w: &mut Found) {
    let Ok(entries) = std::fs::read_dir(root.join("data")) else {
        return;
    };
    let mut used = HashSet::new();
    for t in templates {
        match data_names(t) {
            Some(names) => used.extend(names),
            None => return,
        }
    }
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .filter(|e| e.path().is_file())
        .filter_map(|e| e.file_name().into_string().ok())
        .collect();
    names.sort();
    for name in names {
        let Some((stem, ext)) = name.rsplit_once('.') else {
            continue;
        };
        if !matches!(ext, "yaml" | "yml" | "json" | "geojson" | "csv")
            || BLOMMA_TABLES.contains(&name.as_str())
            || used.contains(stem)
        {
            continue;
        }
        let d = Pending::whole(
            &format!("data/{name}"),
            format!("no template reads the data table `{stem}`"),
        )
        .with_help(format!(
            "read it in a template with `get_data(name=\"{stem}\")`, or remove the file"
        ));
        w.push(Kind::UnusedData, d);
    }
}

/// The table names a template reads with `get_data(name="…")`; `None` when a name is not
/// written out.
fn data_names(template: &str) -> Option<Vec<String>> {
    let mut out = Vec::new();
    for (i, _) in template.match_indices("get_data(") {
        let args = &template[i + "get_data(".len()..];
        let args = &args[..args.find(')').unwrap_or(args.len())];
        let value = args
            .split_once("name")
            .and_then(|(_, v)| v.trim_start().strip_prefix('='))
            .map(str::trim_start)?;
        let quote = value.chars().next().filter(|c| matches!(c, '"' | '\''))?;
        let name = value[1..].split(quote).next()?;
        out.push(name.to_string());
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_joined_like_a_browser_does() {
        assert_eq!(
            join("lan/dalarna", "../filer/x.pdf").as_deref(),
            Some("lan/filer/x.pdf")
        );
        assert_eq!(join("", "/filer/x.pdf").as_deref(), Some("filer/x.pdf"));
        assert_eq!(join("om", "./bild.png").as_deref(), Some("om/bild.png"));
        assert_eq!(join("a", "../../x"), None);
        assert_eq!(join("", "lan/").as_deref(), Some("lan/"));
    }

    #[test]
    fn template_data_names() {
        let t = "{% set k = get_data(name=\"kontakter\") %}{{ get_data( name = 'x' ) }}";
        assert_eq!(data_names(t), Some(vec!["kontakter".into(), "x".into()]));
        assert_eq!(data_names("{{ get_data(name=n) }}"), None);
        assert_eq!(data_names("no data"), Some(vec![]));
    }
}
