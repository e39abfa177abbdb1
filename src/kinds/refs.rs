//! What a kind's resolution reads and uses ([`super::ContentKind::resolve`]): every
//! kind's slugs ([`Index`]), the context of one resolution ([`Cx`]), the locator of
//! references inside a file's front matter ([`Refs`]) and the helpers the kinds share
//! (page fields, people, county folders). [`crate::resolve`] makes the
//! context and drives the kinds; this module names no stage.

use super::frontmatter::{locate_value, Common, PersonFm};
use super::LoadedFile;
use crate::config::Config;
use crate::data::Tables;
use crate::diagnostics::Diagnostic;
use crate::kinds::{Actor, County, Forum, Part, Person, TargetArea};
use crate::markdown::Body;
use crate::model::*;
use crate::source::SourceFile;
use crate::suggest::nearest;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};

/// The targets of `@/` links, as [`crate::resolve`] collects them from the loaded site.
pub(crate) trait LinkUrls: Sync {
    /// The URLs of `body`'s `@/` links, in order (the HTML is filled with them when the
    /// page is rendered, [`PageMeta::html`]); unresolved links become diagnostics, and
    /// so do ids written by hand that the page cannot have.
    fn urls(&self, source: &SourceFile, body: &Body, diags: &mut Vec<Diagnostic>) -> Vec<String>;
}

/// Slug → id for one kind of entity.
pub(crate) struct Index<K: Kind> {
    what: &'static str,
    pub(crate) ids: HashMap<String, Id<K>>,
    pub(crate) drafts: HashSet<String>,
    /// Slugs of files that have errors of their own: references to them are not errors.
    pub(crate) broken: HashSet<String>,
    /// Official slugs the site renamed → the site's slug (target areas only).
    pub(crate) renamed: HashMap<String, String>,
}

impl<K: Kind> Index<K> {
    /// The index of `slugs` (ids in their order), named `what` in messages.
    pub(crate) fn new(what: &'static str, slugs: impl IntoIterator<Item = String>) -> Self {
        let ids = slugs
            .into_iter()
            .enumerate()
            .map(|(i, s)| (s, Id::new(i)))
            .collect();
        Self {
            what,
            ids,
            drafts: HashSet::new(),
            broken: HashSet::new(),
            renamed: HashMap::new(),
        }
    }
    /// Every slug, sorted: the candidates of a did-you-mean.
    pub(crate) fn names(&self) -> Vec<&str> {
        let mut v: Vec<&str> = self.ids.keys().map(String::as_str).collect();
        v.sort_unstable();
        v
    }
}

/// Locates references inside one file's front matter and reports the unknown ones.
pub(crate) struct Refs<'a, T> {
    file: &'a LoadedFile<T>,
    seen: HashMap<(&'static str, String), usize>,
    pub(crate) diags: &'a mut Vec<Diagnostic>,
}

impl<'a, T> Refs<'a, T> {
    /// A locator for the references of `file`; problems go to `diags`.
    pub(crate) fn new(file: &'a LoadedFile<T>, diags: &'a mut Vec<Diagnostic>) -> Self {
        Self {
            file,
            seen: HashMap::new(),
            diags,
        }
    }

    /// Counts one more use of `value` under `key`, returning how many came before it.
    pub(crate) fn bump(&mut self, key: &'static str, value: &str) -> usize {
        let n = self.seen.entry((key, value.to_string())).or_insert(0);
        *n += 1;
        *n - 1
    }

    /// Byte offset in the file of this use of `value` under `key` (the YAML is only
    /// searched when something is wrong with it).
    pub(crate) fn offset(&mut self, key: &'static str, value: &str) -> usize {
        let n = self.bump(key, value);
        let found = locate_value(self.file.yaml(), key, value, n);
        found.map_or(self.file.yaml_offset, |o| self.file.yaml_offset + o)
    }

    /// Reports `message` (with `help`) at the value `value` of the field `key`.
    pub(crate) fn error(
        &mut self,
        key: &'static str,
        value: &str,
        message: String,
        help: Option<String>,
    ) {
        let off = self.offset(key, value);
        let mut d = Diagnostic::at(&self.file.file, off, value.len().max(1), message);
        d.help = help;
        self.diags.push(d);
    }

    /// Resolves one reference `value` of the field `key` against `index`; an unknown
    /// slug is reported at its value, with the nearest known ones.
    pub(crate) fn one<K: Kind>(
        &mut self,
        key: &'static str,
        value: &str,
        index: &Index<K>,
    ) -> Option<Id<K>> {
        if let Some(id) = index.ids.get(value) {
            self.bump(key, value);
            return Some(*id);
        }
        match unknown(value, index) {
            Some((msg, help)) => self.error(key, value, msg, help),
            None => {
                self.bump(key, value);
            }
        }
        None
    }

    /// Resolves a list of references of the field `key`, each as [`Refs::one`].
    pub(crate) fn many<K: Kind>(
        &mut self,
        key: &'static str,
        values: &[String],
        index: &Index<K>,
    ) -> Vec<Id<K>> {
        values
            .iter()
            .filter_map(|v| self.one(key, v, index))
            .collect()
    }
}

/// What is wrong with a reference to `value` of the kind `index` indexes, with a help
/// (the renamed slug, the draft, or the nearest names); `None` when it names an entity,
/// or a file with errors of its own (not reported again).
pub(crate) fn unknown<K: Kind>(value: &str, index: &Index<K>) -> Option<(String, Option<String>)> {
    if index.ids.contains_key(value) || index.broken.contains(value) {
        return None;
    }
    Some(if let Some(site_slug) = index.renamed.get(value) {
        (
            format!(
                "{} `{value}` is called `{site_slug}` on this site",
                index.what
            ),
            Some(format!(
                "use `{site_slug}`: the file with this target area's number names it"
            )),
        )
    } else if index.drafts.contains(value) {
        (
            format!(
                "{} `{value}` is a draft and is left out of this build",
                index.what
            ),
            Some("build with --drafts, or remove the reference".to_string()),
        )
    } else {
        let near = nearest(value, index.names());
        let help = crate::diagnostics::did_you_mean(&near)
            .or_else(|| Some(format!("known: {}", first_names(&index.names()))));
        (format!("unknown {} `{value}`", index.what), help)
    })
}

/// The first few of `names`, for a "known: …" help line.
pub(crate) fn first_names(names: &[&str]) -> String {
    let mut s = names
        .iter()
        .take(12)
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ");
    if names.len() > 12 {
        s.push_str(", …");
    }
    if s.is_empty() {
        s = "(none)".into();
    }
    s
}

/// The page fields of a loaded file: its title (front matter, else the body's first
/// `#` heading, else `fallback_title`), summary, dates, weight, extra and body, with
/// the URLs of its `@/` links.
pub(crate) fn meta<T: Common>(
    f: &LoadedFile<T>,
    fallback_title: &str,
    link_urls: Vec<String>,
) -> PageMeta {
    PageMeta {
        title: f
            .fm
            .title()
            .map(str::to_string)
            .or_else(|| f.body.first_h1.clone())
            .unwrap_or_else(|| fallback_title.to_string()),
        summary: f.fm.summary().map(str::to_string),
        updated: f.fm.updated().or(f.changed),
        weight: f.fm.weight(),
        extra: f.fm.extra().cloned().unwrap_or(serde_json::Value::Null),
        source: f.file.rel_path.clone(),
        body: std::sync::Arc::clone(&f.body),
        link_urls,
    }
}

/// A title made from a slug's last segment (`om-oss` → `Om oss`), for a page without one.
pub(crate) fn humanise(slug: &str) -> String {
    let s = slug.rsplit('/').next().unwrap_or(slug).replace('-', " ");
    let mut c = s.chars();
    c.next().map_or(String::new(), |f| {
        f.to_uppercase().collect::<String>() + c.as_str()
    })
}

/// What the kinds' [`crate::kinds::ContentKind::resolve`] read: the configuration, the
/// tables, every kind's slugs and the targets of `@/` links.
pub(crate) struct Cx<'a> {
    /// The configuration.
    pub(crate) config: &'a Config,
    /// The official and site tables.
    pub(crate) tables: &'a Tables,
    /// The site's target areas by number.
    pub(crate) ta_plan: super::target_area::TargetAreaPlan,
    /// Slugs of target areas.
    pub(crate) target_areas: Index<TargetArea>,
    /// Slugs of actor roles.
    pub(crate) actors: Index<Actor>,
    /// Slugs of counties.
    pub(crate) counties: Index<County>,
    /// Slugs of forums.
    pub(crate) forums: Index<Forum>,
    /// Per forum, the slugs of its parts.
    pub(crate) parts: Vec<Index<Part>>,
    /// The targets of `@/` links.
    pub(crate) links: Box<dyn LinkUrls + 'a>,
}

impl Cx<'_> {
    /// The page fields of a file, its `@/` links resolved (problems go to `diags`).
    pub(crate) fn meta<T: Common>(
        &self,
        f: &LoadedFile<T>,
        fallback_title: &str,
        diags: &mut Vec<Diagnostic>,
    ) -> PageMeta {
        meta(f, fallback_title, self.links.urls(&f.file, &f.body, diags))
    }
}

/// Collects the entities of a parallel pass in order, and their diagnostics in file order.
pub(crate) fn gather<T: Send>(
    results: impl IndexedParallelIterator<Item = (Option<T>, Vec<Diagnostic>)>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<T> {
    let results: Vec<(Option<T>, Vec<Diagnostic>)> = results.collect();
    let mut out = Vec::with_capacity(results.len());
    for (item, d) in results {
        diags.extend(d);
        out.extend(item);
    }
    out
}

/// The page fields of a page that has no file, titled `title`.
pub(crate) fn empty_meta(title: &str) -> PageMeta {
    PageMeta {
        title: title.to_string(),
        summary: None,
        updated: None,
        weight: None,
        extra: serde_json::Value::Null,
        source: String::new(),
        body: Default::default(),
        link_urls: Vec::new(),
    }
}

/// The people of a group or a programme item, their counties resolved.
pub(crate) fn people<T>(
    ps: &[PersonFm],
    r: &mut Refs<'_, T>,
    counties: &Index<County>,
) -> Vec<Person> {
    ps.iter()
        .map(|p| Person {
            name: p.name.clone(),
            title: p.title.clone(),
            organisation: p.organisation.clone(),
            county: p.county.as_ref().and_then(|c| r.one("county", c, counties)),
        })
        .collect()
}

/// The county a county folder's name names; an unknown name is reported with the
/// nearest county slugs.
pub(crate) fn county_folder<T>(
    slug: &str,
    f: &LoadedFile<T>,
    index: &Index<County>,
    diags: &mut Vec<Diagnostic>,
) -> Option<Id<County>> {
    if let Some(id) = index.ids.get(slug) {
        return Some(*id);
    }
    let near = nearest(slug, index.names());
    let mut d = Diagnostic::whole_file(
        &f.file.rel_path,
        format!("unknown county folder `{slug}`: the folder name must be a county slug of the official table"),
    );
    d.help = crate::diagnostics::did_you_mean(&near)
        .or_else(|| Some(format!("known: {}", first_names(&index.names()))));
    diags.push(d);
    None
}
