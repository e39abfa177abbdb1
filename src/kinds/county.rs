//! Counties (län), `<counties>/<slug>/_index.md`: every county of the official table has a
//! page, with or without a content folder; the list page is the national overview (map and
//! county × target area table).

use crate::model::*;
use crate::render::context::*;
use crate::render::pages::{view, Extras};
use crate::site::Site;

impl super::PageKind for County {
    const TEMPLATE: &'static str = "county.html";
    fn count(site: &Site) -> usize {
        site.counties.len()
    }
    fn url(site: &Site, id: Id<Self>) -> String {
        let c = &site.counties[id.index()];
        site.url(&format!(
            "{}/{}/",
            site.config.collections.counties, c.row.slug
        ))
    }
    fn meta(site: &Site, id: Id<Self>) -> Option<&PageMeta> {
        site.counties[id.index()].meta.as_ref()
    }
    fn crumbs(v: &Views<'_>, _: Id<Self>) -> Vec<Link> {
        vec![v.home_crumb(), v.list_crumb(super::Collection::Counties)]
    }
    fn view(v: &Views<'_>, id: Id<Self>) -> serde_json::Value {
        v.county_page(id)
    }
}

/// The list page's own fields: the national overview.
pub(crate) fn list_view(v: &Views<'_>, extras: &Extras) -> serde_json::Value {
    v.overview(extras)
}

impl Views<'_> {
    /// The view of the national overview: the map, the legend and the county × target area table.
    pub(crate) fn overview(&self, extras: &Extras) -> serde_json::Value {
        let s = self.site;
        let tas: Vec<_> = (0..s.target_areas.len())
            .map(|i| self.ta(Id::new(i)))
            .collect();
        let mut rows = Vec::new();
        let mut others = Vec::new();
        let mut counties = Vec::new();
        let mut counts: std::collections::BTreeMap<&str, usize> = Default::default();
        for ci in 0..s.counties.len() {
            let id = Id::new(ci);
            let (status, status_label) = self.county_status(id);
            *counts.entry(status).or_default() += 1;
            // A row of dashes for a county nobody has written about would read as "covers
            // none of the target areas"; such counties are named below the table instead.
            if s.county_declaration(id) == DeclarationState::Unknown {
                others.push(self.county(id));
            } else {
                let covered = &s.links.county_target_areas[ci];
                let cells: Vec<bool> = (0..s.target_areas.len())
                    .map(|t| covered.contains(&Id::new(t)))
                    .collect();
                rows.push(serde_json::json!({"county": self.county(id), "status": status, "status_label": status_label, "cells": cells}));
            }
            let cl = self.county(id);
            counties.push(serde_json::json!({"name": cl.name, "short_name": cl.short_name, "letter_code": cl.letter_code, "url": cl.url,
                "status": status, "status_label": status_label, "has_content": s.counties[ci].meta.is_some()}));
        }
        let legend: Vec<_> = DeclarationState::ALL
            .iter()
            .map(|st| serde_json::json!({"status": st, "label": tr(self.t, &format!("status_{st}")), "css_class": format!("status-{st}"), "count": counts.get(st).copied().unwrap_or(0)}))
            .collect();
        serde_json::json!({
            "map_svg_html": extras.map_svg, "legend": legend, "counties": counties,
            "table": {"caption": tr(self.t, "table_caption"), "target_areas": tas, "rows": rows, "others": others},
        })
    }

    /// The view of a county's page.
    pub(crate) fn county_page(&self, id: Id<County>) -> serde_json::Value {
        let s = self.site;
        let c = &s.counties[id.index()];
        let url = s.county_url(id);
        let base = match &c.meta {
            Some(m) => {
                let mut b = PageBase::new(s, "county", url, m);
                if m.title.is_empty() || c.meta.as_ref().is_some_and(|m| m.source.is_empty()) {
                    b.title = c.row.name.clone();
                }
                b
            }
            None => PageBase::generated(s, "county", url, c.row.name.clone()),
        };
        let (organisations_by_role, structures) = self.county_bodies_of(c);
        let docs = &s.links.county_documents[id.index()];
        let declarations: Vec<_> = docs
            .iter()
            .filter(|d| s.documents[d.index()].kind == DocKind::Declaration)
            .map(|d| self.declaration(*d))
            .collect();
        let documents: Vec<_> = docs
            .iter()
            .filter(|d| s.documents[d.index()].kind != DocKind::Declaration)
            .map(|d| self.doc(*d))
            .collect();
        let forums = self.county_forums(id);
        let tas: Vec<_> = s.links.county_document_target_areas[id.index()]
            .iter()
            .map(|t| self.ta(*t))
            .collect();
        let [lansstyrelse, region] = &s.links.county_bodies[id.index()];
        let body = |name: &str, b: &crate::site::OfficialBody| {
            let org = b.organisation.map(|i| &c.organisations[i]);
            serde_json::json!({"name": name, "role": b.role.map(|r| self.actor(r)),
                "url": org.and_then(|o| o.url.as_deref())})
        };
        let (status, status_label) = self.county_status(id);
        let declaration_source = match s.county_declaration(id) {
            DeclarationState::None(source) => source,
            _ => None,
        };
        let r = &c.row;
        let municipalities: Vec<_> = c
            .municipalities
            .iter()
            .map(|(code, name)| serde_json::json!({"code": code, "name": name}))
            .collect();
        view(
            base,
            serde_json::json!({
                "code": r.scb_code, "letter_code": r.letter_code, "iso_code": r.iso_3166_2, "name": r.name,
                "short_name": r.short_name, "seat": r.seat, "lansstyrelse_name": r.lansstyrelse_name,
                "region_name": r.region_name, "region_note": (!r.region_note.is_empty()).then_some(&r.region_note),
                "municipalities": municipalities, "municipality_count": c.municipalities.len(),
                "has_content": c.meta.is_some(), "organisations_by_role": organisations_by_role,
                "structures": structures, "declarations": declarations, "documents": documents,
                "forums": forums, "target_areas": tas, "status": status, "status_label": status_label,
                "declaration_source": declaration_source,
                "lansstyrelse": body(&r.lansstyrelse_name, lansstyrelse),
                "region": body(&r.region_name, region),
                "county_info_url": s.config.county_info_url(r),
            }),
        )
    }

    /// A county's organisations grouped by the role they hold, and its coordination
    /// structures.
    fn county_bodies_of(&self, c: &County) -> (Vec<serde_json::Value>, Vec<serde_json::Value>) {
        let mut by_role: Vec<(Id<Actor>, Vec<serde_json::Value>)> = Vec::new();
        for o in &c.organisations {
            let entry = serde_json::json!({"name": o.name, "url": o.url});
            match by_role.iter_mut().find(|(r, _)| *r == o.role) {
                Some((_, v)) => v.push(entry),
                None => by_role.push((o.role, vec![entry])),
            }
        }
        by_role.sort_by_key(|(r, _)| *r);
        let organisations_by_role: Vec<_> = by_role
            .into_iter()
            .map(|(r, orgs)| serde_json::json!({"role": self.actor(r), "organisations": orgs}))
            .collect();
        let structures: Vec<_> = c
            .structures
            .iter()
            .map(|st| {
                let groups: Vec<_> = st.groups.iter().map(|g| serde_json::json!({"name": g.name, "members": g.members.iter().map(|p| self.person(p)).collect::<Vec<_>>()})).collect();
                serde_json::json!({"name": st.name, "purpose": st.purpose, "groups": groups})
            })
            .collect();
        (organisations_by_role, structures)
    }

    /// The forums where a county was represented, with its speakers and parts there.
    fn county_forums(&self, id: Id<County>) -> Vec<serde_json::Value> {
        let s = self.site;
        s.links.county_forums[id.index()]
            .iter()
            .map(|(f, via)| {
                let l = self.forum(*f);
                let parts: Vec<_> = s.links.county_parts[id.index()]
                    .iter()
                    .filter(|p| s.parts[p.index()].forum == *f)
                    .map(|p| self.part(*p))
                    .collect();
                let mut speakers: Vec<&str> = Vec::new();
                for x in s.forums[f.index()].program.iter().flat_map(|i| &i.speakers) {
                    if x.county == Some(id) && !speakers.contains(&x.name.as_str()) {
                        speakers.push(&x.name);
                    }
                }
                serde_json::json!({"title": l.title, "url": l.url, "date": s.forums[f.index()].date, "via": via,
                    "speakers": speakers, "parts": parts})
            })
            .collect()
    }
}
