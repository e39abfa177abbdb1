//! Forum parts, `<forums>/<forum>/<part>.md`: one session, exercise or appendix of a
//! forum's documentation, in weight order, with previous/next links.

use crate::kinds::view::view;
use crate::kinds::view::*;
use crate::kinds::{Actor, County, Forum, Site, TargetArea};
use crate::model::*;
use serde::Serialize;

impl super::PageKind for Part {
    const KIND_FACET: super::KindFacet = super::KindFacet {
        place: 50,
        values: &["forumdel"],
    };
    fn refer(
        site: &Site,
        id: Id<Self>,
        out: &mut dyn FnMut(super::Entity, &'static str, usize, usize),
    ) {
        let p = &site.parts[id.index()];
        out(super::Entity::Forum(p.forum), "forum", 0, 0);
        for (k, t) in p.target_areas.iter().enumerate() {
            out(super::Entity::TargetArea(*t), "target_areas", k, 0);
        }
        for (k, a) in p.actors.iter().enumerate() {
            out(super::Entity::Actor(*a), "actors", k, 0);
        }
        for (k, c) in p.counties.iter().enumerate() {
            out(super::Entity::County(*c), "counties", k, 0);
        }
    }
    fn record<'a>(
        site: &'a Site,
        _: &crate::strings::Strings,
        id: Id<Self>,
    ) -> Option<crate::record::Record<'a>> {
        // Dated by its forum, found also by its forum's title.
        let p = &site.parts[id.index()];
        let f = &site.forums[p.forum.index()];
        let mut r = crate::record::Record::new(&p.meta, "forumdel", "kind_part");
        r.date = Some(f.date.to_string());
        r.extra = f.meta.title.clone();
        r.facets = p
            .counties
            .iter()
            .map(|c| crate::kinds::county::county_tag(&site.counties[c.index()]))
            .chain(super::target_area::target_area_tags(site, &p.target_areas))
            .collect();
        Some(r)
    }
    const TEMPLATE: &'static str = "part.html";
    fn count(site: &Site) -> usize {
        site.parts.len()
    }
    fn url(site: &Site, id: Id<Self>) -> String {
        let p = &site.parts[id.index()];
        let f = &site.forums[p.forum.index()];
        site.url(&format!(
            "{}/{}/{}/",
            site.config.collections.forums(),
            f.slug,
            p.slug
        ))
    }
    fn meta(site: &Site, id: Id<Self>) -> Option<&PageMeta> {
        Some(&site.parts[id.index()].meta)
    }
    fn crumbs(v: &Views<'_>, id: Id<Self>) -> Vec<Link> {
        let p = &v.site.parts[id.index()];
        vec![
            v.home_crumb(),
            v.list_crumb(super::Collection::Forums),
            v.forum(p.forum),
        ]
    }
    fn shown_on(site: &Site, id: Id<Self>) -> Vec<super::Entity> {
        use super::ent;
        let i = id.index();
        let mut out = Vec::new();
        let p = &site.parts[i];
        out.push(ent::forum(p.forum.index()));
        out.extend(ent::ids(&site.forums[p.forum.index()].parts).map(ent::part));
        out.extend(ent::ids(&p.target_areas).map(ent::ta));
        out.extend(ent::ids(&p.counties).map(ent::county));
        out.extend(ent::ids(&p.actors).map(ent::actor));
        // Counties whose speakers took part in it (program items naming the part).
        for item in site.forums.iter().flat_map(|f| &f.program) {
            if item.part == Some(id) {
                out.extend(
                    item.speakers
                        .iter()
                        .filter_map(|s| s.county)
                        .map(|c| ent::county(c.index())),
                );
            }
        }
        out
    }
    fn key(site: &Site, id: Id<Self>) -> String {
        let p = &site.parts[id.index()];
        let forum = &site.forums[p.forum.index()].slug;
        format!("part:{forum}/{}", p.slug)
    }
    fn shape(site: &Site, id: Id<Self>) -> String {
        super::without_body(&site.parts[id.index()], |p| &mut p.meta)
    }
    fn view(v: &Views<'_>, id: Id<Self>) -> serde_json::Value {
        v.part_page(id)
    }
}

/// A link to a forum part with its forum.
#[derive(Serialize)]
pub(crate) struct PartWithForum {
    title: String,
    url: String,
    forum: Link,
}

/// The extra fields of a forum part's page.
#[derive(Serialize)]
struct PartView {
    forum: DatedLink,
    prev: Option<Link>,
    next: Option<Link>,
    target_areas: Vec<TargetAreaLink>,
    counties: Vec<CountyLink>,
    actors: Vec<Link>,
}

impl Views<'_> {
    /// A link to a forum part with its forum.
    pub(crate) fn part_with_forum(&self, p: Id<Part>) -> PartWithForum {
        let l = self.part(p);
        PartWithForum {
            title: l.title,
            url: l.url,
            forum: self.forum(self.site.parts[p.index()].forum),
        }
    }

    /// The view of a forum part's page.
    pub(crate) fn part_page(&self, id: Id<Part>) -> serde_json::Value {
        let s = self.site;
        let p = &s.parts[id.index()];
        let f = &s.forums[p.forum.index()];
        let base = PageBase::new(s, "part", s.part_url(id), &p.meta);
        let pos = f.parts.iter().position(|x| *x == id).unwrap_or(0);
        let prev = pos
            .checked_sub(1)
            .and_then(|i| f.parts.get(i))
            .map(|x| self.part(*x));
        let next = f.parts.get(pos + 1).map(|x| self.part(*x));
        let fl = self.forum(p.forum);
        let v = PartView {
            forum: DatedLink {
                title: fl.title,
                url: fl.url,
                date: f.date,
            },
            prev,
            next,
            target_areas: p.target_areas.iter().map(|t| self.ta(*t)).collect(),
            counties: p.counties.iter().map(|c| self.county(*c)).collect(),
            actors: p.actors.iter().map(|a| self.actor(*a)).collect(),
        };
        view(base, v)
    }
}

impl super::ContentKind for Part {
    type Fm = PartFm;
    type Key = (String, String);
    const PLACE: super::Place = super::Place::InFolder(super::Collection::Forums);
    const NOUN: &'static str = "part";
    const TITLED: bool = false;
    const SCHEMA: (&'static str, &'static str) = ("forum-part.json", "Forumdel");
    const NEW: &'static [super::NewFile] = &[super::NewFile {
        names: &["forum-part", "forumdel", "part"],
        archetype: include_str!("../commands/archetypes/forum-part.md"),
        example: "dialogforum-2025/samtal",
    }];
    const REFS: &'static [super::RefField] = &[
        super::RefField::new("target_areas", super::KindTag::TargetArea),
        super::RefField::new("counties", super::KindTag::County),
        super::RefField::new("actors", super::KindTag::Actor),
    ];
    fn resolve(
        cx: &crate::kinds::refs::Cx<'_>,
        loaded: &[super::LoadedOf<Self>],
        diags: &mut Vec<crate::diagnostics::Diagnostic>,
    ) -> Vec<Self> {
        use crate::diagnostics::Diagnostic;
        use rayon::prelude::*;
        let parts = loaded.par_iter().map(|((forum_slug, slug), f)| {
            let mut diags = Vec::new();
            let Some(forum) = cx.forums.ids.get(forum_slug).copied() else {
                diags.push(Diagnostic::at(&f.file, 0, 3, format!("forum part `{slug}` has no forum: `{forum_slug}/_index.md` is missing or a draft"))
                    .with_help(format!("add content/{}/{forum_slug}/_index.md", cx.config.collections.forums())));
                return (None, diags);
            };
            let mut r = crate::kinds::refs::Refs::new(f, &mut diags);
            let target_areas = r.many("target_areas", &f.fm.target_areas, &cx.target_areas);
            let counties = r.many("counties", &f.fm.counties, &cx.counties);
            let actors = r.many("actors", &f.fm.actors, &cx.actors);
            let meta = cx.meta(f, slug, r.diags);
            let part = Part {
                forum,
                slug: slug.clone(),
                target_areas,
                counties,
                actors,
                meta,
            };
            (Some(part), diags)
        });
        crate::kinds::refs::gather(parts, diags)
    }
}

super::frontmatter::front_matter!(
    /// `forum/<slug>/<part>.md`.
    PartFm {
        #[schemars(description = "Målområden som delen tar upp (deras slugs).")] #[serde(default)] target_areas: Vec<String>,
        #[schemars(description = "Län som deltog i delen (deras slugs).")] #[serde(default)] counties: Vec<String>,
        #[schemars(description = "Aktörsroller som deltog i delen (deras slugs).")] #[serde(default)] actors: Vec<String>,
    }
);

/// One part of a forum's documentation.
#[derive(Debug, Clone)]
pub(crate) struct Part {
    /// The forum.
    pub forum: Id<Forum>,
    /// Slug.
    pub slug: String,
    /// Target areas discussed.
    pub target_areas: Vec<Id<TargetArea>>,
    /// Counties concerned.
    pub counties: Vec<Id<County>>,
    /// Actor roles concerned.
    pub actors: Vec<Id<Actor>>,
    /// Page fields.
    pub meta: PageMeta,
}
