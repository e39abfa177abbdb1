//! Target areas (målområden), `<target_areas>/<slug>.md`: numbered, in number order, with a
//! page each (also for an official area without a file) and a list page with the flower.

use crate::kinds::view::*;
use crate::kinds::view::{view, Extras};
use crate::kinds::Site;
use crate::model::*;
use serde::Serialize;

impl super::PageKind for TargetArea {
    fn record<'a>(
        site: &'a Site,
        t: &crate::strings::Strings,
        id: Id<Self>,
    ) -> Option<crate::record::Record<'a>> {
        // Found also by its focus areas and number.
        let ta = &site.target_areas[id.index()];
        let focus = ta
            .focus_areas
            .iter()
            .map(|f| f.title.as_str())
            .collect::<Vec<_>>()
            .join(". ");
        let label = crate::strings::tr(t, "kind_target_area");
        let mut r = crate::record::Record::new(&ta.meta, "malomrade", "kind_target_area");
        r.extra = format!("{label} {}. {focus}", ta.number);
        r.facets = vec![crate::record::target_area_tag(ta)];
        Some(r)
    }
    const TEMPLATE: &'static str = "target_area.html";
    fn count(site: &Site) -> usize {
        site.target_areas.len()
    }
    fn url(site: &Site, id: Id<Self>) -> String {
        let t = &site.target_areas[id.index()];
        site.url(&format!(
            "{}/{}/",
            site.config.collections.target_areas(),
            t.slug
        ))
    }
    fn meta(site: &Site, id: Id<Self>) -> Option<&PageMeta> {
        Some(&site.target_areas[id.index()].meta)
    }
    fn crumbs(v: &Views<'_>, _: Id<Self>) -> Vec<Link> {
        vec![v.home_crumb(), v.list_crumb(super::Collection::TargetAreas)]
    }
    fn shown_on(site: &Site, id: Id<Self>) -> Vec<super::Entity> {
        use super::ent;
        let mut out = Vec::new();
        out.extend((0..site.target_areas.len()).map(ent::ta));
        out.extend(ent::ids(&documents(site, id)).map(ent::doc));
        out.extend(ent::ids(&actors(site, id)).map(ent::actor));
        out.extend(ent::ids(&parts(site, id)).map(ent::part));
        out.extend((0..site.counties.len()).map(ent::county));
        out
    }
    fn key(site: &Site, id: Id<Self>) -> String {
        format!("ta:{}", site.target_areas[id.index()].slug)
    }
    fn shape(site: &Site, id: Id<Self>) -> String {
        super::without_body(&site.target_areas[id.index()], |t| &mut t.meta)
    }
    fn view(v: &Views<'_>, id: Id<Self>) -> serde_json::Value {
        v.target_area(id)
    }
}

/// The list page's own fields.
#[derive(Serialize)]
struct TargetAreaList<'a> {
    items: Vec<TargetAreaLink>,
    flower_svg_html: &'a str,
}

/// The list page's own fields: every target area and the flower.
pub(crate) fn list_view(v: &Views<'_>, extras: &Extras) -> serde_json::Value {
    let items = (0..v.site.target_areas.len())
        .map(|i| v.ta(Id::new(i)))
        .collect();
    let list = TargetAreaList {
        items,
        flower_svg_html: &extras.flower_svg,
    };
    serde_json::to_value(list).unwrap_or_default()
}

/// A link to an actor role with its level.
#[derive(Serialize)]
struct LeveledLink {
    title: String,
    url: String,
    level_label: String,
}

/// A focus area of a target area.
#[derive(Serialize)]
struct FocusAreaView<'a> {
    title: &'a str,
    summary: Option<&'a str>,
}

/// The extra fields of a target area's page.
#[derive(Serialize)]
struct TargetAreaView<'a> {
    number: u32,
    focus_areas: Vec<FocusAreaView<'a>>,
    declarations: Vec<DocLink>,
    actors: Vec<LeveledLink>,
    parts: Vec<crate::kinds::part::PartWithForum>,
    counties: Vec<CountyLink>,
    prev: Option<TargetAreaLink>,
    next: Option<TargetAreaLink>,
}

impl Views<'_> {
    /// The view of a target area's page.
    pub(crate) fn target_area(&self, id: Id<TargetArea>) -> serde_json::Value {
        let s = self.site;
        let t = &s.target_areas[id.index()];
        let i = id.index();
        let base = PageBase::new(s, "target_area", s.target_area_url(id), &t.meta);
        let actors = actors(s, Id::new(i))
            .iter()
            .map(|a| {
                let l = self.actor(*a);
                LeveledLink {
                    title: l.title,
                    url: l.url,
                    level_label: self.level_label(s.actors[a.index()].level),
                }
            })
            .collect();
        let mut counties: Vec<Id<County>> = documents(s, Id::new(i))
            .iter()
            .map(|d| s.documents[d.index()].county)
            .collect();
        counties.sort();
        counties.dedup();
        let v = TargetAreaView {
            number: t.number,
            focus_areas: t
                .focus_areas
                .iter()
                .map(|f| FocusAreaView {
                    title: &f.title,
                    summary: f.summary.as_deref(),
                })
                .collect(),
            declarations: documents(s, Id::new(i))
                .iter()
                .map(|d| self.doc(*d))
                .collect(),
            actors,
            parts: parts(s, Id::new(i))
                .iter()
                .map(|p| self.part_with_forum(*p))
                .collect(),
            counties: counties.into_iter().map(|c| self.county(c)).collect(),
            prev: i.checked_sub(1).map(|p| self.ta(Id::new(p))),
            next: (i + 1 < s.target_areas.len()).then(|| self.ta(Id::new(i + 1))),
        };
        view(base, v)
    }
}

impl super::ContentKind for TargetArea {
    type Fm = crate::kinds::frontmatter::TargetAreaFm;
    type Key = String;
    const PLACE: super::Place = super::Place::File(super::Collection::TargetAreas);
    const NOUN: &'static str = "target area";
    const TITLED: bool = true;
    const SCHEMA: (&'static str, &'static str) = ("target-area.json", "Målområde");
    const NEW: &'static [super::NewFile] = &[super::NewFile {
        names: &["target-area", "malomrade"],
        archetype: include_str!("../commands/archetypes/target-area.md"),
        example: "levnadsvanor",
    }];
    fn resolve(
        cx: &crate::kinds::refs::Cx<'_>,
        loaded: &[super::LoadedOf<Self>],
        diags: &mut Vec<crate::diagnostics::Diagnostic>,
    ) -> Vec<Self> {
        crate::kinds::refs::build_target_areas(cx, loaded, diags)
    }
}

/// What a target area's page shows of the references that name it: the documents whose
/// `target_areas` name it, in id order.
pub(crate) fn documents(site: &Site, id: Id<TargetArea>) -> Vec<Id<Document>> {
    site.links
        .ids(super::Entity::TargetArea(id), "target_areas")
}

/// The actor roles whose `target_areas` name the target area, in id order.
pub(crate) fn actors(site: &Site, id: Id<TargetArea>) -> Vec<Id<Actor>> {
    site.links
        .ids(super::Entity::TargetArea(id), "target_areas")
}

/// The forum parts whose `target_areas` name the target area, in id order.
pub(crate) fn parts(site: &Site, id: Id<TargetArea>) -> Vec<Id<Part>> {
    site.links
        .ids(super::Entity::TargetArea(id), "target_areas")
}

/// The target-area tags of `ids`.
pub(crate) fn target_area_tags<'a>(
    site: &'a Site,
    ids: &[Id<TargetArea>],
) -> Vec<crate::record::FacetTag<'a>> {
    ids.iter()
        .map(|id| crate::record::target_area_tag(&site.target_areas[id.index()]))
        .collect()
}
