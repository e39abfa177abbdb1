//! `blomma new KIND PATH`: a new content file with the required fields of its kind filled
//! in and the optional ones as comments, from an archetype: the site's own
//! `archetypes/<kind>.md` if it has one (as in Hugo), else the built-in one. Never
//! overwrites a file.

use super::Outcome;
use crate::cli::NewArgs;
use crate::config::{BuildOptions, Collections, Config};
use crate::data::Tables;
use crate::kinds::{KindTag, NewFile, Place};
use crate::suggest::nearest;
use std::path::{Path, PathBuf};

/// The kinds of content file `new` writes: one per archetype the kinds declare
/// ([`crate::kinds::ContentKind::NEW`]); the ones with more to fill in than a title are
/// named, for [`plan`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    TargetArea,
    Actor,
    County,
    Declaration,
    Document,
    Forum,
    ForumPart,
    Page,
    /// A kind whose file needs only a title and a place.
    Declared(KindTag),
}

impl Kind {
    /// The `nth` archetype of the kind `tag`.
    fn of(tag: KindTag, nth: usize) -> Kind {
        match (tag, nth) {
            (KindTag::TargetArea, _) => Kind::TargetArea,
            (KindTag::Actor, _) => Kind::Actor,
            (KindTag::County, _) => Kind::County,
            (KindTag::Document, 0) => Kind::Declaration,
            (KindTag::Document, _) => Kind::Document,
            (KindTag::Forum, _) => Kind::Forum,
            (KindTag::Part, _) => Kind::ForumPart,
            (KindTag::Page, _) => Kind::Page,
            (tag, _) => Kind::Declared(tag),
        }
    }

    /// The kind's archetype as its kind declares it.
    fn declared(self) -> Option<(KindTag, NewFile)> {
        archetypes()
            .into_iter()
            .find(|(_, k, _)| *k == self)
            .map(|(t, _, n)| (t, n))
    }
}

/// Every archetype of every kind, the ordinary page's last.
fn archetypes() -> Vec<(KindTag, Kind, NewFile)> {
    let mut kinds = KindTag::ALL.to_vec();
    kinds.sort_by_key(|k| k.place() == Place::Pages);
    kinds
        .into_iter()
        .flat_map(|tag| {
            tag.new_files()
                .iter()
                .enumerate()
                .map(move |(i, n)| (tag, Kind::of(tag, i), *n))
        })
        .collect()
}

/// Every name of every kind (Swedish, folded to ASCII, and English); the first of each
/// kind is its archetype's file name.
fn names() -> Vec<(&'static str, Kind)> {
    archetypes()
        .into_iter()
        .flat_map(|(_, k, n)| n.names.iter().map(move |name| (*name, k)))
        .collect()
}

impl Kind {
    /// The kind a name stands for: `målområde`, `Target area` and `target_area` all work.
    fn parse(name: &str) -> Result<Kind, String> {
        let folded = deunicode::deunicode(name.trim())
            .to_ascii_lowercase()
            .replace([' ', '_'], "-");
        let names = names();
        if let Some((_, k)) = names.iter().find(|(n, _)| *n == folded) {
            return Ok(*k);
        }
        let near = nearest(&folded, names.iter().map(|(n, _)| *n));
        let all: Vec<&str> = names.iter().map(|(n, _)| *n).collect();
        Err(match crate::diagnostics::did_you_mean(&near) {
            Some(hint) => format!(
                "`{name}` is not a kind of content; {hint} (kinds: {})",
                all.join(", ")
            ),
            None => format!(
                "`{name}` is not a kind of content; use one of: {}",
                all.join(", ")
            ),
        })
    }

    /// The archetype's file name under `archetypes/`, without `.md`.
    fn name(self) -> &'static str {
        names()
            .iter()
            .find(|(_, k)| *k == self)
            .map_or("page", |(n, _)| n)
    }

    /// Where a file of this kind lives, as an example for error messages.
    fn example(self, c: &crate::config::Collections) -> String {
        let Some((tag, n)) = self.declared() else {
            return String::new();
        };
        match tag.place().collection() {
            Some(k) => format!("{}/{}", k.folder(c), n.example),
            None => n.example.to_string(),
        }
    }
}

/// The file to write and what its archetype is given.
struct Planned {
    /// Path under `content/`.
    rel: String,
    /// Template variables.
    context: tera::Context,
}

/// Splits `PATH` into slugs: `content/` in front, `.md` and `/_index` at the end and
/// slashes at either end are optional.
fn segments(path: &str) -> Result<Vec<String>, String> {
    let p = path.trim().trim_matches('/');
    let p = p.strip_prefix("content/").unwrap_or(p);
    let p = p.strip_suffix(".md").unwrap_or(p);
    let p = p.strip_suffix("/_index").unwrap_or(p);
    let p = p.trim_matches('/');
    if p.is_empty() {
        return Err(format!("`{path}` names no file"));
    }
    p.split('/')
        .map(|s| {
            let ok = !s.is_empty()
                && s.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
            if ok {
                Ok(s.to_string())
            } else {
                Err(format!(
                    "`{s}` in `{path}` is not a slug (lower-case a–z, digits and -); try `{}`",
                    slug_of(s)
                ))
            }
        })
        .collect()
}

/// A slug for what an author typed: "Avsikt 2025" → "avsikt-2025".
fn slug_of(s: &str) -> String {
    let folded = deunicode::deunicode(s).to_ascii_lowercase();
    let mut out = String::new();
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_string()
}

/// "avsikt-2025" → "Avsikt 2025".
fn title_of(slug: &str) -> String {
    let words = slug.replace('-', " ");
    let mut chars = words.chars();
    chars.next().map_or(String::new(), |c| {
        c.to_uppercase().collect::<String>() + chars.as_str()
    })
}

/// Today (UTC) as `YYYY-MM-DD`.
fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    crate::model::Date::from_unix_days((secs / 86_400) as i64).to_string()
}

/// The county row of `slug`, or an error with the nearest official slugs.
fn county<'t>(tables: &'t Tables, slug: &str) -> Result<&'t crate::rows::CountyRow, String> {
    tables
        .counties
        .iter()
        .find(|c| c.slug == slug)
        .ok_or_else(|| {
            let near = nearest(slug, tables.counties.iter().map(|c| c.slug.as_str()));
            let hint = crate::diagnostics::did_you_mean(&near)
                .unwrap_or_else(|| "a county folder is named by the county's slug".into());
            format!("`{slug}` is not a county; {hint}")
        })
}

/// The number a new target area gets: its official one, else the next after every number
/// the site and the official table use.
fn target_area_number(root: &Path, config: &Config, tables: &Tables, slug: &str) -> u32 {
    if let Some(t) = tables.target_areas.iter().find(|t| t.slug == slug) {
        return t.number;
    }
    let folder = root.join("content").join(config.collections.target_areas());
    let used = std::fs::read_dir(folder)
        .into_iter()
        .flatten()
        .filter_map(|e| std::fs::read_to_string(e.ok()?.path()).ok())
        .filter_map(|text| {
            text.lines()
                .find_map(|l| l.strip_prefix("number:"))
                .and_then(|n| n.split('#').next()?.trim().parse::<u32>().ok())
        });
    used.chain(tables.target_areas.iter().map(|t| t.number))
        .max()
        .unwrap_or(0)
        + 1
}

/// Where a file of `kind` named by `segs` goes, and its template variables.
fn plan(
    kind: Kind,
    segs: &[String],
    root: &Path,
    config: &Config,
    tables: &Tables,
) -> Result<Planned, String> {
    let c = &config.collections;
    let mut context = tera::Context::new();
    context.insert("date", &today());
    let args = Args { kind, segs, c };
    let rel = match kind {
        Kind::TargetArea => {
            let [slug] = args.inside(c.target_areas())?;
            context.insert("number", &target_area_number(root, config, tables, slug));
            let official = tables.target_areas.iter().find(|t| t.slug == slug);
            context.insert(
                "title",
                &official.map_or_else(|| title_of(slug), |t| t.name.clone()),
            );
            format!("{}/{slug}.md", c.target_areas())
        }
        Kind::Actor => {
            let [slug] = args.inside(c.actors())?;
            context.insert("title", &title_of(slug));
            format!("{}/{slug}.md", c.actors())
        }
        Kind::County => {
            let [slug] = args.inside(c.counties())?;
            let row = county(tables, slug)?;
            context.insert("code", &row.scb_code);
            context.insert("name", &row.name);
            context.insert("short_name", &row.short_name);
            context.insert("title", &row.name);
            format!("{}/{slug}/_index.md", c.counties())
        }
        Kind::Declaration | Kind::Document => document_path(&args, tables, &mut context)?,
        Kind::Forum => {
            let [slug] = args.inside(c.forums())?;
            context.insert("title", &title_of(slug));
            format!("{}/{slug}/_index.md", c.forums())
        }
        Kind::ForumPart => part_path(&args, root, &mut context)?,
        Kind::Declared(tag) => {
            let folder = tag.place().collection().map_or("", |k| k.folder(c));
            let [slug] = args.inside(folder)?;
            context.insert("title", &title_of(slug));
            let slot = crate::kinds::Slot::from(slug.to_string());
            tag.place().paths(c, &slot).0
        }
        Kind::Page => page_path(&args, &mut context)?,
    };
    Ok(Planned { rel, context })
}

/// What `blomma new` was asked for: the kind, the path's segments, the site's folders.
struct Args<'a> {
    kind: Kind,
    segs: &'a [String],
    c: &'a Collections,
}

impl<'a> Args<'a> {
    /// The `N` slugs after the kind's collection folder (which may be left out), or the
    /// message saying how a path of the kind is written.
    fn inside<const N: usize>(&self, folder: &str) -> Result<[&'a str; N], String> {
        let segs = self.segs;
        let skip = usize::from(segs.len() == N + 1 && segs.first().is_some_and(|f| f == folder));
        let got: Vec<&'a str> = segs[skip..].iter().map(String::as_str).collect();
        got.try_into().map_err(|_| self.shape_error(folder))
    }

    /// How a path of the kind is written, with an example.
    fn shape_error(&self, folder: &str) -> String {
        let kind = self.kind;
        let shape = match kind {
            Kind::Declaration | Kind::Document => "COUNTY/NAME",
            Kind::ForumPart => "FORUM/NAME",
            _ => "NAME",
        };
        format!(
            "a {} is written as [{folder}/]{shape}; e.g. `blomma new {} {}`",
            kind.name().replace('-', " "),
            kind.name(),
            kind.example(self.c)
        )
    }
}

/// A county document's path (`lan/dalarna/avsikt-2025.md`) and its county's names.
fn document_path(
    args: &Args<'_>,
    tables: &Tables,
    context: &mut tera::Context,
) -> Result<String, String> {
    let counties = args.c.counties();
    let [county_slug, slug] = args.inside(counties)?;
    if slug == "_index" {
        return Err("a county's own page is written with `blomma new county`".into());
    }
    let row = county(tables, county_slug)?;
    context.insert("name", &row.name);
    context.insert("short_name", &row.short_name);
    context.insert("title", &title_of(slug));
    Ok(format!("{counties}/{county_slug}/{slug}.md"))
}

/// A forum part's path (`forum/vardagsforum-2025/halsa.md`), in a forum that exists.
fn part_path(args: &Args<'_>, root: &Path, context: &mut tera::Context) -> Result<String, String> {
    let forums = args.c.forums();
    let [forum, slug] = args.inside(forums)?;
    let index = format!("{forums}/{forum}/_index.md");
    if !root.join("content").join(&index).is_file() {
        return Err(format!(
            "there is no forum `{forum}` (content/{index}); write it first with \
             `blomma new forum {forum}`"
        ));
    }
    context.insert("forum", forum);
    context.insert("title", &title_of(slug));
    Ok(format!("{forums}/{forum}/{slug}.md"))
}

/// An ordinary page's path, outside the collections' folders.
fn page_path(args: &Args<'_>, context: &mut tera::Context) -> Result<String, String> {
    let segs = args.segs;
    if let Some((_, folder)) = args
        .c
        .all()
        .find(|(_, f)| segs.first().is_some_and(|s| s == f))
    {
        return Err(format!(
            "content/{folder}/ holds a collection, not ordinary pages; pick another \
             folder, or another kind (kinds: {})",
            names()
                .iter()
                .map(|(n, _)| *n)
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    let last = segs.last().map_or("", String::as_str);
    context.insert("title", &title_of(last));
    Ok(format!("{}.md", segs.join("/")))
}

/// The archetype of `kind`: the site's `archetypes/<kind>.md`, else the built-in one.
fn archetype(root: &Path, kind: Kind) -> Result<(String, String), String> {
    let own = root.join("archetypes").join(format!("{}.md", kind.name()));
    match std::fs::read_to_string(&own) {
        Ok(text) => Ok((format!("archetypes/{}.md", kind.name()), text)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let text = kind.declared().map_or("", |(_, n)| n.archetype);
            Ok((
                format!("the built-in {} archetype", kind.name()),
                text.to_string(),
            ))
        }
        Err(e) => Err(format!("cannot read {}: {e}", own.display())),
    }
}

/// Writes the new file; fails if it exists.
fn write_new(path: &Path, text: &str) -> Result<(), String> {
    use std::io::Write;
    // As `created …` shows it: relative to the site when the site is the current folder.
    let shown = path.strip_prefix(".").unwrap_or(path);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => format!(
                "{} already exists; blomma new never overwrites a file",
                shown.display()
            ),
            _ => format!("cannot create {}: {e}", path.display()),
        })?;
    file.write_all(text.as_bytes())
        .map_err(|e| format!("cannot write {}: {e}", path.display()))
}

fn new(a: &NewArgs, root: &Path) -> Result<PathBuf, Outcome> {
    let fail = |msg: String| {
        eprintln!("error: {msg}");
        Outcome::UsageError
    };
    let kind = Kind::parse(&a.kind).map_err(fail)?;
    let opts = BuildOptions {
        root: root.to_path_buf(),
        output: root.join("public"),
        base_url: None,
        drafts: false,
        search_index: false,
    };
    let config = crate::build::read_config(&opts).map_err(super::report)?;
    let tables = crate::data::load(root).map_err(|d| {
        let mut all = crate::diagnostics::Diagnostics::new();
        all.extend(d);
        super::report(crate::build::BuildError::Content(all.into_sorted()))
    })?;
    let segs = segments(&a.path).map_err(fail)?;
    let planned = plan(kind, &segs, root, &config, &tables).map_err(fail)?;
    let (origin, template) = archetype(root, kind).map_err(fail)?;
    let text = tera::Tera::one_off(&template, &planned.context, false)
        .map_err(|e| fail(format!("{origin} cannot be filled in: {}", error_chain(&e))))?;
    let path = root.join("content").join(&planned.rel);
    write_new(&path, &text).map_err(fail)?;
    Ok(path)
}

/// A Tera error with its causes (the first line alone rarely says what went wrong).
fn error_chain(e: &tera::Error) -> String {
    let mut parts = vec![e.to_string()];
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        parts.push(s.to_string());
        source = s.source();
    }
    parts.join(": ")
}

/// Runs `new`.
pub(crate) fn run(a: &NewArgs) -> Outcome {
    let root = super::site_root(a.root.as_deref());
    match new(a, &root) {
        Ok(path) => {
            eprintln!(
                "created {}",
                path.strip_prefix(".").unwrap_or(&path).display()
            );
            Outcome::Success
        }
        Err(outcome) => outcome,
    }
}
