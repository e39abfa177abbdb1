//! One search record per page, built from the resolved site (never from written HTML):
//! title, kind, date, the page's text and its sections, and its values of the search
//! facets ([`facet_specs`]: type of page, county, target area, declaration state). Each
//! kind writes its pages' [`Record`]s in its own module
//! ([`crate::kinds::PageKind::record`], with the tag helpers here); [`records`] only
//! drives them and adds the URL and the kind's facet value.

use super::facets::FacetSpec;
use super::{Facet, SearchDoc, SearchHeading};
use crate::kinds::{Entity, Site};
use crate::markdown::Section;
use crate::record::{
    FacetTag, Record, FACET_COUNTY, FACET_DECLARATION, FACET_KIND, FACET_TARGET_AREA,
};

use crate::strings::{tr, Strings};
use rayon::prelude::*;
use std::borrow::Cow;

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

/// The kind tag of a record of kind `kind`, labelled with the string `label_key`, placed
/// by `rank` ([`crate::kinds::PageKind::KIND_FACET`]).
fn kind_tag<'a>(kind: &'static str, label_key: &str, rank: u32, t: &Strings) -> FacetTag<'a> {
    FacetTag::new(FACET_KIND, kind, tr(t, label_key), rank)
}

impl<'a> Record<'a> {
    /// The search document at `url`, with the kind as its first facet, placed by
    /// `kind_rank`.
    fn doc(self, url: String, kind_rank: u32, t: &Strings) -> SearchDoc<'a> {
        let mut facets = self.facets;
        facets.insert(0, kind_tag(self.kind, &self.label, kind_rank, t));
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
        .filter_map(|e| {
            let r = e.record(site, t)?;
            let rank = e.kind_rank(r.kind);
            Some(r.doc(e.url(site), rank, t))
        })
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
