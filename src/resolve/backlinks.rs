//! Two-way cross-links: from the references pages make, the lists on the pages they name
//! (a target area's declarations, an actor role's organisations and commitments, a
//! county's documents, forums and target areas). One pass over each kind: linear.

use crate::model::*;
use crate::site::{Backlinks, OfficialBody, Site};

/// Fills `site.links` and each forum's ordered list of parts.
pub(super) fn order_and_link(site: &mut Site) {
    let mut b = Backlinks {
        ta_documents: vec![Vec::new(); site.target_areas.len()],
        ta_actors: vec![Vec::new(); site.target_areas.len()],
        ta_parts: vec![Vec::new(); site.target_areas.len()],
        actor_orgs: vec![Vec::new(); site.actors.len()],
        actor_commitments: vec![Vec::new(); site.actors.len()],
        actor_parts: vec![Vec::new(); site.actors.len()],
        actor_forums: vec![Vec::new(); site.actors.len()],
        county_documents: vec![Vec::new(); site.counties.len()],
        county_forums: vec![Vec::new(); site.counties.len()],
        county_target_areas: vec![Default::default(); site.counties.len()],
        county_document_target_areas: vec![Default::default(); site.counties.len()],
        county_parts: vec![Vec::new(); site.counties.len()],
        county_bodies: official_bodies(site),
    };
    for (i, a) in site.actors.iter().enumerate() {
        for t in &a.target_areas {
            b.ta_actors[t.index()].push(Id::new(i));
        }
    }
    for (ci, c) in site.counties.iter().enumerate() {
        for (oi, o) in c.organisations.iter().enumerate() {
            b.actor_orgs[o.role.index()].push((Id::new(ci), oi));
        }
    }
    for (di, d) in site.documents.iter().enumerate() {
        let id = Id::new(di);
        b.county_documents[d.county.index()].push(id);
        for t in &d.target_areas {
            b.ta_documents[t.index()].push(id);
            b.county_document_target_areas[d.county.index()].insert(*t);
            if d.kind == DocKind::Declaration {
                b.county_target_areas[d.county.index()].insert(*t);
            }
        }
        for (k, c) in d.commitments.iter().enumerate() {
            b.actor_commitments[c.role.index()].push((id, k));
        }
    }
    for (pi, p) in site.entities.parts.iter().enumerate() {
        let id = Id::new(pi);
        site.entities.forums[p.forum.index()].parts.push(id);
        for t in &p.target_areas {
            b.ta_parts[t.index()].push(id);
        }
        for a in &p.actors {
            b.actor_parts[a.index()].push(id);
        }
        for c in &p.counties {
            b.county_parts[c.index()].push(id);
            add_via(
                &mut b.county_forums[c.index()],
                p.forum,
                p.meta.title.clone(),
            );
        }
    }
    for (fi, f) in site.forums.iter().enumerate() {
        let id = Id::new(fi);
        if let Some(o) = f.organiser {
            b.actor_forums[o.index()].push(id);
        }
        for item in &f.program {
            for s in &item.speakers {
                if let Some(c) = s.county {
                    add_via(&mut b.county_forums[c.index()], id, s.name.clone());
                    b.county_parts[c.index()].extend(item.part);
                }
            }
        }
    }
    for list in &mut b.county_forums {
        list.sort_by_key(|(f, _)| *f);
    }
    for list in &mut b.county_parts {
        // Parts are in forum order, each forum's in its own order.
        list.sort_by_key(|p| {
            let forum = site.parts[p.index()].forum;
            let pos = site.forums[forum.index()].parts.iter().position(|x| x == p);
            (forum, pos)
        });
        list.dedup();
    }
    site.links = b;
}

fn add_via(list: &mut Vec<(Id<Forum>, Vec<String>)>, forum: Id<Forum>, via: String) {
    match list.iter_mut().find(|(f, _)| *f == forum) {
        Some((_, v)) => {
            if !v.contains(&via) {
                v.push(via);
            }
        }
        None => list.push((forum, vec![via])),
    }
}

/// The counties' länsstyrelser and regions (names from the official table) and the role
/// pages they lead to. For each, in order: the role the county's own `organisations` give
/// an entry with the body's name (its formal or short form); else the role the other
/// counties' `organisations` most often give their body of the same kind; else the
/// site's role page with a conventional slug. Nothing is linked that the site lacks.
fn official_bodies(site: &Site) -> Vec<[OfficialBody; 2]> {
    let norm = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    let names = |r: &crate::rows::CountyRow| -> [Vec<String>; 2] {
        [
            vec![norm(&r.lansstyrelse_name), norm(&r.lansstyrelse_label)],
            vec![norm(&r.region_name)],
        ]
    };
    // Per county and kind: the matching entry of its own organisations.
    let own: Vec<[Option<usize>; 2]> = site
        .counties
        .iter()
        .map(|c| {
            let n = names(&c.row);
            let find = |k: usize| {
                c.organisations
                    .iter()
                    .position(|o| n[k].iter().any(|x| !x.is_empty() && *x == norm(&o.name)))
            };
            [find(0), find(1)]
        })
        .collect();
    let conventional: [&[&str]; 2] = [&["lansstyrelsen", "lansstyrelse"], &["region", "regionen"]];
    let usual = |k: usize| -> Option<Id<Actor>> {
        let mut counts: std::collections::BTreeMap<Id<Actor>, usize> = Default::default();
        for (c, o) in site.counties.iter().zip(&own) {
            if let Some(i) = o[k] {
                *counts.entry(c.organisations[i].role).or_default() += 1;
            }
        }
        let by_count = counts
            .into_iter()
            .max_by_key(|(id, n)| (*n, std::cmp::Reverse(*id)));
        by_count.map(|(id, _)| id).or_else(|| {
            conventional[k]
                .iter()
                .find_map(|slug| site.actors.iter().position(|a| a.slug == *slug))
                .map(Id::new)
        })
    };
    let fallback = [usual(0), usual(1)];
    site.counties
        .iter()
        .zip(&own)
        .map(|(c, o)| {
            let body = |k: usize| OfficialBody {
                role: o[k].map(|i| c.organisations[i].role).or(fallback[k]),
                organisation: o[k],
            };
            [body(0), body(1)]
        })
        .collect()
}
