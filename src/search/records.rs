//! One search record per page, built from the resolved site (never from written HTML):
//! title, kind, date, the page's text and its sections, and its values of the search
//! facets ([`facet_specs`]: type of page, county, target area, declaration state). Each
//! kind writes its pages' [`Record`]s in its own module
//! ([`crate::kinds::PageKind::record`], with the tag helpers here); [`records`] only
//! drives them and adds the URL and the kind's facet value.

use super::facets::{FacetSpec, FacetTag};
use super::{Facet, SearchDoc, SearchHeading};
use crate::kinds::Entity;
use crate::markdown::Section;
use crate::model::{County, DeclarationState, Id, PageMeta, TargetArea};
use crate::site::Site;
use crate::strings::{tr, Strings};
use rayon::prelude::*;
use std::borrow::Cow;

/// Facet: the type of page (`kind` of the records), on a result's line.
pub(crate) const FACET_KIND: &str = "kind";
/// Facet: the county a page is about or from, on a result's line.
pub(crate) const FACET_COUNTY: &str = "county";
/// Facet: the target areas a page is about or covers.
pub(crate) const FACET_TARGET_AREA: &str = "target_area";
/// Facet: what is known about a county's declaration of intent (county pages).
pub(crate) const FACET_DECLARATION: &str = "declaration";

/// Order of the known kinds in the kind facet; other kinds follow by label.
const KIND_ORDER: &[&str] = &[
    "malomrade",
    "lan",
    "aktor",
    "forum",
    "forumdel",
    "declaration",
    "report",
    "presentation",
    "other",
    "begrepp",
    "sida",
];

/// The facets of the site's search, labelled with the UI strings, in the order the
/// search page shows them.
pub(crate) fn facet_specs(t: &Strings) -> Vec<FacetSpec> {
    let spec = |name, key: &str, on_card| FacetSpec {
        name,
        label: tr(t, key),
        on_card,
    };
    vec![
        spec(FACET_KIND, "search_filter_kind", true),
        spec(FACET_COUNTY, "search_filter_county", true),
        spec(FACET_TARGET_AREA, "search_filter_target_area", false),
        spec(FACET_DECLARATION, "search_filter_declaration", false),
    ]
}

/// The facets of `docs` (made by [`records`]) as the index writes them.
pub(crate) fn facets(docs: &[SearchDoc<'_>], t: &Strings) -> Vec<Facet> {
    super::facets(&facet_specs(t), docs)
}

/// The kind tag of a record of kind `kind`, labelled with the string `label_key`.
fn kind_tag<'a>(kind: &'static str, label_key: &str, t: &Strings) -> FacetTag<'a> {
    let rank = KIND_ORDER
        .iter()
        .position(|&k| k == kind)
        .unwrap_or(KIND_ORDER.len());
    FacetTag::new(FACET_KIND, kind, tr(t, label_key), rank as u32)
}

/// The county tag of county `c`.
pub(crate) fn county_tag(c: &County) -> FacetTag<'_> {
    FacetTag::new(FACET_COUNTY, &*c.row.short_name, &*c.row.short_name, 0)
}

/// The target-area tags of `ids`.
pub(crate) fn target_area_tags<'a>(site: &'a Site, ids: &[Id<TargetArea>]) -> Vec<FacetTag<'a>> {
    ids.iter()
        .map(|id| target_area_tag(&site.target_areas[id.index()]))
        .collect()
}

/// The target-area tag of `ta`, placed by its number.
pub(crate) fn target_area_tag(ta: &TargetArea) -> FacetTag<'_> {
    FacetTag::new(FACET_TARGET_AREA, &*ta.slug, &*ta.meta.title, ta.number)
}

/// The declaration-state tag of a county: its declaration's status, "ingen
/// avsiktsförklaring" or "uppgift saknas", in the order of the map's legend.
pub(crate) fn declaration_tag<'a>(state: DeclarationState<'_>, t: &Strings) -> FacetTag<'a> {
    let st = state.as_str();
    let rank = DeclarationState::ALL
        .iter()
        .position(|&s| s == st)
        .unwrap_or(DeclarationState::ALL.len());
    FacetTag::new(
        FACET_DECLARATION,
        st,
        tr(t, &format!("status_{st}")),
        rank as u32,
    )
}

/// A page's search record as its kind declares it ([`crate::kinds::PageKind::record`]):
/// what readers search the page by, and its facet values. The driver ([`records`]) adds
/// the URL and the kind's facet value.
#[derive(Debug)]
pub(crate) struct Record<'a> {
    /// The result's title.
    pub title: &'a str,
    /// The summary, read first.
    pub summary: Option<&'a str>,
    /// The body's sections (the first is the text before the first heading).
    pub sections: &'a [Section],
    /// The record's kind (`begrepp`), the facet value of the kind facet.
    pub kind: &'static str,
    /// The key of the UI string naming the kind.
    pub label: Cow<'static, str>,
    /// The date shown on the result, if any.
    pub date: Option<String>,
    /// Texts from the front matter that readers search for, read after the summary.
    pub extra: String,
    /// A piece read after the body's text before its first heading, if any.
    pub after: Option<String>,
    /// Sections the page renders from its front matter, after the body's.
    pub more_sections: Vec<SearchHeading<'a>>,
    /// The record's facet values besides its kind.
    pub facets: Vec<FacetTag<'a>>,
}

impl<'a> Record<'a> {
    /// The record of a page with the fields `meta`, of kind `kind` labelled by the UI
    /// string `label`, with nothing else.
    pub(crate) fn new(meta: &'a PageMeta, kind: &'static str, label: &'static str) -> Self {
        Record {
            title: &meta.title,
            summary: meta.summary.as_deref(),
            sections: &meta.body.sections,
            kind,
            label: Cow::Borrowed(label),
            date: None,
            extra: String::new(),
            after: None,
            more_sections: Vec::new(),
            facets: Vec::new(),
        }
    }

    /// The search document at `url`, with the kind as its first facet.
    fn doc(self, url: String, t: &Strings) -> SearchDoc<'a> {
        let mut facets = self.facets;
        facets.insert(0, kind_tag(self.kind, &self.label, t));
        let mut intro = intro(self.summary, self.extra, self.sections);
        intro.extend(self.after.map(Cow::Owned));
        let mut headings = headings(self.sections);
        headings.extend(self.more_sections);
        SearchDoc {
            url,
            title: Cow::Borrowed(self.title),
            kind: Cow::Borrowed(self.kind),
            facets,
            date: self.date,
            intro,
            headings,
        }
    }
}

/// Records for every page of the site, as the kinds declare them, kind by kind in the
/// order of the kinds' list, the ordinary pages last ([`crate::kinds::PageKind::RECORD_LAST`]);
/// in parallel (a site has thousands of pages). Texts are borrowed from `site`.
pub(crate) fn records<'a>(site: &'a Site, t: &Strings) -> Vec<SearchDoc<'a>> {
    let mut all = Entity::all(site);
    // Stable: each kind keeps its id order.
    all.sort_by_key(|e| e.record_last());
    all.par_iter()
        .filter_map(|e| e.record(site, t).map(|r| r.doc(e.url(site), t)))
        .collect()
}

/// The text before the first section, in pieces: the summary, `extra` (texts from the
/// front matter) and the body's text before its first heading, the empty ones left out.
fn intro<'a>(
    summary: Option<&'a str>,
    extra: String,
    sections: &'a [Section],
) -> Vec<Cow<'a, str>> {
    // The first section is always the text before the first heading.
    let first = sections.first().map(|s| s.text.as_str());
    let mut out = Vec::with_capacity(3);
    if let Some(s) = summary.filter(|s| !s.is_empty()) {
        out.push(Cow::Borrowed(s));
    }
    if !extra.is_empty() {
        out.push(Cow::Owned(extra));
    }
    if let Some(s) = first.filter(|s| !s.is_empty()) {
        out.push(Cow::Borrowed(s));
    }
    out
}

/// The body's sections under a heading (all but the first), borrowed.
fn headings(sections: &[Section]) -> Vec<SearchHeading<'_>> {
    sections
        .iter()
        .skip(1)
        .map(|s| SearchHeading {
            id: Cow::Borrowed(&s.id),
            title: Cow::Borrowed(&s.title),
            text: Cow::Borrowed(&s.text),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    fn body(sections: &[(&str, &str)]) -> Vec<Section> {
        sections
            .iter()
            .map(|&(title, text)| Section {
                id: title.to_lowercase(),
                title: title.into(),
                text: text.into(),
            })
            .collect()
    }

    #[test]
    fn intro_is_summary_extra_and_text_before_the_first_heading() {
        let b = body(&[("", "Inledning."), ("Mål", "Text.")]);
        let got = intro(Some("Sammanfattning."), "Extra.".into(), &b);
        assert_eq!(got, ["Sammanfattning.", "Extra.", "Inledning."]);
        let h = headings(&b);
        assert_eq!(h.len(), 1);
        assert_eq!(
            (&*h[0].id, &*h[0].title, &*h[0].text),
            ("mål", "Mål", "Text.")
        );
    }

    #[test]
    fn empty_pieces_are_left_out() {
        let b = body(&[("", ""), ("Mål", "")]);
        assert!(intro(Some(""), String::new(), &b).is_empty());
        assert!(intro(None, String::new(), &[]).is_empty());
        assert_eq!(
            headings(&b).len(),
            1,
            "a heading without text is still a section"
        );
    }
}
