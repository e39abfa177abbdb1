//! Forums, `<forums>/<slug>/_index.md`: events with a program, newest first, and a list
//! page.

use crate::model::*;
use crate::render::context::*;
use crate::render::pages::view;
use crate::site::Site;

impl super::PageKind for Forum {
    const TEMPLATE: &'static str = "forum.html";
    fn count(site: &Site) -> usize {
        site.forums.len()
    }
    fn url(site: &Site, id: Id<Self>) -> String {
        let f = &site.forums[id.index()];
        site.url(&format!("{}/{}/", site.config.collections.forums, f.slug))
    }
    fn meta(site: &Site, id: Id<Self>) -> Option<&PageMeta> {
        Some(&site.forums[id.index()].meta)
    }
    fn crumbs(v: &Views<'_>, _: Id<Self>) -> Vec<Link> {
        vec![v.home_crumb(), v.list_crumb(super::Collection::Forums)]
    }
    fn view(v: &Views<'_>, id: Id<Self>) -> serde_json::Value {
        v.forum_page(id)
    }
}

/// The list page's own fields: every forum, newest first.
pub(crate) fn list_view(v: &Views<'_>) -> serde_json::Value {
    let s = v.site;
    let items: Vec<_> = (0..s.forums.len())
        .map(|i| {
            let f = &s.forums[i];
            serde_json::json!({"title": f.meta.title, "url": s.forum_url(Id::new(i)), "date": f.date, "venue": f.venue, "summary": f.meta.summary})
        })
        .collect();
    serde_json::json!({ "items": items })
}

impl Views<'_> {
    /// The view of a forum's page.
    pub(crate) fn forum_page(&self, id: Id<Forum>) -> serde_json::Value {
        let s = self.site;
        let f = &s.forums[id.index()];
        let base = PageBase::new(s, "forum", s.forum_url(id), &f.meta);
        let program: Vec<_> = f
            .program
            .iter()
            .map(|p| serde_json::json!({"time": p.time, "title": p.title, "part": p.part.map(|x| self.part(x)),
                "speakers": p.speakers.iter().map(|x| self.person(x)).collect::<Vec<_>>()}))
            .collect();
        let parts: Vec<_> = f
            .parts
            .iter()
            .map(|p| serde_json::json!({"title": s.parts[p.index()].meta.title, "url": s.part_url(*p), "summary": s.parts[p.index()].meta.summary}))
            .collect();
        let mut counties: Vec<Id<County>> = f
            .program
            .iter()
            .flat_map(|p| p.speakers.iter().filter_map(|x| x.county))
            .collect();
        counties.extend(
            f.parts
                .iter()
                .flat_map(|p| s.parts[p.index()].counties.iter().copied()),
        );
        counties.sort();
        counties.dedup();
        view(
            base,
            serde_json::json!({
                "date": f.date, "venue": f.venue, "organiser": f.organiser.map(|o| self.actor(o)),
                "participants": f.participants, "program": program, "parts": parts,
                "counties": counties.into_iter().map(|c| self.county(c)).collect::<Vec<_>>(),
            }),
        )
    }
}
