//! Actor roles, `<actors>/<slug>.md`: by level, weight and title, each with the counties'
//! organisations holding the role and what they committed to; a list page by level.

use crate::model::*;
use crate::render::context::*;
use crate::render::pages::view;
use crate::site::Site;

impl super::PageKind for Actor {
    const TEMPLATE: &'static str = "actor.html";
    fn count(site: &Site) -> usize {
        site.actors.len()
    }
    fn url(site: &Site, id: Id<Self>) -> String {
        let a = &site.actors[id.index()];
        site.url(&format!("{}/{}/", site.config.collections.actors, a.slug))
    }
    fn meta(site: &Site, id: Id<Self>) -> Option<&PageMeta> {
        Some(&site.actors[id.index()].meta)
    }
    fn crumbs(v: &Views<'_>, _: Id<Self>) -> Vec<Link> {
        vec![v.home_crumb(), v.list_crumb(super::Collection::Actors)]
    }
    fn view(v: &Views<'_>, id: Id<Self>) -> serde_json::Value {
        v.actor_page(id)
    }
}

/// The list page's own fields: the roles grouped by level.
pub(crate) fn list_view(v: &Views<'_>) -> serde_json::Value {
    v.actor_groups()
}

impl Views<'_> {
    /// The actor roles grouped by level, for the list page.
    pub(crate) fn actor_groups(&self) -> serde_json::Value {
        let s = self.site;
        let mut groups: Vec<serde_json::Value> = Vec::new();
        for level in [Level::National, Level::Regional, Level::Local] {
            let items: Vec<_> = (0..s.actors.len())
                .filter(|i| s.actors[*i].level == level)
                .map(|i| {
                    let a = &s.actors[i];
                    serde_json::json!({"title": a.meta.title, "url": s.actor_url(Id::new(i)), "summary": a.meta.summary})
                })
                .collect();
            if !items.is_empty() {
                groups.push(serde_json::json!({"level": level.as_str(), "level_label": self.level_label(level), "items": items}));
            }
        }
        serde_json::json!({ "groups": groups })
    }

    /// The view of an actor role's page.
    pub(crate) fn actor_page(&self, id: Id<Actor>) -> serde_json::Value {
        let s = self.site;
        let a = &s.actors[id.index()];
        let i = id.index();
        let base = PageBase::new(s, "actor", s.actor_url(id), &a.meta);
        // One entry per county: its organisations with this role and the commitments.
        let mut by_county: std::collections::BTreeMap<
            usize,
            (Vec<serde_json::Value>, Vec<serde_json::Value>),
        > = Default::default();
        for (c, oi) in &s.links.actor_orgs[i] {
            let o = &s.counties[c.index()].organisations[*oi];
            by_county
                .entry(c.index())
                .or_default()
                .0
                .push(serde_json::json!({"name": o.name, "url": o.url}));
        }
        for (d, k) in &s.links.actor_commitments[i] {
            let doc = &s.documents[d.index()];
            let items = &doc.commitments[*k].items;
            by_county
                .entry(doc.county.index())
                .or_default()
                .1
                .push(serde_json::json!({"document": self.doc(*d), "items": items}));
        }
        let holders: Vec<_> = by_county
            .into_iter()
            .map(|(c, (orgs, commits))| serde_json::json!({"county": self.county(Id::new(c)), "organisations": orgs, "commitments": commits}))
            .collect();
        let target_areas: Vec<_> = a.target_areas.iter().map(|t| self.ta(*t)).collect();
        let parts: Vec<_> = s.links.actor_parts[i]
            .iter()
            .map(|p| self.part_with_forum(*p))
            .collect();
        let forums: Vec<_> = s.links.actor_forums[i]
            .iter()
            .map(|f| {
                let l = self.forum(*f);
                serde_json::json!({"title": l.title, "url": l.url, "date": s.forums[f.index()].date})
            })
            .collect();
        view(
            base,
            serde_json::json!({
                "level": a.level.as_str(), "level_label": self.level_label(a.level),
                "responsibilities": a.responsibilities, "target_areas": target_areas,
                "holders": holders, "parts": parts, "forums_organised": forums,
            }),
        )
    }
}
