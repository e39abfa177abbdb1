//! One search record per page, built from the resolved site (never from written HTML):
//! title, kind, county, date, the page's text and its sections.

use super::{SearchDoc, SearchHeading};
use crate::model::{Id, PageMeta};
use crate::render::context::{tr, Strings};
use crate::site::Site;
use rayon::prelude::*;

/// Records for every page of the site.
pub fn records(site: &Site, t: &Strings) -> Vec<SearchDoc> {
    let mut docs = Vec::new();
    let rec = |url: String,
               meta: &PageMeta,
               kind: &str,
               label: &str,
               county: Option<String>,
               date: Option<String>,
               extra: String| SearchDoc {
        url,
        title: meta.title.clone(),
        kind: kind.into(),
        kind_label: tr(t, label),
        county,
        date,
        text: page_text(meta, &extra),
        headings: meta
            .body
            .sections
            .iter()
            .skip(1)
            .map(|s| SearchHeading {
                id: s.id.clone(),
                title: s.title.clone(),
                text: s.text.clone(),
            })
            .collect(),
    };
    for (i, ta) in site.target_areas.iter().enumerate() {
        let extra = ta
            .focus_areas
            .iter()
            .map(|f| f.title.as_str())
            .collect::<Vec<_>>()
            .join(". ");
        docs.push(rec(
            site.target_area_url(Id::new(i)),
            &ta.meta,
            "malomrade",
            "kind_target_area",
            None,
            None,
            format!("Målområde {}. {extra}", ta.number),
        ));
    }
    for (i, a) in site.actors.iter().enumerate() {
        docs.push(rec(
            site.actor_url(Id::new(i)),
            &a.meta,
            "aktor",
            "kind_actor",
            None,
            None,
            a.responsibilities.join(". "),
        ));
    }
    for (i, c) in site.counties.iter().enumerate() {
        let mut extra = vec![
            c.row.name.clone(),
            c.row.seat.clone(),
            c.row.lansstyrelse_name.clone(),
            c.row.region_name.clone(),
        ];
        extra.extend(c.municipalities.iter().map(|(_, n)| n.clone()));
        extra.extend(c.organisations.iter().map(|o| o.name.clone()));
        for s in &c.structures {
            extra.push(s.name.clone());
            extra.extend(s.purpose.clone());
            for g in &s.groups {
                extra.extend(
                    g.members.iter().map(|m| {
                        format!("{} {}", m.name, m.organisation.clone().unwrap_or_default())
                    }),
                );
            }
        }
        let meta = c.meta.clone().unwrap_or_else(|| PageMeta {
            title: c.row.name.clone(),
            summary: None,
            updated: None,
            weight: None,
            extra: serde_json::Value::Null,
            source: String::new(),
            body: Default::default(),
            filled_html: None,
            link_urls: Vec::new(),
        });
        let mut d = rec(
            site.county_url(Id::new(i)),
            &meta,
            "lan",
            "kind_county",
            Some(c.row.short_name.clone()),
            None,
            extra.join(". "),
        );
        d.title = c.row.name.clone();
        docs.push(d);
    }
    for (i, d) in site.documents.iter().enumerate() {
        let mut extra = d.signatories.clone();
        extra.extend(d.commitments.iter().flat_map(|c| c.items.iter().cloned()));
        let county = site.counties[d.county.index()].row.short_name.clone();
        extra.push(county.clone());
        let label = format!("doc_{}", d.kind.as_str());
        // What kind of document it is ("Rapport", "Avsiktsförklaring") is part of what
        // readers type.
        extra.insert(0, tr(t, &label));
        docs.push(rec(
            site.document_url(Id::new(i)),
            &d.meta,
            "dokument",
            &label,
            Some(county),
            d.adopted.or(d.meta.updated).map(|x| x.to_string()),
            extra.join(". "),
        ));
    }
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
        docs.push(rec(
            site.forum_url(Id::new(i)),
            &f.meta,
            "forum",
            "kind_forum",
            None,
            Some(f.date.to_string()),
            extra.join(". "),
        ));
    }
    for (i, p) in site.parts.iter().enumerate() {
        let f = &site.forums[p.forum.index()];
        docs.push(rec(
            site.part_url(Id::new(i)),
            &p.meta,
            "forum",
            "kind_part",
            None,
            Some(f.date.to_string()),
            f.meta.title.clone(),
        ));
    }
    let pages: Vec<SearchDoc> = site
        .pages
        .par_iter()
        .map(|p| {
            rec(
                site.page_url(p),
                &p.meta,
                "sida",
                "kind_page",
                None,
                p.meta.updated.map(|d| d.to_string()),
                String::new(),
            )
        })
        .collect();
    docs.extend(pages);
    docs
}

/// The page text: the summary, `extra` and the whole body (sections in
/// order, as `Body::plain_text` writes them: the index finds each section's
/// text inside it, see `SearchDoc::text`), the non-empty ones joined by
/// newlines. Written into one string of the right size, without the
/// intermediate copies of the body that `plain_text` and a join would make.
fn page_text(meta: &PageMeta, extra: &str) -> String {
    let summary = meta.summary.as_deref().unwrap_or_default();
    let sections = &meta.body.sections;
    let body_len: usize = sections
        .iter()
        .map(|s| {
            s.text.len()
                + if s.title.is_empty() {
                    0
                } else {
                    s.title.len() + 1
                }
        })
        .sum();
    let mut text = String::with_capacity(summary.len() + extra.len() + body_len + 2);
    for part in [summary, extra] {
        if !part.is_empty() {
            if !text.is_empty() {
                text.push('\n');
            }
            text.push_str(part);
        }
    }
    if body_len > 0 {
        if !text.is_empty() {
            text.push('\n');
        }
        for sec in sections {
            if !sec.title.is_empty() {
                text.push_str(&sec.title);
                text.push('\n');
            }
            text.push_str(&sec.text);
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::{Body, Section};

    fn meta(summary: Option<&str>, sections: &[(&str, &str)]) -> PageMeta {
        PageMeta {
            title: "T".into(),
            summary: summary.map(String::from),
            updated: None,
            weight: None,
            extra: serde_json::Value::Null,
            source: String::new(),
            body: std::sync::Arc::new(Body {
                sections: sections
                    .iter()
                    .map(|&(title, text)| Section {
                        title: title.into(),
                        text: text.into(),
                        ..Default::default()
                    })
                    .collect(),
                ..Default::default()
            }),
            filled_html: None,
            link_urls: Vec::new(),
        }
    }

    #[test]
    fn page_text_joins_like_plain_text() {
        let cases = [
            meta(
                Some("Sammanfattning."),
                &[("", "Inledning."), ("Mål", "Text.")],
            ),
            meta(None, &[("", "Inledning.")]),
            meta(Some(""), &[]),
            meta(None, &[("Rubrik", "")]),
        ];
        for m in &cases {
            for extra in ["", "Extra. Mer"] {
                let want: Vec<String> = [
                    m.summary.clone().unwrap_or_default(),
                    extra.to_string(),
                    m.body.plain_text(),
                ]
                .into_iter()
                .filter(|p| !p.is_empty())
                .collect();
                assert_eq!(page_text(m, extra), want.join("\n"));
            }
        }
    }
}
