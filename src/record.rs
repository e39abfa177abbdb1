//! A page's search record, as its kind writes it ([`crate::kinds::PageKind::record`]) and
//! the search stage reads it: the plug-in type between the kinds and [`crate::search`],
//! with the facets a record's values belong to ([`FacetTag`]). It names neither side, so
//! the kinds need not name the search stage; a kind's own tag helpers (`county_tag`) live
//! in its module.

use crate::markdown::Section;
use crate::model::PageMeta;
use std::borrow::Cow;

/// Facet: the type of page (`kind` of the records), on a result's line.
pub(crate) const FACET_KIND: &str = "kind";
/// Facet: the county a page is about or from, on a result's line.
pub(crate) const FACET_COUNTY: &str = "county";
/// Facet: the target areas a page is about or covers.
pub(crate) const FACET_TARGET_AREA: &str = "target_area";
/// Facet: what is known about a county's declaration of intent (county pages).
pub(crate) const FACET_DECLARATION: &str = "declaration";

/// One value of a facet that a record has.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FacetTag<'a> {
    /// The facet's machine name ([`crate::search::FacetSpec::name`]).
    pub facet: &'static str,
    /// Machine value, e.g. `lan` or `vasterbotten`; a value is one entry of the facet.
    pub value: Cow<'a, str>,
    /// Display label, e.g. `Län`.
    pub label: Cow<'a, str>,
    /// Where the value goes among the facet's values: by `rank`, then by label in
    /// Swedish alphabetical order (give every value rank 0 for alphabetical order).
    pub rank: u32,
}

impl<'a> FacetTag<'a> {
    /// A tag of `facet` with `value`, shown as `label`, placed by `rank`.
    pub fn new(
        facet: &'static str,
        value: impl Into<Cow<'a, str>>,
        label: impl Into<Cow<'a, str>>,
        rank: u32,
    ) -> Self {
        FacetTag {
            facet,
            value: value.into(),
            label: label.into(),
            rank,
        }
    }
}

/// One section of a page.
#[derive(Clone, Debug, Default)]
pub struct SearchHeading<'a> {
    /// The heading's `id` (anchor) in the page.
    pub id: Cow<'a, str>,
    /// The heading text.
    pub title: Cow<'a, str>,
    /// The plain text of the section.
    pub text: Cow<'a, str>,
}

/// A page's search record as its kind declares it ([`crate::kinds::PageKind::record`]):
/// what readers search the page by, and its facet values. The driver
/// ([`crate::search::records::records`]) adds the URL and the kind's facet value.
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
}
