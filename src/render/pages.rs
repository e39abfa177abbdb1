//! One function per page kind: each builds the typed view of its page from the [`Site`].
//! Which pages exist is decided in [`jobs`]; nothing here renders templates.

use super::context::*;
use crate::model::*;
use crate::site::Site;
use serde::Serialize;

/// A page to render: its view (serialisable) and breadcrumbs.
pub struct PageView {
    /// Output path relative to the output root (`lan/vasterbotten/index.html`).
    pub out_path: String,
    /// Template name.
    pub template: &'static str,
    /// The `page` variable.
    pub page: serde_json::Value,
    /// Breadcrumbs from home to the parent.
    pub breadcrumbs: Vec<Link>,
}

/// Every page of the site, as a job for the parallel renderer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Job {
    /// `/`.
    Home,
    /// `/malomraden/`.
    TargetAreaList,
    /// A target area.
    TargetArea(Id<TargetArea>),
    /// `/aktorer/`.
    ActorList,
    /// An actor role.
    Actor(Id<Actor>),
    /// `/lan/`.
    CountyOverview,
    /// A county.
    County(Id<County>),
    /// A county document.
    Document(Id<Document>),
    /// `/forum/`.
    ForumList,
    /// A forum.
    Forum(Id<Forum>),
    /// A forum part.
    Part(Id<Part>),
    /// An ordinary page (index into `site.pages`).
    Page(usize),
    /// `/a-o/`.
    AO,
    /// `/sok/`.
    Search,
    /// `/tillganglighet/`.
    Accessibility,
    /// `/404.html`.
    NotFound,
}

/// The pages every site has once: the home page, the lists, A–Ö, search, the
/// accessibility statement and the 404 page.
pub const SITE_PAGES: [Job; 9] = [
    Job::Home,
    Job::TargetAreaList,
    Job::ActorList,
    Job::CountyOverview,
    Job::ForumList,
    Job::AO,
    Job::Search,
    Job::Accessibility,
    Job::NotFound,
];

/// All jobs of a site.
pub fn jobs(site: &Site) -> Vec<Job> {
    let mut v = SITE_PAGES.to_vec();
    v.extend((0..site.target_areas.len()).map(|i| Job::TargetArea(Id::new(i))));
    v.extend((0..site.actors.len()).map(|i| Job::Actor(Id::new(i))));
    v.extend((0..site.counties.len()).map(|i| Job::County(Id::new(i))));
    v.extend((0..site.documents.len()).map(|i| Job::Document(Id::new(i))));
    v.extend((0..site.forums.len()).map(|i| Job::Forum(Id::new(i))));
    v.extend((0..site.parts.len()).map(|i| Job::Part(Id::new(i))));
    v.extend((0..site.pages.len()).map(Job::Page));
    v
}

/// The URL of a job's page, without building its view (the same URL the view carries).
pub fn job_url(site: &Site, job: Job) -> String {
    let c = &site.config.collections;
    match job {
        Job::Home => site.url(""),
        Job::TargetAreaList => site.collection_url(&c.target_areas),
        Job::TargetArea(id) => site.target_area_url(id),
        Job::ActorList => site.collection_url(&c.actors),
        Job::Actor(id) => site.actor_url(id),
        Job::CountyOverview => site.collection_url(&c.counties),
        Job::County(id) => site.county_url(id),
        Job::Document(id) => site.document_url(id),
        Job::ForumList => site.collection_url(&c.forums),
        Job::Forum(id) => site.forum_url(id),
        Job::Part(id) => site.part_url(id),
        Job::Page(i) => site.page_url(&site.pages[i]),
        Job::AO => site.url("a-o/"),
        Job::Search => site.url("sok/"),
        Job::Accessibility => site.url("tillganglighet/"),
        Job::NotFound => site.url("404.html"),
    }
}

/// The template that renders a job.
pub fn template_of(job: Job) -> &'static str {
    match job {
        Job::Home => "home.html",
        Job::TargetAreaList => "target_areas.html",
        Job::TargetArea(_) => "target_area.html",
        Job::ActorList => "actors.html",
        Job::Actor(_) => "actor.html",
        Job::CountyOverview => "counties.html",
        Job::County(_) => "county.html",
        Job::Document(_) => "document.html",
        Job::ForumList => "forums.html",
        Job::Forum(_) => "forum.html",
        Job::Part(_) => "part.html",
        Job::Page(_) => "page.html",
        Job::AO => "a_o.html",
        Job::Search => "search.html",
        Job::Accessibility => "accessibility.html",
        Job::NotFound => "404.html",
    }
}

/// Output file of a URL under the base path (`/base/lan/` → `lan/index.html`).
pub fn out_path(site: &Site, url: &str) -> String {
    let rel = url
        .strip_prefix(&site.config.base_path)
        .unwrap_or(url.trim_start_matches('/'));
    if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else {
        rel.to_string()
    }
}

#[derive(Serialize)]
struct View<T: Serialize> {
    #[serde(flatten)]
    base: PageBase,
    #[serde(flatten)]
    extra: T,
}

fn view<T: Serialize>(base: PageBase, extra: T) -> serde_json::Value {
    serde_json::to_value(View { base, extra }).unwrap_or(serde_json::Value::Null)
}

impl Views<'_> {
    fn home_crumb(&self) -> Link {
        Link {
            title: tr(self.t, "home"),
            url: self.site.url(""),
        }
    }

    /// The folder and the navigation string of a collection (`counties`, …).
    fn collection(&self, coll: &str) -> (&str, &'static str) {
        let c = &self.site.config.collections;
        match coll {
            "target_areas" => (&c.target_areas, "nav_target_areas"),
            "actors" => (&c.actors, "nav_actors"),
            "counties" => (&c.counties, "nav_counties"),
            _ => (&c.forums, "nav_forums"),
        }
    }

    /// The breadcrumb of a collection's list page: its intro's title, else the nav string.
    fn list_crumb(&self, coll: &str) -> Link {
        let (folder, key) = self.collection(coll);
        Link {
            title: self
                .site
                .collection_intro
                .get(coll)
                .map_or_else(|| tr(self.t, key), |m| m.title.clone()),
            url: self.site.collection_url(folder),
        }
    }

    /// The page fields of a collection's list page; `title_key` names it without an intro.
    fn list_base(&self, coll: &str, title_key: &str, kind: &'static str) -> PageBase {
        let url = self.site.collection_url(self.collection(coll).0);
        match self.site.collection_intro.get(coll) {
            Some(m) => PageBase::new(self.site, kind, url, m),
            None => PageBase::generated(self.site, kind, url, tr(self.t, title_key)),
        }
    }

    /// The view of one job.
    pub fn build(&self, job: Job, extras: &Extras) -> PageView {
        let s = self.site;
        let (base, page, crumbs, template): (
            Option<PageBase>,
            serde_json::Value,
            Vec<Link>,
            &'static str,
        ) = match job {
            Job::Home => (None, self.home(extras), vec![], template_of(job)),
            Job::TargetAreaList => {
                let b = self.list_base("target_areas", "nav_target_areas", "target_area_list");
                let items: Vec<_> = (0..s.target_areas.len())
                    .map(|i| self.ta(Id::new(i)))
                    .collect();
                (
                    Some(b),
                    serde_json::json!({ "items": items, "flower_svg_html": extras.flower_svg }),
                    vec![self.home_crumb()],
                    template_of(job),
                )
            }
            Job::TargetArea(id) => (
                None,
                self.target_area(id),
                vec![self.home_crumb(), self.list_crumb("target_areas")],
                template_of(job),
            ),
            Job::ActorList => {
                let b = self.list_base("actors", "nav_actors", "actor_list");
                (
                    Some(b),
                    self.actor_groups(),
                    vec![self.home_crumb()],
                    template_of(job),
                )
            }
            Job::Actor(id) => (
                None,
                self.actor_page(id),
                vec![self.home_crumb(), self.list_crumb("actors")],
                template_of(job),
            ),
            Job::CountyOverview => {
                let b = self.list_base("counties", "overview_title", "county_overview");
                (
                    Some(b),
                    self.overview(extras),
                    vec![self.home_crumb()],
                    template_of(job),
                )
            }
            Job::County(id) => (
                None,
                self.county_page(id),
                vec![self.home_crumb(), self.list_crumb("counties")],
                template_of(job),
            ),
            Job::Document(id) => {
                let d = &s.documents[id.index()];
                let cl = self.county(d.county);
                (
                    None,
                    self.document_page(id),
                    vec![
                        self.home_crumb(),
                        self.list_crumb("counties"),
                        Link {
                            title: cl.name,
                            url: cl.url,
                        },
                    ],
                    template_of(job),
                )
            }
            Job::ForumList => {
                let b = self.list_base("forums", "nav_forums", "forum_list");
                let items: Vec<_> = (0..s.forums.len())
                    .map(|i| {
                        let f = &s.forums[i];
                        serde_json::json!({"title": f.meta.title, "url": s.forum_url(Id::new(i)), "date": f.date, "venue": f.venue, "summary": f.meta.summary})
                    })
                    .collect();
                (
                    Some(b),
                    serde_json::json!({ "items": items }),
                    vec![self.home_crumb()],
                    template_of(job),
                )
            }
            Job::Forum(id) => (
                None,
                self.forum_page(id),
                vec![self.home_crumb(), self.list_crumb("forums")],
                template_of(job),
            ),
            Job::Part(id) => {
                let p = &s.parts[id.index()];
                (
                    None,
                    self.part_page(id),
                    vec![
                        self.home_crumb(),
                        self.list_crumb("forums"),
                        self.forum(p.forum),
                    ],
                    template_of(job),
                )
            }
            Job::Page(i) => (
                None,
                self.ordinary(i),
                self.page_crumbs(i),
                template_of(job),
            ),
            Job::AO => {
                let b = PageBase::generated(s, "a_o", s.url("a-o/"), tr(self.t, "a_o_title"));
                (
                    Some(b),
                    serde_json::json!({ "groups": super::a_o::groups(self) }),
                    vec![self.home_crumb()],
                    template_of(job),
                )
            }
            Job::Search => {
                let b = PageBase::generated(s, "search", s.url("sok/"), tr(self.t, "search_title"));
                let p = serde_json::json!({"index_url": s.url("sok/index/"), "script_url": s.url("search.js")});
                (Some(b), p, vec![self.home_crumb()], template_of(job))
            }
            Job::Accessibility => {
                let b = PageBase::generated(
                    s,
                    "accessibility",
                    s.url("tillganglighet/"),
                    tr(self.t, "accessibility_title"),
                );
                let a = &s.config.accessibility;
                let p = serde_json::json!({"publisher": a.publisher.clone().unwrap_or_else(|| s.config.title.clone()), "contact": a.contact, "shortcomings": a.shortcomings, "reviewed": a.reviewed});
                (Some(b), p, vec![self.home_crumb()], template_of(job))
            }
            Job::NotFound => {
                let b = PageBase::generated(
                    s,
                    "not_found",
                    s.url("404.html"),
                    tr(self.t, "not_found_title"),
                );
                (
                    Some(b),
                    serde_json::json!({}),
                    vec![self.home_crumb()],
                    template_of(job),
                )
            }
        };
        let page = match base {
            Some(b) => view(b, page),
            None => page,
        };
        let url = page
            .get("url")
            .and_then(|u| u.as_str())
            .unwrap_or("/")
            .to_string();
        PageView {
            out_path: out_path(s, &url),
            template,
            page,
            breadcrumbs: crumbs,
        }
    }

    fn home(&self, extras: &Extras) -> serde_json::Value {
        let s = self.site;
        let base = PageBase::new(s, "home", s.url(""), &s.home.meta);
        let target_areas: Vec<_> = (0..s.target_areas.len())
            .map(|i| self.ta(Id::new(i)))
            .collect();
        let mut latest: Vec<(Option<PartialDate>, serde_json::Value)> = Vec::new();
        for i in 0..s.forums.len() {
            let f = &s.forums[i];
            latest.push((Some(f.date.into()), serde_json::json!({"title": f.meta.title, "url": s.forum_url(Id::new(i)), "date": f.date, "kind_label": tr(self.t, "kind_forum")})));
        }
        // A document without a date of its own cannot be placed among the latest.
        for i in 0..s.documents.len() {
            let d = self.doc(Id::new(i));
            if d.date.is_some() {
                latest.push((d.date, serde_json::json!({"title": d.title, "url": d.url, "date": d.date, "kind_label": d.kind_label})));
            }
        }
        latest.sort_by_key(|e| std::cmp::Reverse(e.0));
        let latest: Vec<_> = latest.into_iter().take(6).map(|(_, v)| v).collect();
        let counties: Vec<_> = (0..s.counties.len())
            .map(|i| self.county(Id::new(i)))
            .collect();
        view(
            base,
            serde_json::json!({
                "target_areas": target_areas, "latest": latest, "counties": counties,
                "map_svg_html": extras.map_svg, "flower_svg_html": extras.flower_svg,
            }),
        )
    }

    fn target_area(&self, id: Id<TargetArea>) -> serde_json::Value {
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

    fn part_with_forum(&self, p: Id<Part>) -> serde_json::Value {
        let l = self.part(p);
        let f = self.forum(self.site.parts[p.index()].forum);
        serde_json::json!({"title": l.title, "url": l.url, "forum": f})
    }

    fn actor_groups(&self) -> serde_json::Value {
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

    fn actor_page(&self, id: Id<Actor>) -> serde_json::Value {
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

    fn overview(&self, extras: &Extras) -> serde_json::Value {
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

    fn county_page(&self, id: Id<County>) -> serde_json::Value {
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
        let forums: Vec<_> = s.links.county_forums[id.index()]
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
            .collect();
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

    fn commitments(&self, d: &Document) -> Vec<serde_json::Value> {
        d.commitments
            .iter()
            .map(|c| serde_json::json!({"role": self.actor(c.role), "items": c.items}))
            .collect()
    }

    fn declaration(&self, id: Id<Document>) -> serde_json::Value {
        let d = &self.site.documents[id.index()];
        let mut v = serde_json::to_value(self.doc(id)).unwrap_or_default();
        if let serde_json::Value::Object(m) = &mut v {
            m.insert("adopted".into(), serde_json::json!(d.adopted));
            m.insert("signatories".into(), serde_json::json!(d.signatories));
            m.insert(
                "target_areas".into(),
                serde_json::json!(d
                    .target_areas
                    .iter()
                    .map(|t| self.ta(*t))
                    .collect::<Vec<_>>()),
            );
            m.insert("commitments".into(), serde_json::json!(self.commitments(d)));
        }
        v
    }

    fn document_page(&self, id: Id<Document>) -> serde_json::Value {
        let s = self.site;
        let d = &s.documents[id.index()];
        let base = PageBase::new(s, "document", s.document_url(id), &d.meta);
        view(
            base,
            serde_json::json!({
                "county": self.county(d.county), "doc_kind": d.kind.as_str(),
                "doc_kind_label": tr(self.t, &format!("doc_{}", d.kind.as_str())),
                "status": d.status.map(Status::as_str),
                "status_label": d.status.map(|st| tr(self.t, &format!("status_{}", st.as_str()))),
                "adopted": d.adopted, "published": d.published, "publisher": d.publisher,
                "series": d.series, "signatories": d.signatories,
                "target_areas": d.target_areas.iter().map(|t| self.ta(*t)).collect::<Vec<_>>(),
                "commitments": self.commitments(d), "source": d.source_url,
            }),
        )
    }

    fn forum_page(&self, id: Id<Forum>) -> serde_json::Value {
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

    fn part_page(&self, id: Id<Part>) -> serde_json::Value {
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
        view(
            base,
            serde_json::json!({
                "forum": {"title": fl.title, "url": fl.url, "date": f.date}, "prev": prev, "next": next,
                "target_areas": p.target_areas.iter().map(|t| self.ta(*t)).collect::<Vec<_>>(),
                "counties": p.counties.iter().map(|c| self.county(*c)).collect::<Vec<_>>(),
                "actors": p.actors.iter().map(|a| self.actor(*a)).collect::<Vec<_>>(),
            }),
        )
    }

    fn ordinary(&self, i: usize) -> serde_json::Value {
        let s = self.site;
        let p = &s.pages[i];
        let base = PageBase::new(s, "page", s.page_url(p), &p.meta);
        let children: Vec<_> = if p.is_section {
            let mut kids: Vec<&Page> = s.children(&p.path).iter().map(|k| &s.pages[*k]).collect();
            kids.sort_by(|a, b| {
                (a.meta.weight.unwrap_or(0), &a.meta.title)
                    .cmp(&(b.meta.weight.unwrap_or(0), &b.meta.title))
            });
            kids.into_iter().map(|q| serde_json::json!({"title": q.meta.title, "url": s.page_url(q), "summary": q.meta.summary})).collect()
        } else {
            Vec::new()
        };
        view(
            base,
            serde_json::json!({ "children": children, "audience": p.audience.as_str() }),
        )
    }

    fn page_crumbs(&self, i: usize) -> Vec<Link> {
        let s = self.site;
        let mut crumbs = vec![self.home_crumb()];
        let path = &s.pages[i].path;
        let segs: Vec<&str> = path.split('/').collect();
        for n in 1..segs.len() {
            let parent = segs[..n].join("/");
            if let Some(pp) = s.section(&parent) {
                crumbs.push(Link {
                    title: pp.meta.title.clone(),
                    url: s.page_url(pp),
                });
            }
        }
        crumbs
    }
}

/// Parts of pages computed once per build (SVGs).
#[derive(Debug, Default)]
pub struct Extras {
    /// The county map.
    pub map_svg: String,
    /// The flower of target areas.
    pub flower_svg: String,
}
