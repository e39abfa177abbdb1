//! Two-way cross-links: from the references pages make, the lists on the pages they name
//! (a target area's declarations, an actor role's organisations and commitments, a
//! county's documents, forums and target areas). One pass over each kind: linear.

use crate::model::*;
use crate::site::{Backlinks, Site};

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
            if d.kind == DocKind::Declaration {
                b.county_target_areas[d.county.index()].insert(*t);
            }
        }
        for (k, c) in d.commitments.iter().enumerate() {
            b.actor_commitments[c.role.index()].push((id, k));
        }
    }
    for (pi, p) in site.parts.iter().enumerate() {
        let id = Id::new(pi);
        site.forums[p.forum.index()].parts.push(id);
        for t in &p.target_areas {
            b.ta_parts[t.index()].push(id);
        }
        for a in &p.actors {
            b.actor_parts[a.index()].push(id);
        }
        for c in &p.counties {
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
                }
            }
        }
    }
    for list in &mut b.county_forums {
        list.sort_by_key(|(f, _)| *f);
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
