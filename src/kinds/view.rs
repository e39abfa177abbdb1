//! Typed view structs handed to templates (see `docs/TEMPLATE-CONTEXT.md`). Built from the
//! resolved [`Site`]; templates never see the domain types themselves.

use crate::config::Collection;
use crate::kinds::{Actor, County, Document, Forum, Part, Person, Site, TargetArea};
use crate::markdown::Heading;
use crate::model::*;
use serde::Serialize;

use crate::strings::{tr, Strings};

/// `{title, url}`.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Link {
    /// Text.
    pub title: String,
    /// URL.
    pub url: String,
}

/// A link to a target area.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct TargetAreaLink {
    /// Number.
    pub number: u32,
    /// Title.
    pub title: String,
    /// URL.
    pub url: String,
    /// Summary.
    pub summary: Option<String>,
}

/// A link to a county.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct CountyLink {
    /// Official name.
    pub name: String,
    /// Short name.
    pub short_name: String,
    /// Letter code.
    pub letter_code: String,
    /// URL.
    pub url: String,
}

/// A link to a county document.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct DocLink {
    /// Title.
    pub title: String,
    /// URL.
    pub url: String,
    /// Kind.
    pub kind: &'static str,
    /// Kind, translated.
    pub kind_label: String,
    /// The document's own date: `published`, else `adopted`; none when neither is known
    /// (never the file's last change).
    pub date: Option<PartialDate>,
    /// Status.
    pub status: Option<&'static str>,
    /// Status, translated.
    pub status_label: Option<String>,
    /// County.
    pub county: CountyLink,
    /// Summary.
    pub summary: Option<String>,
}

/// `{title, url, summary}`: an entry of a list of pages.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Card<'a> {
    /// Title.
    pub title: &'a str,
    /// URL.
    pub url: String,
    /// Summary.
    pub summary: Option<&'a str>,
}

/// `{title, url, date}`: a link to a dated page (a forum).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct DatedLink {
    /// Title.
    pub title: String,
    /// URL.
    pub url: String,
    /// Date.
    pub date: Date,
}

/// A person.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct PersonView {
    /// Name.
    pub name: String,
    /// Title.
    pub title: Option<String>,
    /// Organisation.
    pub organisation: Option<String>,
    /// County.
    pub county: Option<CountyLink>,
}

/// Fields every page has.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct PageBase {
    /// Title.
    pub title: String,
    /// URL.
    pub url: String,
    /// Absolute URL.
    pub permalink: String,
    /// Summary.
    pub summary: Option<String>,
    /// Kind (decides the template).
    pub kind: &'static str,
    /// Rendered body.
    pub content_html: String,
    /// Headings.
    pub toc: Vec<Heading>,
    /// Last change.
    pub updated: Option<Date>,
    /// Author's fields.
    pub extra: serde_json::Value,
    /// Source path.
    pub source_path: Option<String>,
}

impl PageBase {
    /// From page fields.
    pub(crate) fn new(site: &Site, kind: &'static str, url: String, meta: &PageMeta) -> Self {
        PageBase {
            title: meta.title.clone(),
            permalink: site.permalink(&url),
            url,
            summary: meta.summary.clone(),
            kind,
            content_html: crate::kinds::mark_body(site, meta.html().into_owned()),
            toc: meta.body.toc.clone(),
            updated: meta.updated,
            extra: meta.extra.clone(),
            source_path: (!meta.source.is_empty()).then(|| meta.source.clone()),
        }
    }

    /// A generated page without a source file.
    pub(crate) fn generated(site: &Site, kind: &'static str, url: String, title: String) -> Self {
        PageBase {
            title,
            permalink: site.permalink(&url),
            url,
            summary: None,
            kind,
            content_html: String::new(),
            toc: Vec::new(),
            updated: None,
            extra: serde_json::Value::Null,
            source_path: None,
        }
    }
}

/// Builders of the shared shapes.
pub(crate) struct Views<'a> {
    /// The site.
    pub site: &'a Site,
    /// Strings.
    pub t: &'a Strings,
}

impl Views<'_> {
    /// Target area link.
    pub(crate) fn ta(&self, id: Id<TargetArea>) -> TargetAreaLink {
        let t = &self.site.target_areas[id.index()];
        TargetAreaLink {
            number: t.number,
            title: t.meta.title.clone(),
            url: self.site.target_area_url(id),
            summary: t.meta.summary.clone(),
        }
    }
    /// Actor link.
    pub(crate) fn actor(&self, id: Id<Actor>) -> Link {
        Link {
            title: self.site.actors[id.index()].meta.title.clone(),
            url: self.site.actor_url(id),
        }
    }
    /// County link.
    pub(crate) fn county(&self, id: Id<County>) -> CountyLink {
        let c = &self.site.counties[id.index()].row;
        CountyLink {
            name: c.name.clone(),
            short_name: c.short_name.clone(),
            letter_code: c.letter_code.clone(),
            url: self.site.county_url(id),
        }
    }
    /// Document link.
    pub(crate) fn doc(&self, id: Id<Document>) -> DocLink {
        let d = &self.site.documents[id.index()];
        DocLink {
            title: d.meta.title.clone(),
            url: self.site.document_url(id),
            kind: d.kind.as_str(),
            kind_label: tr(self.t, &format!("doc_{}", d.kind.as_str())),
            date: d.own_date(),
            status: d.status.map(Status::as_str),
            status_label: d
                .status
                .map(|s| tr(self.t, &format!("status_{}", s.as_str()))),
            county: self.county(d.county),
            summary: d.meta.summary.clone(),
        }
    }
    /// Forum link.
    pub(crate) fn forum(&self, id: Id<Forum>) -> Link {
        Link {
            title: self.site.forums[id.index()].meta.title.clone(),
            url: self.site.forum_url(id),
        }
    }
    /// Part link.
    pub(crate) fn part(&self, id: Id<Part>) -> Link {
        Link {
            title: self.site.parts[id.index()].meta.title.clone(),
            url: self.site.part_url(id),
        }
    }
    /// Person.
    pub(crate) fn person(&self, p: &Person) -> PersonView {
        PersonView {
            name: p.name.clone(),
            title: p.title.clone(),
            organisation: p.organisation.clone(),
            county: p.county.map(|c| self.county(c)),
        }
    }
    /// Declaration state of a county as machine name and label: a declaration's status
    /// (`adopted`, `revised`, `draft`), `none` (stated) or `unknown`.
    pub(crate) fn county_status(&self, id: Id<County>) -> (&'static str, String) {
        let s = self.site.county_declaration(id).as_str();
        (s, tr(self.t, &format!("status_{s}")))
    }
    /// Level label.
    pub(crate) fn level_label(&self, l: Level) -> String {
        tr(self.t, &format!("level_{}", l.as_str()))
    }
}

#[derive(Serialize)]
struct View<T: Serialize> {
    #[serde(flatten)]
    base: PageBase,
    #[serde(flatten)]
    extra: T,
}

/// A page's view: its page fields and its own fields, flattened into one object.
pub(crate) fn view<T: Serialize>(base: PageBase, extra: T) -> serde_json::Value {
    serde_json::to_value(View { base, extra }).unwrap_or(serde_json::Value::Null)
}

impl Views<'_> {
    /// The breadcrumb of the home page.
    pub(crate) fn home_crumb(&self) -> Link {
        Link {
            title: tr(self.t, "home"),
            url: self.site.url(""),
        }
    }

    /// The URL of a collection's list page.
    pub(crate) fn list_url(&self, coll: Collection) -> String {
        self.site
            .collection_url(coll.folder(&self.site.config.collections))
    }

    /// The breadcrumb of a collection's list page: its intro's title, else the nav string.
    pub(crate) fn list_crumb(&self, coll: Collection) -> Link {
        Link {
            title: self
                .site
                .collection_intro
                .get(&coll)
                .map_or_else(|| tr(self.t, coll.nav_key()), |m| m.title.clone()),
            url: self.list_url(coll),
        }
    }
}

/// Parts of pages computed once per build (SVGs).
#[derive(Debug, Default)]
pub(crate) struct Extras {
    /// The county map.
    pub map_svg: String,
    /// The flower of target areas.
    pub flower_svg: String,
}
