//! Resolution: turns the loaded, slug-based content into the frozen [`Site`]. Every slug in
//! front matter, every `@/` link and every `#fragment` is checked; each one that names
//! nothing becomes a diagnostic with the file, line, what was looked for and the nearest
//! existing names. Then the two-way cross-links are computed.

mod backlinks;
mod links;

use crate::config::Config;
use crate::data::Tables;
use crate::diagnostics::Diagnostic;
use crate::kinds::frontmatter::Common;
use crate::kinds::refs::*;
use crate::kinds::target_area::plan_target_areas;
use crate::kinds::{
    Actor, County, Document, Entities, Forum, KindTag, Page, Part, Site, TargetArea,
};
use crate::load::{Loaded, LoadedFile};
use crate::model::*;
use std::collections::{HashMap, HashSet};

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

/// Resolves the loaded content into a [`Site`], or returns every problem found.
pub(crate) fn resolve(
    config: Config,
    tables: Tables,
    mut loaded: Loaded,
) -> Result<Site, Vec<Diagnostic>> {
    resolve_in_place(config, tables, &mut loaded)
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
    site.page_tree = crate::kinds::PageTree::new(&site.pages);
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
        links: Box::new(links::Targets::new(config, tables, loaded)),
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
        let date = |f: &LoadedFile<crate::kinds::document::DocumentFm>| {
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
