//! Target areas (målområden), `<target_areas>/<slug>.md`: numbered, in number order, with a
//! page each (also for an official area without a file) and a list page with the flower.

use crate::model::*;
use crate::render::context::*;
use crate::render::pages::{view, Extras};
use crate::site::Site;

impl super::PageKind for TargetArea {
    const TEMPLATE: &'static str = "target_area.html";
    fn count(site: &Site) -> usize {
        site.target_areas.len()
    }
    fn url(site: &Site, id: Id<Self>) -> String {
        let t = &site.target_areas[id.index()];
        site.url(&format!(
            "{}/{}/",
            site.config.collections.target_areas, t.slug
        ))
    }
    fn meta(site: &Site, id: Id<Self>) -> Option<&PageMeta> {
        Some(&site.target_areas[id.index()].meta)
    }
    fn crumbs(v: &Views<'_>, _: Id<Self>) -> Vec<Link> {
        vec![v.home_crumb(), v.list_crumb(super::Collection::TargetAreas)]
    }
    fn view(v: &Views<'_>, id: Id<Self>) -> serde_json::Value {
        v.target_area(id)
    }
}

/// The list page's own fields: every target area and the flower.
pub(crate) fn list_view(v: &Views<'_>, extras: &Extras) -> serde_json::Value {
    let items: Vec<_> = (0..v.site.target_areas.len())
        .map(|i| v.ta(Id::new(i)))
        .collect();
    serde_json::json!({ "items": items, "flower_svg_html": extras.flower_svg })
}

impl Views<'_> {
    /// The view of a target area's page.
    pub(crate) fn target_area(&self, id: Id<TargetArea>) -> serde_json::Value {
        let s = self.site;
        let t = &s.target_areas[id.index()];
        let i = id.index();
        let base = PageBase::new(s, "target_area", s.target_area_url(id), &t.meta);
        let declarations: Vec<_> = s.links.ta_documents[i]
            .iter()
            .map(|d| self.doc(*d))
            .collect();
        let actors: Vec<_> = s.links.ta_actors[i]
            .iter()
            .map(|a| {
                let l = self.actor(*a);
                serde_json::json!({"title": l.title, "url": l.url, "level_label": self.level_label(s.actors[a.index()].level)})
            })
            .collect();
        let parts: Vec<_> = s.links.ta_parts[i]
            .iter()
            .map(|p| self.part_with_forum(*p))
            .collect();
        let mut counties: Vec<Id<County>> = s.links.ta_documents[i]
            .iter()
            .map(|d| s.documents[d.index()].county)
            .collect();
        counties.sort();
        counties.dedup();
        let counties: Vec<_> = counties.into_iter().map(|c| self.county(c)).collect();
        let prev = i.checked_sub(1).map(|p| self.ta(Id::new(p)));
        let next = (i + 1 < s.target_areas.len()).then(|| self.ta(Id::new(i + 1)));
        let focus: Vec<_> = t
            .focus_areas
            .iter()
            .map(|f| serde_json::json!({"title": f.title, "summary": f.summary}))
            .collect();
        view(
            base,
            serde_json::json!({
                "number": t.number, "focus_areas": focus, "declarations": declarations, "actors": actors,
                "parts": parts, "counties": counties, "prev": prev, "next": next,
            }),
        )
    }
}
