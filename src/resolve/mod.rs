//! Resolution: turns the loaded, slug-based content into the frozen [`Site`]. Every slug in
//! front matter, every `@/` link and every `#fragment` is checked; each one that names
//! nothing becomes a diagnostic with the file, line, what was looked for and the nearest
//! existing names. Then the two-way cross-links are computed.

mod backlinks;
mod links;

use crate::config::Config;
use crate::data::Tables;
use crate::diagnostics::Diagnostic;
use crate::load::frontmatter::{locate_value, Common, PersonFm};
use crate::load::{Loaded, LoadedFile};
use crate::model::*;
use crate::site::Site;
use crate::suggest::nearest;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};

/// Slug → id for one kind of entity.
struct Index<K: Kind> {
    what: &'static str,
    ids: HashMap<String, Id<K>>,
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
struct Refs<'a, T> {
    file: &'a LoadedFile<T>,
    seen: HashMap<(&'static str, String), usize>,
    diags: &'a mut Vec<Diagnostic>,
}

impl<'a, T> Refs<'a, T> {
    fn new(file: &'a LoadedFile<T>, diags: &'a mut Vec<Diagnostic>) -> Self {
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

    fn error(&mut self, key: &'static str, value: &str, message: String, help: Option<String>) {
        let off = self.offset(key, value);
        let mut d = Diagnostic::at(&self.file.file, off, value.len().max(1), message);
        d.help = help;
        self.diags.push(d);
    }

    fn one<K: Kind>(&mut self, key: &'static str, value: &str, index: &Index<K>) -> Option<Id<K>> {
        if let Some(id) = index.ids.get(value) {
            self.bump(key, value);
            return Some(*id);
        }
        if index.broken.contains(value) {
            self.bump(key, value);
            return None;
        }
        let (msg, help) = if let Some(site_slug) = index.renamed.get(value) {
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
        };
        self.error(key, value, msg, help);
        None
    }

    fn many<K: Kind>(
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

fn humanise(slug: &str) -> String {
    let s = slug.rsplit('/').next().unwrap_or(slug).replace('-', " ");
    let mut c = s.chars();
    c.next().map_or(String::new(), |f| {
        f.to_uppercase().collect::<String>() + c.as_str()
    })
}

/// Resolves the loaded content into a [`Site`], or returns every problem found.
pub fn resolve(
    config: Config,
    tables: Tables,
    mut loaded: Loaded,
) -> Result<Site, Vec<Diagnostic>> {
    resolve_in_place(config, tables, &mut loaded)
}

/// Like [`resolve`], for content the caller keeps for the next build (`serve`): the
/// content is only sorted in place; bodies are shared with it, not copied.
pub fn resolve_in_place(
    config: Config,
    tables: Tables,
    loaded: &mut Loaded,
) -> Result<Site, Vec<Diagnostic>> {
    let mut diags = Vec::new();
    sort_loaded(loaded);
    let draft_slugs = DraftSlugs::from(&loaded.drafts, &config);
    let broken_slugs = DraftSlugs::from(&loaded.broken, &config);

    // Index every kind by slug.
    let ta_plan = plan_target_areas(&tables, loaded);
    let mut ta_index =
        Index::<TargetArea>::new("target area", ta_plan.areas.iter().map(|a| a.slug.clone()));
    ta_index.drafts = draft_slugs.target_areas;
    ta_index.broken = broken_slugs.target_areas;
    ta_index.renamed = ta_plan.renamed.clone();
    let mut actor_index =
        Index::<Actor>::new("actor role", loaded.actors.iter().map(|(s, _)| s.clone()));
    actor_index.drafts = draft_slugs.actors;
    actor_index.broken = broken_slugs.actors;
    let county_index =
        Index::<County>::new("county", tables.counties.iter().map(|c| c.slug.clone()));
    let mut forum_index =
        Index::<Forum>::new("forum", loaded.forums.iter().map(|(s, _)| s.clone()));
    forum_index.drafts = draft_slugs.forums;
    forum_index.broken = broken_slugs.forums;
    let part_indices = part_indices(loaded, &forum_index, &draft_slugs.parts);

    // @/ links need every page's URL and anchors first.
    let link_targets = links::Targets::new(&config, &tables, loaded);

    let home = match &loaded.home {
        Some(f) => Page {
            path: String::new(),
            is_section: true,
            audience: Audience::Readers,
            meta: meta(f, &config.title, link_targets.urls(f, &mut diags)),
        },
        None => Page {
            path: String::new(),
            is_section: true,
            audience: Audience::Readers,
            meta: empty_meta(&config.title),
        },
    };
    let collection_intro = loaded
        .collection_index
        .iter()
        .map(|(k, f)| (*k, meta(f, k.key(), link_targets.urls(f, &mut diags))))
        .collect();

    let target_areas = build_target_areas(&tables, loaded, &ta_plan, &mut diags, &link_targets);

    let mut actors = Vec::new();
    for (slug, f) in &loaded.actors {
        let mut r = Refs::new(f, &mut diags);
        let target_areas = r.many("target_areas", &f.fm.target_areas, &ta_index);
        let urls = link_targets.urls(f, r.diags);
        actors.push(Actor {
            slug: slug.clone(),
            level: f.fm.level,
            responsibilities: f.fm.responsibilities.clone(),
            target_areas,
            meta: meta(f, slug, urls),
        });
    }

    let mut counties: Vec<County> = tables
        .counties
        .iter()
        .map(|row| County {
            row: row.clone(),
            municipalities: tables
                .municipalities
                .iter()
                .filter(|m| m.county_code == row.scb_code)
                .map(|m| (m.code.clone(), m.name.clone()))
                .collect(),
            organisations: Vec::new(),
            structures: Vec::new(),
            stated_none: None,
            meta: None,
        })
        .collect();
    for (slug, f) in &loaded.counties {
        let Some(id) = county_folder(slug, f, &county_index, &mut diags) else {
            continue;
        };
        let county = &mut counties[id.index()];
        let mut r = Refs::new(f, &mut diags);
        if let Some(code) = &f.fm.code {
            if *code != county.row.scb_code {
                let name = county.row.name.clone();
                let expected = county.row.scb_code.clone();
                r.error(
                    "code",
                    code,
                    format!("county code `{code}` does not match {name}"),
                    Some(format!("{name} has SCB code \"{expected}\"")),
                );
            }
        }
        county.organisations =
            f.fm.organisations
                .iter()
                .filter_map(|o| {
                    let role = r.one("role", &o.role, &actor_index)?;
                    Some(Organisation {
                        name: o.name.clone(),
                        role,
                        url: o.url.clone(),
                    })
                })
                .collect();
        county.structures =
            f.fm.structures
                .iter()
                .map(|s| Structure {
                    name: s.name.clone(),
                    purpose: s.purpose.clone(),
                    groups: s
                        .groups
                        .iter()
                        .map(|g| Group {
                            name: g.name.clone(),
                            members: people(&g.members, &mut r, &county_index),
                        })
                        .collect(),
                })
                .collect();
        county.stated_none = stated_none(f, &mut r);
        let urls = link_targets.urls(f, r.diags);
        county.meta = Some(meta(f, &county.row.name, urls));
    }

    let documents = loaded.documents.par_iter().map(|(county_slug, slug, f)| {
        let mut diags = Vec::new();
        let Some(county) = county_folder(county_slug, f, &county_index, &mut diags) else {
            return (None, diags);
        };
        let mut r = Refs::new(f, &mut diags);
        check_document(f, &mut r);
        let target_areas = r.many("target_areas", &f.fm.target_areas, &ta_index);
        let commitments =
            f.fm.commitments
                .iter()
                .filter_map(|c| {
                    Some(Commitment {
                        role: r.one("role", &c.role, &actor_index)?,
                        items: c.items.clone(),
                    })
                })
                .collect();
        let urls = link_targets.urls(f, r.diags);
        let doc = Document {
            county,
            slug: slug.clone(),
            kind: f.fm.kind,
            adopted: f.fm.adopted,
            status: f.fm.status,
            signatories: f.fm.signatories.clone(),
            target_areas,
            commitments,
            source_url: f.fm.source.clone(),
            published: f.fm.published,
            publisher: f.fm.publisher.clone(),
            series: f.fm.series.clone(),
            meta: meta(f, slug, urls),
        };
        (Some(doc), diags)
    });
    let documents = gather(documents, &mut diags);
    check_stated_none(loaded, &county_index, &documents, &mut diags);

    let parts = loaded.parts.par_iter().map(|(forum_slug, slug, f)| {
        let mut diags = Vec::new();
        let Some(forum) = forum_index.ids.get(forum_slug).copied() else {
            diags.push(Diagnostic::at(&f.file, 0, 3, format!("forum part `{slug}` has no forum: `{forum_slug}/_index.md` is missing or a draft"))
                .with_help(format!("add content/{}/{forum_slug}/_index.md", config.collections.forums)));
            return (None, diags);
        };
        let mut r = Refs::new(f, &mut diags);
        let target_areas = r.many("target_areas", &f.fm.target_areas, &ta_index);
        let counties_ref = r.many("counties", &f.fm.counties, &county_index);
        let actors_ref = r.many("actors", &f.fm.actors, &actor_index);
        let urls = link_targets.urls(f, r.diags);
        let part = Part {
            forum,
            slug: slug.clone(),
            target_areas,
            counties: counties_ref,
            actors: actors_ref,
            meta: meta(f, slug, urls),
        };
        (Some(part), diags)
    });
    let parts = gather(parts, &mut diags);

    let mut forums = Vec::new();
    for (i, (slug, f)) in loaded.forums.iter().enumerate() {
        let mut r = Refs::new(f, &mut diags);
        let organiser =
            f.fm.organiser
                .as_ref()
                .and_then(|o| r.one("organiser", o, &actor_index));
        let part_index = &part_indices[i];
        let program =
            f.fm.program
                .iter()
                .map(|p| ProgramItem {
                    time: p.time.clone(),
                    title: p.title.clone(),
                    part: p.part.as_ref().and_then(|s| r.one("part", s, part_index)),
                    speakers: people(&p.speakers, &mut r, &county_index),
                })
                .collect();
        let urls = link_targets.urls(f, r.diags);
        forums.push(Forum {
            slug: slug.clone(),
            date: f.fm.date,
            venue: f.fm.venue.clone(),
            organiser,
            participants: f.fm.participants,
            program,
            parts: Vec::new(),
            meta: meta(f, slug, urls),
        });
    }

    let pages = loaded.pages.par_iter().map(|(path, is_section, f)| {
        let mut diags = Vec::new();
        let urls = link_targets.urls(f, &mut diags);
        let page = Page {
            path: path.clone(),
            is_section: *is_section,
            audience: f.fm.audience,
            meta: meta(f, &humanise(path), urls),
        };
        (Some(page), diags)
    });
    let pages = gather(pages, &mut diags);
    let terms = crate::kinds::glossary::resolve(
        &loaded.terms,
        |f, slug, diags| meta(f, slug, link_targets.urls(f, diags)),
        &mut diags,
    );
    check_unique_urls(&config, loaded, &mut diags);

    if !diags.is_empty() {
        return Err(diags);
    }
    let assets = loaded
        .assets
        .iter()
        .map(|(r, a)| (r.clone(), a.clone()))
        .collect();
    let mut site = Site {
        config,
        tables,
        home,
        collection_intro,
        target_areas,
        actors,
        counties,
        documents,
        forums,
        parts,
        pages,
        terms,
        assets,
        links: Default::default(),
        page_tree: Default::default(),
    };
    site.page_tree = crate::site::PageTree::new(&site.pages);
    backlinks::order_and_link(&mut site);
    Ok(site)
}

/// Collects the entities of a parallel pass in order, and their diagnostics in file order.
fn gather<T: Send>(
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

fn people<T>(ps: &[PersonFm], r: &mut Refs<'_, T>, counties: &Index<County>) -> Vec<Person> {
    ps.iter()
        .map(|p| Person {
            name: p.name.clone(),
            title: p.title.clone(),
            organisation: p.organisation.clone(),
            county: p.county.as_ref().and_then(|c| r.one("county", c, counties)),
        })
        .collect()
}

fn county_folder<T>(
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
fn stated_none(
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
    for (slug, f) in &loaded.counties {
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

fn check_document(
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
struct PlannedArea {
    number: u32,
    slug: String,
    file: Option<usize>,
}

/// The site's target areas, identified by number (contract v2): a file with an official
/// number describes that area under the file's slug; an official area without a file keeps
/// its official slug; other numbers add the site's own areas.
struct TargetAreaPlan {
    /// In number order; a second file with a number already taken is left out here (it is
    /// reported by [`build_target_areas`]).
    areas: Vec<PlannedArea>,
    /// Official slug → the site's slug, for the official areas the site renamed.
    renamed: HashMap<String, String>,
    /// Files left out because an earlier file has their number: (file, earlier file).
    duplicates: Vec<(usize, usize)>,
}

fn plan_target_areas(tables: &Tables, loaded: &Loaded) -> TargetAreaPlan {
    let mut by_number: HashMap<u32, usize> = HashMap::new();
    let mut duplicates = Vec::new();
    for (i, (_, f)) in loaded.target_areas.iter().enumerate() {
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
            Some(i) => loaded.target_areas[i].0.clone(),
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
        slug: loaded.target_areas[i].0.clone(),
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
    loaded.actors.sort_by(|a, b| {
        (a.1.fm.level, a.1.fm.weight.unwrap_or(0), title(&a.1), &a.0).cmp(&(
            b.1.fm.level,
            b.1.fm.weight.unwrap_or(0),
            title(&b.1),
            &b.0,
        ))
    });
    loaded
        .forums
        .sort_by(|a, b| (b.1.fm.date, &a.0).cmp(&(a.1.fm.date, &b.0)));
    loaded.parts.sort_by(|a, b| {
        (&a.0, a.2.fm.weight.unwrap_or(0), title(&a.2), &a.1).cmp(&(
            &b.0,
            b.2.fm.weight.unwrap_or(0),
            title(&b.2),
            &b.1,
        ))
    });
    loaded.documents.sort_by(|a, b| {
        let date = |f: &LoadedFile<crate::load::frontmatter::DocumentFm>| {
            f.fm.published.or(f.fm.adopted.map(PartialDate::from))
        };
        (&a.0, std::cmp::Reverse(date(&a.2)), &a.1).cmp(&(
            &b.0,
            std::cmp::Reverse(date(&b.2)),
            &b.1,
        ))
    });
    loaded.pages.sort_by(|a, b| a.0.cmp(&b.0));
    loaded.counties.sort_by(|a, b| a.0.cmp(&b.0));
    loaded.target_areas.sort_by(|a, b| a.0.cmp(&b.0));
}

fn build_target_areas(
    tables: &Tables,
    loaded: &Loaded,
    plan: &TargetAreaPlan,
    diags: &mut Vec<Diagnostic>,
    link_targets: &links::Targets<'_>,
) -> Vec<TargetArea> {
    for (i, first) in &plan.duplicates {
        let (_, f) = &loaded.target_areas[*i];
        let (other, other_file) = &loaded.target_areas[*first];
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
        let file = area.file.map(|i| &loaded.target_areas[i].1);
        if let Some(f) = file {
            check_target_area_file(f, area, tables, plan, diags);
        }
        let meta = match file {
            Some(f) => meta(
                f,
                row.map_or(area.slug.as_str(), |r| r.name.as_str()),
                link_targets.urls(f, diags),
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
        .forums
        .iter()
        .map(|_| Index::new("part of this forum", Vec::new()))
        .collect();
    let mut next = 0;
    for (forum_slug, slug, _) in &loaded.parts {
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
                [f, s] if *f == c.target_areas => {
                    d.target_areas.insert((*s).into());
                }
                [f, s] if *f == c.actors => {
                    d.actors.insert((*s).into());
                }
                [f, s, "_index"] if *f == c.forums => {
                    d.forums.insert((*s).into());
                }
                [f, fo, s] if *f == c.forums => {
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
    for (path, _, f) in &loaded.pages {
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
