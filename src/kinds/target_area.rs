//! Target areas (målområden), `<target_areas>/<slug>.md`: numbered, in number order, with a
//! page each (also for an official area without a file) and a list page with the flower.

use super::refs::{empty_meta, Cx, Refs};
use super::{LoadedFile, LoadedOf};
use crate::data::Tables;
use crate::diagnostics::Diagnostic;
use crate::kinds::view::*;
use crate::kinds::view::{view, Extras};
use crate::kinds::{Actor, County, Document, Part, Site};
use crate::model::*;
use serde::Serialize;
use std::collections::HashMap;

impl super::PageKind for TargetArea {
    fn list_view(v: &Views<'_>, extras: &Extras) -> Option<serde_json::Value> {
        Some(list_view(v, extras))
    }
    const KIND_FACET: super::KindFacet = super::KindFacet {
        place: 10,
        values: &["malomrade"],
    };
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
        r.facets = vec![crate::kinds::target_area::target_area_tag(ta)];
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
    type Fm = TargetAreaFm;
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
        build_target_areas(cx, loaded, diags)
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
        .map(|id| crate::kinds::target_area::target_area_tag(&site.target_areas[id.index()]))
        .collect()
}

super::frontmatter::front_matter!(
    /// `malomraden/<slug>.md`.
    TargetAreaFm {
        #[schemars(description = "Målområdets nummer, 1–8 för de officiella; ett högre tal lägger till ett eget målområde. Numret är målområdets identitet.")] #[schemars(range(min = 1))] number: u32,
        #[schemars(description = "Fokusområden inom målområdet.")] #[serde(default)] focus_areas: Vec<FocusAreaFm>,
    }
);

/// A focus area as written.
#[derive(Debug, Clone, serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
#[schemars(description = "Ett fokusområde inom målområdet.")]
pub(crate) struct FocusAreaFm {
    #[schemars(description = "Fokusområdets rubrik.")]
    pub title: String,
    #[serde(default)]
    #[schemars(description = "En kort beskrivning av fokusområdet.")]
    pub summary: Option<String>,
}

/// One target area of the site: its number, the slug the site uses for it and the index
/// of its file in `loaded.target_areas` (none for an official area without a file).
pub(crate) struct PlannedArea {
    number: u32,
    pub(crate) slug: String,
    file: Option<usize>,
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

/// The site's target areas by number: the official ones with the site's files matched
/// to them by number or slug, and the renamed slugs.
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

/// Resolves the target areas of the plan, one per number, with or without a file.
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
    f: &LoadedFile<crate::kinds::target_area::TargetAreaFm>,
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

/// One of the national target areas (målområden).
#[derive(Debug, Clone)]
pub(crate) struct TargetArea {
    /// Slug.
    pub slug: String,
    /// Its number, 1..n.
    pub number: u32,
    /// Focus areas.
    pub focus_areas: Vec<FocusArea>,
    /// Page fields; `source` is empty when the page comes from the built-in table only.
    pub meta: PageMeta,
}

/// A focus area of a target area.
#[derive(Debug, Clone)]
pub(crate) struct FocusArea {
    /// Title.
    pub title: String,
    /// Optional description.
    pub summary: Option<String>,
}

/// The target-area tag of `ta`, placed by its number.
pub(crate) fn target_area_tag(ta: &TargetArea) -> crate::record::FacetTag<'_> {
    crate::record::FacetTag::new(
        crate::record::FACET_TARGET_AREA,
        &*ta.slug,
        &*ta.meta.title,
        ta.number,
    )
}
