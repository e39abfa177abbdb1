//! Two-way cross-links: every reference an entity makes, as its kind declares it
//! ([`crate::kinds::PageKind::refer`]), kept by the entity it names
//! ([`crate::kinds::Backlinks`]); each kind's module derives what its page shows of them
//! (a target area's declarations, an actor role's organisations and commitments, a
//! county's documents, forums and target areas). One pass over the entities: linear.

use crate::kinds::{Actor, Backlinks, Entity, Forum, OfficialBody, Part, Ref, Site, Variant};
use crate::model::*;
use std::collections::HashMap;

/// Fills `site.links` and each forum's ordered list of parts (the parts naming it, in
/// id order).
pub(super) fn order_and_link(site: &mut Site) {
    let links = Backlinks {
        refs: reverse(site),
        county_bodies: official_bodies(site),
    };
    for (fi, f) in site.entities.forums.iter_mut().enumerate() {
        f.parts
            .extend(links.ids::<Part>(Forum::entity(Id::new(fi)), "forum"));
    }
    site.links = links;
}

/// Every reference of every entity, by the entity it names.
fn reverse(site: &Site) -> HashMap<Entity, Vec<Ref>> {
    let mut refs: HashMap<Entity, Vec<Ref>> = HashMap::new();
    for from in Entity::all(site) {
        from.refer(site, &mut |to, field, at, sub| {
            refs.entry(to).or_default().push(Ref {
                from,
                field,
                at,
                sub,
            })
        });
    }
    refs
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
