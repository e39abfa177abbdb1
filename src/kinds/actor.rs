//! Actor roles, `<actors>/<slug>.md`: by level, weight and title, each with the counties'
//! organisations holding the role and what they committed to; a list page by level.

use crate::kinds::view::view;
use crate::kinds::view::*;
use crate::kinds::{County, Document, Forum, Part, Site, TargetArea};
use crate::model::*;
use serde::Serialize;

impl super::PageKind for Actor {
    fn list_view(v: &Views<'_>, _extras: &Extras) -> Option<serde_json::Value> {
        Some(list_view(v))
    }
    const KIND_FACET: super::KindFacet = super::KindFacet {
        place: 30,
        values: &["aktor"],
    };
    fn refer(
        site: &Site,
        id: Id<Self>,
        out: &mut dyn FnMut(super::Entity, &'static str, usize, usize),
    ) {
        for (k, t) in site.actors[id.index()].target_areas.iter().enumerate() {
            out(super::Entity::TargetArea(*t), "target_areas", k, 0);
        }
    }
    fn record<'a>(
        site: &'a Site,
        _: &crate::strings::Strings,
        id: Id<Self>,
    ) -> Option<crate::record::Record<'a>> {
        // Found also by its responsibilities.
        let a = &site.actors[id.index()];
        let mut r = crate::record::Record::new(&a.meta, "aktor", "kind_actor");
        r.extra = a.responsibilities.join(". ");
        r.facets = super::target_area::target_area_tags(site, &a.target_areas);
        Some(r)
    }
    const TEMPLATE: &'static str = "actor.html";
    fn count(site: &Site) -> usize {
        site.actors.len()
    }
    fn url(site: &Site, id: Id<Self>) -> String {
        let a = &site.actors[id.index()];
        site.url(&format!("{}/{}/", site.config.collections.actors(), a.slug))
    }
    fn meta(site: &Site, id: Id<Self>) -> Option<&PageMeta> {
        Some(&site.actors[id.index()].meta)
    }
    fn crumbs(v: &Views<'_>, _: Id<Self>) -> Vec<Link> {
        vec![v.home_crumb(), v.list_crumb(super::Collection::Actors)]
    }
    fn shown_on(site: &Site, id: Id<Self>) -> Vec<super::Entity> {
        use super::ent;
        let i = id.index();
        let mut out = Vec::new();
        out.extend(ent::ids(&site.actors[i].target_areas).map(ent::ta));
        out.extend(
            holdings(site, id)
                .iter()
                .map(|(c, _)| ent::county(c.index())),
        );
        for (d, _) in &commitments(site, id) {
            out.push(ent::doc(d.index()));
            out.push(ent::county(site.documents[d.index()].county.index()));
        }
        out.extend(ent::ids(&parts(site, id)).map(ent::part));
        for f in &forums(site, id) {
            out.push(ent::forum(f.index()));
        }
        // County pages link their länsstyrelse and region to the role they hold.
        for (ci, bodies) in site.links.county_bodies.iter().enumerate() {
            if bodies
                .iter()
                .any(|b| b.role.is_some_and(|r| r.index() == i))
            {
                out.push(ent::county(ci));
            }
        }
        out
    }
    fn key(site: &Site, id: Id<Self>) -> String {
        format!("actor:{}", site.actors[id.index()].slug)
    }
    fn shape(site: &Site, id: Id<Self>) -> String {
        super::without_body(&site.actors[id.index()], |a| &mut a.meta)
    }
    fn view(v: &Views<'_>, id: Id<Self>) -> serde_json::Value {
        v.actor_page(id)
    }
}

/// The list page's own fields: the roles grouped by level.
pub(crate) fn list_view(v: &Views<'_>) -> serde_json::Value {
    v.actor_groups()
}

/// The roles of one level, for the list page.
#[derive(Serialize)]
struct LevelGroup<'a> {
    level: &'static str,
    level_label: String,
    items: Vec<Card<'a>>,
}

/// The list page's own fields.
#[derive(Serialize)]
struct ActorList<'a> {
    groups: Vec<LevelGroup<'a>>,
}

/// An organisation with its web site.
#[derive(Serialize)]
pub(crate) struct OrganisationView<'a> {
    /// Name.
    pub(crate) name: &'a str,
    /// Its web site.
    pub(crate) url: Option<&'a str>,
}

/// What one document commits a role to.
#[derive(Serialize)]
struct CommittedView<'a> {
    document: DocLink,
    items: &'a [String],
}

/// One county where the role is held or committed.
#[derive(Serialize)]
struct Holder<'a> {
    county: CountyLink,
    organisations: Vec<OrganisationView<'a>>,
    commitments: Vec<CommittedView<'a>>,
}

/// The extra fields of an actor role's page.
#[derive(Serialize)]
struct ActorView<'a> {
    level: &'static str,
    level_label: String,
    responsibilities: &'a [String],
    target_areas: Vec<TargetAreaLink>,
    holders: Vec<Holder<'a>>,
    parts: Vec<crate::kinds::part::PartWithForum>,
    forums_organised: Vec<DatedLink>,
}

impl<'s> Views<'s> {
    /// The actor roles grouped by level, for the list page.
    pub(crate) fn actor_groups(&self) -> serde_json::Value {
        let s = self.site;
        let mut groups = Vec::new();
        for level in [Level::National, Level::Regional, Level::Local] {
            let items: Vec<_> = (0..s.actors.len())
                .filter(|i| s.actors[*i].level == level)
                .map(|i| {
                    let a = &s.actors[i];
                    Card {
                        title: &a.meta.title,
                        url: s.actor_url(Id::new(i)),
                        summary: a.meta.summary.as_deref(),
                    }
                })
                .collect();
            if !items.is_empty() {
                groups.push(LevelGroup {
                    level: level.as_str(),
                    level_label: self.level_label(level),
                    items,
                });
            }
        }
        serde_json::to_value(ActorList { groups }).unwrap_or_default()
    }

    /// One entry per county: its organisations holding the role and what its documents
    /// commit the role to.
    fn holders(&self, i: usize) -> Vec<Holder<'s>> {
        let s = self.site;
        let mut by_county: std::collections::BTreeMap<usize, Holder<'s>> = Default::default();
        let new = |c: usize| Holder {
            county: self.county(Id::new(c)),
            organisations: Vec::new(),
            commitments: Vec::new(),
        };
        for (c, oi) in &holdings(s, Id::new(i)) {
            let o = &s.counties[c.index()].organisations[*oi];
            let h = by_county.entry(c.index()).or_insert_with(|| new(c.index()));
            h.organisations.push(OrganisationView {
                name: &o.name,
                url: o.url.as_deref(),
            });
        }
        for (d, k) in &commitments(s, Id::new(i)) {
            let doc = &s.documents[d.index()];
            let c = doc.county.index();
            let h = by_county.entry(c).or_insert_with(|| new(c));
            h.commitments.push(CommittedView {
                document: self.doc(*d),
                items: &doc.commitments[*k].items,
            });
        }
        by_county.into_values().collect()
    }

    /// The view of an actor role's page.
    pub(crate) fn actor_page(&self, id: Id<Actor>) -> serde_json::Value {
        let s = self.site;
        let a = &s.actors[id.index()];
        let i = id.index();
        let base = PageBase::new(s, "actor", s.actor_url(id), &a.meta);
        let forums = forums(s, id)
            .iter()
            .map(|f| {
                let l = self.forum(*f);
                DatedLink {
                    title: l.title,
                    url: l.url,
                    date: s.forums[f.index()].date,
                }
            })
            .collect();
        let v = ActorView {
            level: a.level.as_str(),
            level_label: self.level_label(a.level),
            responsibilities: &a.responsibilities,
            target_areas: a.target_areas.iter().map(|t| self.ta(*t)).collect(),
            holders: self.holders(i),
            parts: parts(s, id)
                .iter()
                .map(|p| self.part_with_forum(*p))
                .collect(),
            forums_organised: forums,
        };
        view(base, v)
    }
}

impl super::ContentKind for Actor {
    type Fm = ActorFm;
    type Key = String;
    const PLACE: super::Place = super::Place::File(super::Collection::Actors);
    const NOUN: &'static str = "actor role";
    const TITLED: bool = true;
    const SCHEMA: (&'static str, &'static str) = ("actor.json", "Aktörsroll");
    const NEW: &'static [super::NewFile] = &[super::NewFile {
        names: &["actor", "actor-role", "aktor", "aktorsroll"],
        archetype: include_str!("../commands/archetypes/actor.md"),
        example: "lansstyrelsen",
    }];
    const REFS: &'static [super::RefField] = &[super::RefField::new(
        "target_areas",
        super::KindTag::TargetArea,
    )];
    fn resolve(
        cx: &crate::kinds::refs::Cx<'_>,
        loaded: &[super::LoadedOf<Self>],
        diags: &mut Vec<crate::diagnostics::Diagnostic>,
    ) -> Vec<Self> {
        let mut actors = Vec::new();
        for (slug, f) in loaded {
            let mut r = crate::kinds::refs::Refs::new(f, diags);
            let target_areas = r.many("target_areas", &f.fm.target_areas, &cx.target_areas);
            actors.push(Actor {
                slug: slug.clone(),
                level: f.fm.level,
                responsibilities: f.fm.responsibilities.clone(),
                target_areas,
                meta: cx.meta(f, slug, r.diags),
            });
        }
        actors
    }
}

/// What an actor role's page shows of the references that name it: the counties whose
/// `organisations` hold it, with the organisation's index, in order.
pub(crate) fn holdings(site: &Site, id: Id<Actor>) -> Vec<(Id<County>, usize)> {
    let e = super::Entity::Actor(id);
    site.links
        .from::<County>(e, "organisations")
        .map(|(c, k, _)| (c, k))
        .collect()
}

/// The documents whose `commitments` commit the role, with the commitment's index.
pub(crate) fn commitments(site: &Site, id: Id<Actor>) -> Vec<(Id<Document>, usize)> {
    let e = super::Entity::Actor(id);
    site.links
        .from::<Document>(e, "commitments")
        .map(|(d, k, _)| (d, k))
        .collect()
}

/// The forum parts whose `actors` name the role, in id order.
pub(crate) fn parts(site: &Site, id: Id<Actor>) -> Vec<Id<Part>> {
    site.links.ids(super::Entity::Actor(id), "actors")
}

/// The forums the role organised (their `organiser`), in id order.
pub(crate) fn forums(site: &Site, id: Id<Actor>) -> Vec<Id<Forum>> {
    site.links.ids(super::Entity::Actor(id), "organiser")
}

super::frontmatter::front_matter!(
    /// `aktorer/<slug>.md`.
    ActorFm {
        #[schemars(description = "Aktörens nivå: national (nationell), regional eller local (lokal).")] level: Level,
        #[schemars(description = "Aktörens ansvar, ett per rad.")] #[serde(default)] responsibilities: Vec<String>,
        #[schemars(description = "Målområden som aktören arbetar med (deras slugs).")] #[serde(default)] target_areas: Vec<String>,
    }
);

/// An actor role (Länsstyrelsen, Regionen, …).
#[derive(Debug, Clone)]
pub(crate) struct Actor {
    /// Slug.
    pub slug: String,
    /// National, regional or local.
    pub level: Level,
    /// What the role is responsible for.
    pub responsibilities: Vec<String>,
    /// Target areas the role names.
    pub target_areas: Vec<Id<TargetArea>>,
    /// Page fields.
    pub meta: PageMeta,
}
