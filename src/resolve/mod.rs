//! Resolution: turns the loaded, slug-based content into the frozen [`Site`]. Every slug in
//! front matter, every `@/` link and every `#fragment` is checked; each one that names
//! nothing becomes a diagnostic with the file, line, what was looked for and the nearest
//! existing names. Then the two-way cross-links are computed.

mod backlinks;
mod links;

use crate::config::Config;
use crate::data::Tables;
use crate::diagnostics::Diagnostic;
use crate::kinds::{Entities, KindTag, LoadedOf};
use crate::load::frontmatter::{locate_value, Common, PersonFm};
use crate::load::{Loaded, LoadedFile};
use crate::model::*;
use crate::site::Site;
use crate::suggest::nearest;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};

/// Slug → id for one kind of entity.
pub(crate) struct Index<K: Kind> {
    what: &'static str,
    pub(crate) ids: HashMap<String, Id<K>>,
    drafts: HashSet<String>,
    /// Slugs of files that have errors of their own: references to them are not errors.
    broken: HashSet<String>,
    /// Official slugs the site renamed → the site's slug (target areas only).
    renamed: HashMap<String, String>,
}

impl<K: Kind> Index<K> {
    fn new(what: &'static str, slugs: impl IntoIterator<Item = String>) -> Self {
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
    fn names(&self) -> Vec<&str> {
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
    pub(crate) fn new(file: &'a LoadedFile<T>, diags: &'a mut Vec<Diagnostic>) -> Self {
        Self {
            file,
            seen: HashMap::new(),
            diags,
        }
    }

    /// Counts one more use of `value` under `key`, returning how many came before it.
    fn bump(&mut self, key: &'static str, value: &str) -> usize {
        let n = self.seen.entry((key, value.to_string())).or_insert(0);
        *n += 1;
        *n - 1
    }

    /// Byte offset in the file of this use of `value` under `key` (the YAML is only
    /// searched when something is wrong with it).
    fn offset(&mut self, key: &'static str, value: &str) -> usize {
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
fn unknown<K: Kind>(value: &str, index: &Index<K>) -> Option<(String, Option<String>)> {
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

/// Checks the reference fields of the front matter of files that have mistakes of
/// their own (which are left out of the site), so that a bad slug in them is reported in
/// the same run as those mistakes, located at the value. The fields are the ones the
/// file's kind declares ([`crate::kinds::ContentKind::REFS`]), read from the YAML tree.
fn broken_refs(cx: &Cx<'_>, loaded: &Loaded, diags: &mut Vec<Diagnostic>) {
    for b in &loaded.broken_yaml {
        let refs = b.tag.refs();
        if refs.is_empty() {
            continue;
        }
        let Ok(tree) = crate::yaml::parse_tree(b.yaml()) else {
            continue;
        };
        let mut found = Vec::new();
        ref_values(&tree, refs, &mut found);
        for (to, text, span) in found {
            let problem = match to {
                KindTag::TargetArea => unknown(&text, &cx.target_areas),
                KindTag::Actor => unknown(&text, &cx.actors),
                KindTag::County => unknown(&text, &cx.counties),
                KindTag::Forum => unknown(&text, &cx.forums),
                _ => None,
            };
            if let Some((msg, help)) = problem {
                let quoted = b.yaml()[span.clone()].starts_with(['"', '\'']);
                let off = b.yaml_offset + span.start + usize::from(quoted);
                let mut d = Diagnostic::at(&b.file, off, text.len().max(1), msg);
                d.help = help;
                diags.push(d);
            }
        }
    }
}

/// Every scalar under a reference field of `refs` in `node` (as the field's value or an
/// item of its list), at any depth, with the kind it names, in document order.
fn ref_values(
    node: &crate::yaml::Node,
    refs: &[crate::kinds::RefField],
    out: &mut Vec<(KindTag, String, std::ops::Range<usize>)>,
) {
    use crate::yaml::Kind as Y;
    match &node.kind {
        Y::Map(entries) => {
            for (k, v) in entries {
                let field = match &k.kind {
                    Y::Scalar { text, .. } => refs.iter().find(|r| r.key == text),
                    _ => None,
                };
                match (field, &v.kind) {
                    (Some(r), Y::Scalar { text, .. }) if !text.is_empty() => {
                        out.push((r.to, text.clone(), v.span.clone()));
                    }
                    (Some(r), Y::Seq(items)) => {
                        for item in items {
                            if let Y::Scalar { text, .. } = &item.kind {
                                out.push((r.to, text.clone(), item.span.clone()));
                            }
                        }
                    }
                    _ => ref_values(v, refs, out),
                }
            }
        }
        Y::Seq(items) => {
            for item in items {
                ref_values(item, refs, out);
            }
        }
        _ => {}
    }
}

fn first_names(names: &[&str]) -> String {
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

fn meta<T: Common>(f: &LoadedFile<T>, fallback_title: &str, link_urls: Vec<String>) -> PageMeta {
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

/// Resolves the loaded content into a [`Site`], or returns every problem found.
pub(crate) fn resolve(
    config: Config,
    tables: Tables,
    mut loaded: Loaded,
) -> Result<Site, Vec<Diagnostic>> {
    resolve_in_place(config, tables, &mut loaded)
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
    links: links::Targets<'a>,
}

impl Cx<'_> {
    /// The page fields of a file, its `@/` links resolved (problems go to `diags`).
    pub(crate) fn meta<T: Common>(
        &self,
        f: &LoadedFile<T>,
        fallback_title: &str,
        diags: &mut Vec<Diagnostic>,
    ) -> PageMeta {
        meta(f, fallback_title, self.links.urls(f, diags))
    }
}

/// Like [`resolve`], for content the caller keeps for the next build (`serve`): the
/// content is only sorted in place; bodies are shared with it, not copied.
pub(crate) fn resolve_in_place(
    config: Config,
    tables: Tables,
    loaded: &mut Loaded,
) -> Result<Site, Vec<Diagnostic>> {
    let mut diags = Vec::new();
    sort_loaded(loaded);
    let loaded: &Loaded = loaded;
    let cx = context(&config, &tables, loaded);
    let home = home(&cx, loaded, &mut diags);
    let collection_intro = loaded
        .collection_index
        .iter()
        .map(|(k, f)| (*k, cx.meta(f, k.key(), &mut diags)))
        .collect();
    let entities = Entities::resolve(&cx, &loaded.kinds, &mut diags);
    check_stated_none(loaded, &cx.counties, &entities.documents, &mut diags);
    check_unique_urls(&config, loaded, &mut diags);
    broken_refs(&cx, loaded, &mut diags);
    drop(cx);
    if !diags.is_empty() {
        return Err(diags);
    }
    let assets = loaded.assets.clone();
    let mut site = Site {
        config,
        tables,
        home,
        collection_intro,
        entities,
        assets,
        links: Default::default(),
        page_tree: Default::default(),
    };
    site.page_tree = crate::site::PageTree::new(&site.pages);
    backlinks::order_and_link(&mut site);
    Ok(site)
}

/// Indexes every kind by slug, and collects the targets of `@/` links.
fn context<'a>(config: &'a Config, tables: &'a Tables, loaded: &'a Loaded) -> Cx<'a> {
    let draft_slugs = DraftSlugs::from(&loaded.drafts, config);
    let broken_slugs = DraftSlugs::from(&loaded.broken, config);
    let k = &loaded.kinds;
    let ta_plan = plan_target_areas(tables, &k.target_areas);
    let mut ta_index =
        Index::<TargetArea>::new("target area", ta_plan.areas.iter().map(|a| a.slug.clone()));
    ta_index.drafts = draft_slugs.target_areas;
    ta_index.broken = broken_slugs.target_areas;
    ta_index.renamed = ta_plan.renamed.clone();
    let mut actor_index =
        Index::<Actor>::new("actor role", k.actors.iter().map(|(s, _)| s.clone()));
    actor_index.drafts = draft_slugs.actors;
    actor_index.broken = broken_slugs.actors;
    let county_index =
        Index::<County>::new("county", tables.counties.iter().map(|c| c.slug.clone()));
    let mut forum_index = Index::<Forum>::new("forum", k.forums.iter().map(|(s, _)| s.clone()));
    forum_index.drafts = draft_slugs.forums;
    forum_index.broken = broken_slugs.forums;
    let part_indices = part_indices(loaded, &forum_index, &draft_slugs.parts);
    Cx {
        config,
        tables,
        ta_plan,
        target_areas: ta_index,
        actors: actor_index,
        counties: county_index,
        forums: forum_index,
        parts: part_indices,
        links: links::Targets::new(config, tables, loaded),
    }
}

/// The home page, from `content/_index.md` or empty.
fn home(cx: &Cx<'_>, loaded: &Loaded, diags: &mut Vec<Diagnostic>) -> Page {
    let meta = match &loaded.home {
        Some(f) => cx.meta(f, &cx.config.title, diags),
        None => empty_meta(&cx.config.title),
    };
    Page {
        path: String::new(),
        is_section: true,
        audience: Audience::Readers,
        meta,
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

fn empty_meta(title: &str) -> PageMeta {
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
    f: &LoadedFile<crate::load::frontmatter::CountyFm>,
    r: &mut Refs<'_, crate::load::frontmatter::CountyFm>,
) -> Option<StatedNone> {
    let source = f.fm.declaration_source.clone();
    match (f.fm.declaration, source) {
        (Some(crate::load::frontmatter::DeclarationFm::None), source) => {
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

/// A county that states it has no declaration must not have declaration documents.
fn check_stated_none(
    loaded: &Loaded,
    counties: &Index<County>,
    documents: &[Document],
    diags: &mut Vec<Diagnostic>,
) {
    for (slug, f) in &loaded.kinds.counties {
        if f.fm.declaration.is_none() {
            continue;
        }
        let Some(id) = counties.ids.get(slug) else {
            continue;
        };
        let declared: Vec<&str> = documents
            .iter()
            .filter(|d| d.county == *id && d.kind == DocKind::Declaration)
            .map(|d| d.meta.source.as_str())
            .collect();
        if let Some(first) = declared.first() {
            Refs::new(f, diags).error(
                "declaration",
                "none",
                "`declaration: none`, but the county has a declaration document".into(),
                Some(format!(
                    "{first} is a declaration of this county; remove `declaration: none` or that document"
                )),
            );
        }
    }
}

pub(crate) fn check_document(
    f: &LoadedFile<crate::load::frontmatter::DocumentFm>,
    r: &mut Refs<'_, crate::load::frontmatter::DocumentFm>,
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
    number: u32,
    slug: String,
    file: Option<usize>,
}

/// The site's target areas, identified by number (contract v2): a file with an official
/// number describes that area under the file's slug; an official area without a file keeps
/// its official slug; other numbers add the site's own areas.
pub(crate) struct TargetAreaPlan {
    /// In number order; a second file with a number already taken is left out here (it is
    /// reported by [`build_target_areas`]).
    areas: Vec<PlannedArea>,
    /// Official slug → the site's slug, for the official areas the site renamed.
    renamed: HashMap<String, String>,
    /// Files left out because an earlier file has their number: (file, earlier file).
    duplicates: Vec<(usize, usize)>,
}

fn plan_target_areas(tables: &Tables, loaded: &[LoadedOf<TargetArea>]) -> TargetAreaPlan {
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

/// Puts every collection in its reading order before ids are handed out, so that ids
/// never need to change afterwards.
fn sort_loaded(loaded: &mut Loaded) {
    fn title<T: Common>(f: &LoadedFile<T>) -> String {
        f.fm.title().unwrap_or("").to_lowercase()
    }
    let k = &mut loaded.kinds;
    k.actors.sort_by(|a, b| {
        (a.1.fm.level, a.1.fm.weight.unwrap_or(0), title(&a.1), &a.0).cmp(&(
            b.1.fm.level,
            b.1.fm.weight.unwrap_or(0),
            title(&b.1),
            &b.0,
        ))
    });
    k.forums
        .sort_by(|a, b| (b.1.fm.date, &a.0).cmp(&(a.1.fm.date, &b.0)));
    k.parts.sort_by(|a, b| {
        (&a.0 .0, a.1.fm.weight.unwrap_or(0), title(&a.1), &a.0 .1).cmp(&(
            &b.0 .0,
            b.1.fm.weight.unwrap_or(0),
            title(&b.1),
            &b.0 .1,
        ))
    });
    k.documents.sort_by(|a, b| {
        let date = |f: &LoadedFile<crate::load::frontmatter::DocumentFm>| {
            f.fm.published.or(f.fm.adopted.map(PartialDate::from))
        };
        (&a.0 .0, std::cmp::Reverse(date(&a.1)), &a.0 .1).cmp(&(
            &b.0 .0,
            std::cmp::Reverse(date(&b.1)),
            &b.0 .1,
        ))
    });
    k.pages.sort_by(|a, b| a.0 .0.cmp(&b.0 .0));
    k.counties.sort_by(|a, b| a.0.cmp(&b.0));
    k.target_areas.sort_by(|a, b| a.0.cmp(&b.0));
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
fn check_target_area_file(
    f: &LoadedFile<crate::load::frontmatter::TargetAreaFm>,
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

fn part_indices(
    loaded: &Loaded,
    forums: &Index<Forum>,
    drafts: &HashSet<(String, String)>,
) -> Vec<Index<Part>> {
    // Parts get ids in load order; each forum's index maps its own part slugs.
    let mut per_forum: Vec<Index<Part>> = loaded
        .kinds
        .forums
        .iter()
        .map(|_| Index::new("part of this forum", Vec::new()))
        .collect();
    let mut next = 0;
    for ((forum_slug, slug), _) in &loaded.kinds.parts {
        if let Some(fid) = forums.ids.get(forum_slug) {
            per_forum[fid.index()]
                .ids
                .insert(slug.clone(), Id::new(next));
            next += 1;
        }
    }
    for (forum_slug, slug) in drafts {
        if let Some(fid) = forums.ids.get(forum_slug) {
            per_forum[fid.index()].drafts.insert(slug.clone());
        }
    }
    per_forum
}

/// Slugs of drafts left out, so references to them get a clear message (and of files
/// with errors, so references to them are not reported on top).
#[derive(Default)]
struct DraftSlugs {
    target_areas: HashSet<String>,
    actors: HashSet<String>,
    forums: HashSet<String>,
    parts: HashSet<(String, String)>,
}

impl DraftSlugs {
    fn from(paths: &HashSet<String>, config: &Config) -> Self {
        let mut d = DraftSlugs::default();
        let c = &config.collections;
        for rel in paths {
            let Some(stem) = rel.strip_suffix(".md") else {
                continue;
            };
            let parts: Vec<&str> = stem.split('/').collect();
            match parts.as_slice() {
                [f, s] if *f == c.target_areas() => {
                    d.target_areas.insert((*s).into());
                }
                [f, s] if *f == c.actors() => {
                    d.actors.insert((*s).into());
                }
                [f, s, "_index"] if *f == c.forums() => {
                    d.forums.insert((*s).into());
                }
                [f, fo, s] if *f == c.forums() => {
                    d.parts.insert(((*fo).into(), (*s).into()));
                }
                _ => {}
            }
        }
        d
    }
}

/// Two files must not claim the same URL (an ordinary page `x.md` and a folder `x/_index.md`).
fn check_unique_urls(config: &Config, loaded: &Loaded, diags: &mut Vec<Diagnostic>) {
    let c = &config.collections;
    let reserved = ["a-o", "sok", "tillganglighet", "static"];
    let mut seen: HashMap<&str, &str> = HashMap::new();
    for ((path, _), f) in &loaded.kinds.pages {
        let top = path.split('/').next().unwrap_or("");
        if reserved.contains(&top)
            || crate::kinds::Collection::ALL
                .iter()
                .any(|x| x.folder(c) == top)
        {
            diags.push(
                Diagnostic::whole_file(
                    &f.file.rel_path,
                    format!("`/{top}/` is a page blomma generates; this file would overwrite it"),
                )
                .with_help("move or rename the file"),
            );
        }
        if let Some(other) = seen.insert(path.as_str(), f.file.rel_path.as_str()) {
            diags.push(
                Diagnostic::whole_file(
                    &f.file.rel_path,
                    format!("this page has the same URL `/{path}/` as {other}"),
                )
                .with_help("rename one of the two files"),
            );
        }
    }
}
