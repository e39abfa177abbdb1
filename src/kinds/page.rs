//! Ordinary pages: any other Markdown file (and a folder's `_index.md`, whose page lists
//! the pages in it), at the URL of its path.

use crate::kinds::view::view;
use crate::kinds::view::*;
use crate::kinds::Site;
use crate::model::*;
use serde::Serialize;

impl super::PageKind for Page {
    const KIND_FACET: super::KindFacet = super::KindFacet {
        place: 80,
        values: &["sida"],
    };
    /// Ordinary pages come after every other kind in the search index.
    const RECORD_LAST: bool = true;
    fn record<'a>(
        site: &'a Site,
        _: &crate::strings::Strings,
        id: Id<Self>,
    ) -> Option<crate::record::Record<'a>> {
        // Pages for authors (an authoring guide) would swamp readers' results with YAML.
        let p = &site.pages[id.index()];
        // A page's only date is its last change (git or `updated`), not a date of its
        // own; a result card shows no date for it rather than pass it off as one. The
        // page itself says "Senast ändrad".
        (p.audience == Audience::Readers)
            .then(|| crate::record::Record::new(&p.meta, "sida", "kind_page"))
    }
    const TEMPLATE: &'static str = "page.html";
    fn count(site: &Site) -> usize {
        site.pages.len()
    }
    fn url(site: &Site, id: Id<Self>) -> String {
        site.page_url(&site.pages[id.index()])
    }
    fn meta(site: &Site, id: Id<Self>) -> Option<&PageMeta> {
        Some(&site.pages[id.index()].meta)
    }
    fn crumbs(v: &Views<'_>, id: Id<Self>) -> Vec<Link> {
        v.page_crumbs(id.index())
    }
    fn shown_on(site: &Site, id: Id<Self>) -> Vec<super::Entity> {
        use super::ent;
        let i = id.index();
        let mut out = Vec::new();
        let path = &site.pages[i].path;
        if let Some((parent, _)) = path.rsplit_once('/') {
            if let Some(s) = site.page_tree.sections.get(parent) {
                out.push(ent::page(*s));
            }
        }
        if site.pages[i].is_section {
            let mut stack = vec![path.clone()];
            while let Some(folder) = stack.pop() {
                for c in site.children(&folder) {
                    out.push(ent::page(*c));
                    stack.push(site.pages[*c].path.clone());
                }
            }
        }
        out
    }
    fn key(site: &Site, id: Id<Self>) -> String {
        format!("page:{}", site.pages[id.index()].path)
    }
    fn shape(site: &Site, id: Id<Self>) -> String {
        super::without_body(&site.pages[id.index()], |p| &mut p.meta)
    }
    fn view(v: &Views<'_>, id: Id<Self>) -> serde_json::Value {
        v.ordinary(id.index())
    }
}

/// The extra fields of an ordinary page.
#[derive(Serialize)]
struct OrdinaryView<'a> {
    children: Vec<Card<'a>>,
    audience: &'static str,
}

impl Views<'_> {
    /// The view of an ordinary page (a section lists its pages).
    pub(crate) fn ordinary(&self, i: usize) -> serde_json::Value {
        let s = self.site;
        let p = &s.pages[i];
        let base = PageBase::new(s, "page", s.page_url(p), &p.meta);
        let children: Vec<Card<'_>> = if p.is_section {
            let mut kids: Vec<&Page> = s.children(&p.path).iter().map(|k| &s.pages[*k]).collect();
            kids.sort_by(|a, b| {
                (a.meta.weight.unwrap_or(0), &a.meta.title)
                    .cmp(&(b.meta.weight.unwrap_or(0), &b.meta.title))
            });
            kids.into_iter()
                .map(|q| Card {
                    title: &q.meta.title,
                    url: s.page_url(q),
                    summary: q.meta.summary.as_deref(),
                })
                .collect()
        } else {
            Vec::new()
        };
        let v = OrdinaryView {
            children,
            audience: p.audience.as_str(),
        };
        view(base, v)
    }

    /// Breadcrumbs of an ordinary page: home and the sections above it.
    pub(crate) fn page_crumbs(&self, i: usize) -> Vec<Link> {
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

impl super::ContentKind for Page {
    type Fm = PageFm;
    type Key = (String, bool);
    const PLACE: super::Place = super::Place::Pages;
    const NOUN: &'static str = "page";
    const TITLED: bool = false;
    const SCHEMA: (&'static str, &'static str) = ("page.json", "Sida");
    const NEW: &'static [super::NewFile] = &[super::NewFile {
        names: &["page", "sida"],
        archetype: include_str!("../commands/archetypes/page.md"),
        example: "om/kontakt",
    }];
    fn resolve(
        cx: &crate::kinds::refs::Cx<'_>,
        loaded: &[super::LoadedOf<Self>],
        diags: &mut Vec<crate::diagnostics::Diagnostic>,
    ) -> Vec<Self> {
        use rayon::prelude::*;
        let pages = loaded.par_iter().map(|((path, is_section), f)| {
            let mut diags = Vec::new();
            let page = Page {
                path: path.clone(),
                is_section: *is_section,
                audience: f.fm.audience,
                meta: cx.meta(f, &crate::kinds::refs::humanise(path), &mut diags),
            };
            (Some(page), diags)
        });
        crate::kinds::refs::gather(pages, diags)
    }
}

super::frontmatter::front_matter!(
    /// An ordinary page, the home page or a collection's `_index.md`.
    PageFm {
        #[schemars(description = "Vilka sidan är skriven för: readers (läsarna, standard) eller authors (en guide för skribenter).")] #[serde(default)] audience: Audience,
    }
);

/// An ordinary page (or a folder's `_index.md`, or the home page).
#[derive(Debug, Clone)]
pub(crate) struct Page {
    /// Path under `content/` without `.md` and without `/_index` (`om`, `guide`; empty for home).
    pub path: String,
    /// True for a folder's `_index.md`.
    pub is_section: bool,
    /// Who the page is written for.
    pub audience: Audience,
    /// Page fields.
    pub meta: PageMeta,
}
