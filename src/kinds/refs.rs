//! What a kind's resolution reads and uses ([`super::ContentKind::resolve`]): every
//! kind's slugs ([`Index`]), the context of one resolution ([`Cx`]), the locator of
//! references inside a file's front matter ([`Refs`]) and the helpers the kinds share
//! (people, county folders, the target areas' plan). [`crate::resolve`] makes the
//! context and drives the kinds; this module names no stage.

use super::frontmatter::{locate_value, Common, PersonFm};
use super::{LoadedFile, LoadedOf};
use crate::config::Config;
use crate::data::Tables;
use crate::diagnostics::Diagnostic;
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
    pub(crate) what: &'static str,
    pub(crate) ids: HashMap<String, Id<K>>,
    pub(crate) drafts: HashSet<String>,
    /// Slugs of files that have errors of their own: references to them are not errors.
    pub(crate) broken: HashSet<String>,
    /// Official slugs the site renamed → the site's slug (target areas only).
    pub(crate) renamed: HashMap<String, String>,
}

impl<K: Kind> Index<K> {
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
    pub(crate) fn names(&self) -> Vec<&str> {
        let mut v: Vec<&str> = self.ids.keys().map(String::as_str).collect();
        v.sort_unstable();
        v
    }
}

/// Locates references inside one file's front matter and reports the unknown ones.
pub(crate) struct Refs<'a, T> {
    pub(crate) file: &'a LoadedFile<T>,
    pub(crate) seen: HashMap<(&'static str, String), usize>,
    pub(crate) diags: &'a mut Vec<Diagnostic>,
}

impl<'a, T> Refs<'a, T> {
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
    pub(crate) ta_plan: TargetAreaPlan,
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

/// A county's `declaration: none` (v2), with its source; `declaration_source` alone is an
/// error, since it would be a source for nothing.
pub(crate) fn stated_none(
    f: &LoadedFile<crate::kinds::frontmatter::CountyFm>,
    r: &mut Refs<'_, crate::kinds::frontmatter::CountyFm>,
) -> Option<StatedNone> {
    let source = f.fm.declaration_source.clone();
    match (f.fm.declaration, source) {
        (Some(crate::kinds::frontmatter::DeclarationFm::None), source) => {
            Some(StatedNone { source })
        }
        (None, Some(src)) => {
            r.error(
                "declaration_source",
                &src,
                "`declaration_source` without `declaration: none`".into(),
                Some("add `declaration: none` if the source says the county has no declaration; otherwise remove `declaration_source`".into()),
            );
            None
        }
        (None, None) => None,
    }
}

pub(crate) fn check_document(
    f: &LoadedFile<crate::kinds::frontmatter::DocumentFm>,
    r: &mut Refs<'_, crate::kinds::frontmatter::DocumentFm>,
) {
    if f.fm.kind != DocKind::Declaration {
        return;
    }
    // An adopted declaration whose date is not known may leave out `adopted`: inventing a
    // date would be worse than saying it is missing (the theme says so).
    if f.fm.status.is_none() {
        let off = r.offset("kind", "declaration");
        r.diags.push(
            Diagnostic::at(
                &f.file,
                off,
                "declaration".len(),
                "a declaration needs a `status`",
            )
            .with_help("add `status: draft`, `status: adopted` or `status: revised`"),
        );
    }
}

/// One target area of the site: its number, the slug the site uses for it and the index
/// of its file in `loaded.target_areas` (none for an official area without a file).
pub(crate) struct PlannedArea {
    pub(crate) number: u32,
    pub(crate) slug: String,
    pub(crate) file: Option<usize>,
}

/// The site's target areas, identified by number (contract v2): a file with an official
/// number describes that area under the file's slug; an official area without a file keeps
/// its official slug; other numbers add the site's own areas.
pub(crate) struct TargetAreaPlan {
    /// In number order; a second file with a number already taken is left out here (it is
    /// reported by [`build_target_areas`]).
    pub(crate) areas: Vec<PlannedArea>,
    /// Official slug → the site's slug, for the official areas the site renamed.
    pub(crate) renamed: HashMap<String, String>,
    /// Files left out because an earlier file has their number: (file, earlier file).
    pub(crate) duplicates: Vec<(usize, usize)>,
}

pub(crate) fn plan_target_areas(
    tables: &Tables,
    loaded: &[LoadedOf<TargetArea>],
) -> TargetAreaPlan {
    let mut by_number: HashMap<u32, usize> = HashMap::new();
    let mut duplicates = Vec::new();
    for (i, (_, f)) in loaded.iter().enumerate() {
        match by_number.get(&f.fm.number) {
            Some(first) => duplicates.push((i, *first)),
            None => {
                by_number.insert(f.fm.number, i);
            }
        }
    }
    let mut areas = Vec::new();
    let mut renamed = HashMap::new();
    for row in &tables.target_areas {
        let file = by_number.remove(&row.number);
        let slug = match file {
            Some(i) => loaded[i].0.clone(),
            None => row.slug.clone(),
        };
        if slug != row.slug {
            renamed.insert(row.slug.clone(), slug.clone());
        }
        areas.push(PlannedArea {
            number: row.number,
            slug,
            file,
        });
    }
    areas.extend(by_number.into_iter().map(|(number, i)| PlannedArea {
        number,
        slug: loaded[i].0.clone(),
        file: Some(i),
    }));
    areas.sort_by(|a, b| (a.number, &a.slug).cmp(&(b.number, &b.slug)));
    // A slug given back by a renaming is free again, unless another area keeps it.
    renamed.retain(|official, _| !areas.iter().any(|a| &a.slug == official));
    TargetAreaPlan {
        areas,
        renamed,
        duplicates,
    }
}

pub(crate) fn build_target_areas(
    cx: &Cx<'_>,
    loaded: &[LoadedOf<TargetArea>],
    diags: &mut Vec<Diagnostic>,
) -> Vec<TargetArea> {
    let (tables, plan) = (cx.tables, &cx.ta_plan);
    for (i, first) in &plan.duplicates {
        let (_, f) = &loaded[*i];
        let (other, other_file) = &loaded[*first];
        let number = f.fm.number;
        Refs::new(f, diags).error(
            "number",
            &number.to_string(),
            format!("duplicate target-area number {number}: `{other}` has it already"),
            Some(format!(
                "{} has `number: {number}` too; every target area needs its own number",
                other_file.file.rel_path
            )),
        );
    }
    let mut out = Vec::new();
    for area in &plan.areas {
        let row = tables.target_areas.iter().find(|t| t.number == area.number);
        let file = area.file.map(|i| &loaded[i].1);
        if let Some(f) = file {
            check_target_area_file(f, area, tables, plan, diags);
        }
        let meta = match file {
            Some(f) => cx.meta(
                f,
                row.map_or(area.slug.as_str(), |r| r.name.as_str()),
                diags,
            ),
            None => empty_meta(row.map_or(area.slug.as_str(), |r| r.name.as_str())),
        };
        out.push(TargetArea {
            slug: area.slug.clone(),
            number: area.number,
            focus_areas: file.map_or_else(Vec::new, |f| {
                f.fm.focus_areas
                    .iter()
                    .map(|a| FocusArea {
                        title: a.title.clone(),
                        summary: a.summary.clone(),
                    })
                    .collect()
            }),
            meta,
        });
    }
    out
}

/// Reports a target-area file whose number is 0, or whose slug is the official slug that
/// another area (without a file of its own) keeps.
pub(crate) fn check_target_area_file(
    f: &LoadedFile<crate::kinds::frontmatter::TargetAreaFm>,
    area: &PlannedArea,
    tables: &Tables,
    plan: &TargetAreaPlan,
    diags: &mut Vec<Diagnostic>,
) {
    let mut r = Refs::new(f, diags);
    let num = area.number.to_string();
    if area.number == 0 {
        r.error(
            "number",
            &num,
            "target-area number must be 1 or more".into(),
            None,
        );
        return;
    }
    // Only an official area without a file can hold the same slug (file names are unique).
    let Some(row) = plan
        .areas
        .iter()
        .filter(|a| a.slug == area.slug && a.number != area.number && a.file.is_none())
        .find_map(|a| tables.target_areas.iter().find(|t| t.number == a.number))
    else {
        return;
    };
    r.error(
        "number",
        &num,
        format!(
            "`{}` is the official name of target area {} ({}), which keeps it: no file has `number: {}`",
            area.slug, row.number, row.name, row.number
        ),
        Some(format!(
            "use `number: {}`, or give this file another name",
            row.number
        )),
    );
}
