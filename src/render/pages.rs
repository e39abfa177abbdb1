//! Which pages a site has ([`jobs`]) and the view of each ([`Views::build`]): the pages of
//! the content kinds come from their modules ([`crate::kinds`]); the pages every site has
//! once (home, A–Ö, search, accessibility, 404) are built here. Nothing here renders
//! templates.

use crate::kinds::view::*;
use crate::kinds::{Collection, Entity, Site};
use crate::model::*;
use crate::strings::tr;
use serde::Serialize;

/// A page to render: its view (serialisable) and breadcrumbs.
pub(crate) struct PageView {
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
pub(crate) enum Job {
    /// `/`.
    Home,
    /// A collection's list page (`/malomraden/`, `/lan/`, …).
    List(Collection),
    /// The page of one entity of a content kind.
    Entity(Entity),
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
pub(crate) const SITE_PAGES: [Job; 9] = [
    Job::Home,
    Job::List(Collection::TargetAreas),
    Job::List(Collection::Actors),
    Job::List(Collection::Counties),
    Job::List(Collection::Forums),
    Job::AO,
    Job::Search,
    Job::Accessibility,
    Job::NotFound,
];

/// The pages of a site that list whole collections or the site: [`SITE_PAGES`] and the
/// list pages of the optional collections the site has.
pub(crate) fn site_pages(site: &Site) -> Vec<Job> {
    let mut v = SITE_PAGES.to_vec();
    v.extend(
        Collection::ALL
            .into_iter()
            .filter(|c| !SITE_PAGES.contains(&Job::List(*c)) && c.has_list(site))
            .map(Job::List),
    );
    v
}

/// All jobs of a site.
pub(crate) fn jobs(site: &Site) -> Vec<Job> {
    let mut v = site_pages(site);
    v.extend(Entity::all(site).into_iter().map(Job::Entity));
    v
}

impl Job {
    /// The URL of the job's page, without building its view (the same URL the view
    /// carries).
    pub(crate) fn url(self, site: &Site) -> String {
        match self {
            Job::Home => site.url(""),
            Job::List(c) => site.collection_url(c.folder(&site.config.collections)),
            Job::Entity(e) => e.url(site),
            Job::AO => site.url("a-o/"),
            Job::Search => site.url("sok/"),
            Job::Accessibility => site.url("tillganglighet/"),
            Job::NotFound => site.url("404.html"),
        }
    }

    /// The template that renders the job.
    pub(crate) fn template(self) -> &'static str {
        match self {
            Job::Home => "home.html",
            Job::List(c) => c.list_template(),
            Job::Entity(e) => e.template(),
            Job::AO => "a_o.html",
            Job::Search => "search.html",
            Job::Accessibility => "accessibility.html",
            Job::NotFound => "404.html",
        }
    }

    /// The page fields of the content file the page is made from: the home page's, or
    /// an entity's that has a file. `None` for the generated pages (a list page's intro
    /// is not its source: the list is made from the whole collection).
    pub(crate) fn source_meta(self, site: &Site) -> Option<&PageMeta> {
        match self {
            Job::Home => Some(&site.home.meta),
            Job::Entity(e) => e.meta(site),
            _ => None,
        }
    }
}

/// The URL of a job's page, without building its view (the same URL the view carries).
pub(crate) fn job_url(site: &Site, job: Job) -> String {
    job.url(site)
}

/// The template that renders a job.
pub(crate) fn template_of(job: Job) -> &'static str {
    job.template()
}

/// Output file of a URL under the base path (`/base/lan/` → `lan/index.html`).
pub(crate) fn out_path(site: &Site, url: &str) -> String {
    let rel = url
        .strip_prefix(&site.config.base_path)
        .unwrap_or(url.trim_start_matches('/'));
    if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else {
        rel.to_string()
    }
}

/// The extra fields of the home page.
#[derive(Serialize)]
struct HomeView<'a> {
    target_areas: Vec<TargetAreaLink>,
    latest: Vec<Latest>,
    counties: Vec<CountyLink>,
    map_svg_html: &'a str,
    flower_svg_html: &'a str,
}

/// A forum or document among the latest on the home page.
#[derive(Serialize)]
struct Latest {
    title: String,
    url: String,
    date: PartialDate,
    kind_label: String,
}

/// The extra fields of the A–Ö index.
#[derive(Serialize)]
struct AOView {
    groups: Vec<super::a_o::Group>,
}

/// The extra fields of the search page.
#[derive(Serialize)]
struct SearchView {
    index_url: String,
    script_url: String,
}

/// The extra fields of the accessibility statement.
#[derive(Serialize)]
struct AccessibilityView<'a> {
    publisher: &'a str,
    contact: Option<&'a str>,
    shortcomings: &'a [String],
    reviewed: Option<&'a str>,
}

/// The 404 page has no extra fields.
#[derive(Serialize)]
struct NotFoundView {}

impl Views<'_> {
    /// The page fields of a collection's list page: its intro's, else generated.
    fn list_base(&self, coll: Collection) -> PageBase {
        let url = self.list_url(coll);
        match self.site.collection_intro.get(&coll) {
            Some(m) => PageBase::new(self.site, coll.list_kind(), url, m),
            None => PageBase::generated(
                self.site,
                coll.list_kind(),
                url,
                tr(self.t, coll.list_title_key()),
            ),
        }
    }

    /// A generated page of the site (A–Ö, search, …) under `path`, titled by a UI string.
    fn generated(&self, kind: &'static str, path: &str, title_key: &str) -> PageBase {
        let s = self.site;
        PageBase::generated(s, kind, s.url(path), tr(self.t, title_key))
    }

    /// The view of one job.
    pub(crate) fn build(&self, job: Job, extras: &Extras) -> PageView {
        let s = self.site;
        let home = || vec![self.home_crumb()];
        let (page, crumbs) = match job {
            Job::Home => (self.home(extras), vec![]),
            Job::List(c) => (view(self.list_base(c), c.list_view(self, extras)), home()),
            Job::Entity(e) => (e.view(self), e.crumbs(self)),
            Job::AO => {
                let b = self.generated("a_o", "a-o/", "a_o_title");
                let groups = super::a_o::groups(self);
                (view(b, AOView { groups }), home())
            }
            Job::Search => {
                let b = self.generated("search", "sok/", "search_title");
                let p = SearchView {
                    index_url: s.url("sok/index/"),
                    script_url: s.url("search.js"),
                };
                (view(b, p), home())
            }
            Job::Accessibility => {
                let b = self.generated("accessibility", "tillganglighet/", "accessibility_title");
                let a = &s.config.accessibility;
                let p = AccessibilityView {
                    publisher: a.publisher.as_deref().unwrap_or(&s.config.title),
                    contact: a.contact.as_deref(),
                    shortcomings: &a.shortcomings,
                    reviewed: a.reviewed.as_deref(),
                };
                (view(b, p), home())
            }
            Job::NotFound => {
                let b = self.generated("not_found", "404.html", "not_found_title");
                (view(b, NotFoundView {}), home())
            }
        };
        let url = page
            .get("url")
            .and_then(|u| u.as_str())
            .unwrap_or("/")
            .to_string();
        PageView {
            out_path: out_path(s, &url),
            template: job.template(),
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
        let mut latest: Vec<Latest> = Vec::new();
        for i in 0..s.forums.len() {
            let f = &s.forums[i];
            latest.push(Latest {
                title: f.meta.title.clone(),
                url: s.forum_url(Id::new(i)),
                date: f.date.into(),
                kind_label: tr(self.t, "kind_forum"),
            });
        }
        // A document without a date of its own cannot be placed among the latest.
        for i in 0..s.documents.len() {
            let d = self.doc(Id::new(i));
            if let Some(date) = d.date {
                latest.push(Latest {
                    title: d.title,
                    url: d.url,
                    date,
                    kind_label: d.kind_label,
                });
            }
        }
        latest.sort_by_key(|e| std::cmp::Reverse(e.date));
        latest.truncate(6);
        let v = HomeView {
            target_areas,
            latest,
            counties: (0..s.counties.len())
                .map(|i| self.county(Id::new(i)))
                .collect(),
            map_svg_html: &extras.map_svg,
            flower_svg_html: &extras.flower_svg,
        };
        view(base, v)
    }
}
