//! One search record per page, built from the resolved site (never from written HTML):
//! title, kind, date, the page's text and its sections, and its values of the search
//! facets ([`facet_specs`]: type of page, county, target area, declaration state).

use super::facets::{FacetSpec, FacetTag};
use super::{Facet, SearchDoc, SearchHeading};
use crate::markdown::Section;
use crate::model::{Audience, County, DeclarationState, Id, PageMeta, TargetArea};
use crate::site::Site;
use crate::strings::{tr, Strings};
use rayon::prelude::*;
use std::borrow::Cow;

/// Facet: the type of page (`kind` of the records), on a result's line.
pub const FACET_KIND: &str = "kind";
/// Facet: the county a page is about or from, on a result's line.
pub const FACET_COUNTY: &str = "county";
/// Facet: the target areas a page is about or covers.
pub const FACET_TARGET_AREA: &str = "target_area";
/// Facet: what is known about a county's declaration of intent (county pages).
pub const FACET_DECLARATION: &str = "declaration";

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
pub fn facet_specs(t: &Strings) -> Vec<FacetSpec> {
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
pub fn facets(docs: &[SearchDoc<'_>], t: &Strings) -> Vec<Facet> {
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
fn county_tag(c: &County) -> FacetTag<'_> {
    FacetTag::new(FACET_COUNTY, &*c.row.short_name, &*c.row.short_name, 0)
}

/// The target-area tags of `ids`.
fn target_area_tags<'a>(site: &'a Site, ids: &[Id<TargetArea>]) -> Vec<FacetTag<'a>> {
    ids.iter()
        .map(|id| target_area_tag(&site.target_areas[id.index()]))
        .collect()
}

/// The target-area tag of `ta`, placed by its number.
fn target_area_tag(ta: &TargetArea) -> FacetTag<'_> {
    FacetTag::new(FACET_TARGET_AREA, &*ta.slug, &*ta.meta.title, ta.number)
}

/// The declaration-state tag of a county: its declaration's status, "ingen
/// avsiktsförklaring" or "uppgift saknas", in the order of the map's legend.
fn declaration_tag<'a>(state: DeclarationState<'_>, t: &Strings) -> FacetTag<'a> {
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

/// A search record as a kind declares it ([`crate::kinds::PageKind::record`]).
#[derive(Debug)]
pub struct Record<'a> {
    /// The page fields (title, summary, body).
    pub meta: &'a PageMeta,
    /// The record's kind (`begrepp`), the facet value of the kind facet.
    pub kind: &'static str,
    /// The UI string naming the kind.
    pub label: &'static str,
    /// The date shown on the result, if any.
    pub date: Option<String>,
    /// Texts from the front matter that readers search for.
    pub extra: String,
    /// The record's facet values besides its kind.
    pub facets: Vec<FacetTag<'a>>,
}

/// Records for every page of the site. Texts are borrowed from `site`.
pub fn records<'a>(site: &'a Site, t: &Strings) -> Vec<SearchDoc<'a>> {
    let mut docs = Vec::new();
    target_area_records(site, t, &mut docs);
    actor_records(site, t, &mut docs);
    county_records(site, t, &mut docs);
    document_records(site, t, &mut docs);
    forum_records(site, t, &mut docs);
    part_records(site, t, &mut docs);
    declared_records(site, t, &mut docs);
    docs.extend(page_records(site, t));
    docs
}

/// What most kinds' records are made of: the page fields, the kind (facet value and the
/// key of its label), a date, text that the page shows besides its body, and facets.
struct Rec<'a, 'l> {
    url: String,
    meta: &'a PageMeta,
    kind: &'static str,
    label: &'l str,
    date: Option<String>,
    extra: String,
    facets: Vec<FacetTag<'a>>,
}

impl<'a> Rec<'a, '_> {
    /// The record, with the kind as its first facet.
    fn doc(self, t: &Strings) -> SearchDoc<'a> {
        let mut facets = self.facets;
        facets.insert(0, kind_tag(self.kind, self.label, t));
        SearchDoc {
            url: self.url,
            title: Cow::Borrowed(&self.meta.title),
            kind: Cow::Borrowed(self.kind),
            facets,
            date: self.date,
            intro: intro(
                self.meta.summary.as_deref(),
                self.extra,
                &self.meta.body.sections,
            ),
            headings: headings(&self.meta.body.sections),
        }
    }
}

/// Target areas, found also by their focus areas and number.
fn target_area_records<'a>(site: &'a Site, t: &Strings, docs: &mut Vec<SearchDoc<'a>>) {
    let ta_label = tr(t, "kind_target_area");
    for (i, ta) in site.target_areas.iter().enumerate() {
        let extra = ta
            .focus_areas
            .iter()
            .map(|f| f.title.as_str())
            .collect::<Vec<_>>()
            .join(". ");
        let rec = Rec {
            url: site.target_area_url(Id::new(i)),
            meta: &ta.meta,
            kind: "malomrade",
            label: "kind_target_area",
            date: None,
            extra: format!("{ta_label} {}. {extra}", ta.number),
            facets: vec![target_area_tag(ta)],
        };
        docs.push(rec.doc(t));
    }
}

/// Actor roles, found also by their responsibilities.
fn actor_records<'a>(site: &'a Site, t: &Strings, docs: &mut Vec<SearchDoc<'a>>) {
    for (i, a) in site.actors.iter().enumerate() {
        let rec = Rec {
            url: site.actor_url(Id::new(i)),
            meta: &a.meta,
            kind: "aktor",
            label: "kind_actor",
            date: None,
            extra: a.responsibilities.join(". "),
            facets: target_area_tags(site, &a.target_areas),
        };
        docs.push(rec.doc(t));
    }
}

/// Counties, with or without a page of their own.
fn county_records<'a>(site: &'a Site, t: &Strings, docs: &mut Vec<SearchDoc<'a>>) {
    for (i, c) in site.counties.iter().enumerate() {
        let mut extra = vec![
            c.row.name.clone(),
            c.row.seat.clone(),
            c.row.lansstyrelse_name.clone(),
            c.row.region_name.clone(),
        ];
        extra.extend(c.municipalities.iter().map(|(_, n)| n.clone()));
        // What is known about its declaration, as the page's badge says it: a piece of
        // its own, which weighs little where nearly every county has the same one.
        let state = site.county_declaration(Id::new(i));
        let state_tag = declaration_tag(state, t);
        let state_text = format!("{}: {}.", tr(t, "county_status"), state_tag.label);
        // A county without a page of its own is still found by its name and facts.
        let (summary, sections) = c.meta.as_ref().map_or((None, &[][..]), |m| {
            (m.summary.as_deref(), &m.body.sections[..])
        });
        let mut heads = headings(sections);
        heads.extend(county_sections(c, t));
        docs.push(SearchDoc {
            url: site.county_url(Id::new(i)),
            title: Cow::Borrowed(&c.row.name),
            kind: Cow::Borrowed("lan"),
            facets: vec![kind_tag("lan", "kind_county", t), county_tag(c), state_tag],
            date: None,
            intro: {
                let mut pieces = intro(summary, extra.join(". "), sections);
                pieces.push(Cow::Owned(state_text));
                pieces
            },
            headings: heads,
        });
    }
}

/// County documents, found also by their signatories, commitments, county and kind.
fn document_records<'a>(site: &'a Site, t: &Strings, docs: &mut Vec<SearchDoc<'a>>) {
    for (i, d) in site.documents.iter().enumerate() {
        let mut extra = d.signatories.clone();
        extra.extend(d.commitments.iter().flat_map(|c| c.items.iter().cloned()));
        let county = &site.counties[d.county.index()];
        extra.push(county.row.short_name.clone());
        let label = format!("doc_{}", d.kind.as_str());
        // What kind of document it is ("Rapport", "Avsiktsförklaring") is part of what
        // readers type.
        extra.insert(0, tr(t, &label));
        let rec = Rec {
            url: site.document_url(Id::new(i)),
            meta: &d.meta,
            // The facet groups documents by their own kind (a declaration is no report).
            kind: d.kind.as_str(),
            label: &label,
            date: d.own_date().map(|x| x.to_string()),
            extra: extra.join(". "),
            facets: std::iter::once(county_tag(county))
                .chain(target_area_tags(site, &d.target_areas))
                .collect(),
        };
        docs.push(rec.doc(t));
    }
}

/// Forums, found also by their venue, program and speakers.
fn forum_records<'a>(site: &'a Site, t: &Strings, docs: &mut Vec<SearchDoc<'a>>) {
    for (i, f) in site.forums.iter().enumerate() {
        let mut extra = vec![f.venue.clone().unwrap_or_default()];
        for p in &f.program {
            extra.push(p.title.clone());
            extra.extend(p.speakers.iter().map(|s| {
                format!(
                    "{} {} {}",
                    s.name,
                    s.title.clone().unwrap_or_default(),
                    s.organisation.clone().unwrap_or_default()
                )
            }));
        }
        let rec = Rec {
            url: site.forum_url(Id::new(i)),
            meta: &f.meta,
            kind: "forum",
            label: "kind_forum",
            date: Some(f.date.to_string()),
            extra: extra.join(". "),
            facets: Vec::new(),
        };
        docs.push(rec.doc(t));
    }
}

/// Forum parts, dated by their forum.
fn part_records<'a>(site: &'a Site, t: &Strings, docs: &mut Vec<SearchDoc<'a>>) {
    for (i, p) in site.parts.iter().enumerate() {
        let f = &site.forums[p.forum.index()];
        let rec = Rec {
            url: site.part_url(Id::new(i)),
            meta: &p.meta,
            kind: "forumdel",
            label: "kind_part",
            date: Some(f.date.to_string()),
            extra: f.meta.title.clone(),
            facets: p
                .counties
                .iter()
                .map(|c| county_tag(&site.counties[c.index()]))
                .chain(target_area_tags(site, &p.target_areas))
                .collect(),
        };
        docs.push(rec.doc(t));
    }
}

/// The kinds that declare their own record (the `record` of [`crate::kinds::PageKind`]).
fn declared_records<'a>(site: &'a Site, t: &Strings, docs: &mut Vec<SearchDoc<'a>>) {
    for e in crate::kinds::Entity::all(site) {
        if let Some(r) = e.record(site) {
            let rec = Rec {
                url: e.url(site),
                meta: r.meta,
                kind: r.kind,
                label: r.label,
                date: r.date,
                extra: r.extra,
                facets: r.facets,
            };
            docs.push(rec.doc(t));
        }
    }
}

/// Ordinary pages for readers, in parallel (a site has thousands). Pages for authors (an
/// authoring guide) would swamp readers' results with YAML.
fn page_records<'a>(site: &'a Site, t: &Strings) -> Vec<SearchDoc<'a>> {
    site.pages
        .par_iter()
        .filter(|p| p.audience == Audience::Readers)
        .map(|p| {
            let rec = Rec {
                url: site.page_url(p),
                meta: &p.meta,
                kind: "sida",
                label: "kind_page",
                // A page's only date is its last change (git or `updated`), not a date
                // of its own; a result card shows no date for it rather than pass it
                // off as one. The page itself says "Senast ändrad".
                date: None,
                extra: String::new(),
                facets: Vec::new(),
            };
            rec.doc(t)
        })
        .collect()
}

/// The sections the county page renders from its front matter, under the headings and
/// anchors of `templates/county.html`: its organisations and its coordination structures.
/// As sections, their headings count as such, so a page with a coordination structure
/// is about "samverkansstrukturer" more than a page that only mentions the word.
fn county_sections<'a>(c: &County, t: &Strings) -> Vec<SearchHeading<'a>> {
    let mut out = Vec::new();
    if !c.organisations.is_empty() {
        let names: Vec<&str> = c.organisations.iter().map(|o| o.name.as_str()).collect();
        out.push(SearchHeading {
            id: Cow::Borrowed("sec-organisations"),
            title: Cow::Owned(tr(t, "county_organisations")),
            text: Cow::Owned(names.join(". ")),
        });
    }
    if !c.structures.is_empty() {
        let mut text = Vec::new();
        for s in &c.structures {
            text.push(s.name.clone());
            text.extend(s.purpose.clone());
            for g in &s.groups {
                text.push(g.name.clone());
                text.extend(
                    g.members.iter().map(|m| {
                        format!("{} {}", m.name, m.organisation.clone().unwrap_or_default())
                    }),
                );
            }
        }
        out.push(SearchHeading {
            id: Cow::Borrowed("sec-structures"),
            title: Cow::Owned(tr(t, "county_structures")),
            text: Cow::Owned(text.join(". ")),
        });
    }
    out
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
