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
        text: join(&[
            meta.summary.clone().unwrap_or_default(),
            extra,
            // The whole body, sections in order: the index finds each section's
            // text inside it (see `SearchDoc::text`).
            meta.body.plain_text(),
        ]),
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

fn join(parts: &[String]) -> String {
    parts
        .iter()
        .filter(|p| !p.is_empty())
        .cloned()
        .collect::<Vec<_>>()
        .join("\n")
}
